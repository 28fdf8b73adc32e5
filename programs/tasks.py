"""Background tasks of the programs app (django-tasks; the worker is ``manage.py db_worker``)."""

import datetime as dt

from django_tasks import task

from programs.notifications import inactivity_reminder_send, inactivity_reminders_due


@task()
def send_inactivity_reminder(mentor_id: int, pair_ids: list[int], day: str) -> int:
    """Send a mentor the reminder about his quiet pairs; returns how many pairs it named.

    The pairs are checked again when the task runs: one that logged a meeting meanwhile is left out.
    """
    for reminder in inactivity_reminders_due(dt.date.fromisoformat(day)):
        if reminder.mentor.pk != mentor_id or not reminder.email:
            continue
        reminder.pairs = [pair for pair in reminder.pairs if pair.pk in set(pair_ids)]
        if reminder.pairs:
            inactivity_reminder_send(reminder)
        return len(reminder.pairs)
    return 0
