"""E-mails to participants: the reminder a mentor gets when his pair has had no meeting for 30 days.

When to remind is a rule of the date alone (``selectors.is_inactivity_reminder_day``): on the 31st
day without a meeting — the day the pair joins ``pairs_inactive`` — and every 7 days after that, so a
daily run reminds once a week and stores nothing in the database. A second run on the same day is
kept from sending again by a small ledger of today's reminders in ``var/reminders/`` (the project
may not add a model field for it; see ``ReminderLedger``).
"""

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from mentorship.russian import format_count
from people.models import Person
from programs.models import Pair, PairMember
from programs.selectors import pairs_due_inactivity_reminder

LEDGER_KEEP_DAYS = 30


@dataclass
class InactivityReminder:
    """One e-mail: a mentor and his pairs due a reminder today."""

    mentor: Person
    email: str
    pairs: list[Pair] = field(default_factory=list)


def mentor_email(person: Person) -> str:
    """The address of the mentor's account, else the one in his personal record; "" if neither."""
    user = getattr(person, "user", None)
    if user is not None and user.is_active and user.email:
        return user.email
    return person.email


def inactivity_reminders_due(today: dt.date) -> list[InactivityReminder]:
    """Today's reminders, one per mentor, each listing the mentor's pairs due a reminder."""
    reminders: dict[int, InactivityReminder] = {}
    for pair in pairs_due_inactivity_reminder(today):
        for member in pair.members.all():
            if member.role != PairMember.Role.MENTOR or member.person.is_archived:
                continue
            reminder = reminders.setdefault(
                member.person_id, InactivityReminder(mentor=member.person, email=mentor_email(member.person))
            )
            reminder.pairs.append(pair)
    return sorted(reminders.values(), key=lambda reminder: reminder.mentor.full_name)


def _pair_lines(pairs: list[Pair]) -> list[dict]:
    site_url = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = []
    for pair in pairs:
        mentees = [m.person for m in pair.members.all() if m.role == PairMember.Role.MENTEE]
        lines.append(
            {
                "pair": pair,
                "label": str(pair),
                # A mentee whose consent is not valid today is not named: processing of his data is suspended.
                "mentees": [] if pair.consent_problem else [f"{p.short_name} ({p.description})" for p in mentees],
                "days": format_count(pair.days_without_meeting, "день", "дня", "дней"),
                "url": f"{site_url}{reverse('programs:my-pair', args=[pair.pk])}" if site_url else "",
            }
        )
    return lines


def inactivity_reminder_send(reminder: InactivityReminder) -> None:
    """Send one reminder e-mail (plain text with an HTML alternative) to the mentor."""
    context = {
        "mentor": reminder.mentor,
        "lines": _pair_lines(reminder.pairs),
        "several": len(reminder.pairs) > 1,
        "site_url": getattr(settings, "SITE_URL", ""),
    }
    subject = render_to_string("emails/inactivity_reminder_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/inactivity_reminder.txt", context),
        to=[reminder.email],
    )
    message.attach_alternative(render_to_string("emails/inactivity_reminder.html", context), "text/html")
    message.send()


class ReminderLedger:
    """Which (mentor, pair) reminders went out on a day: one small JSON file per day.

    Only guards against a second run on the same day; the weekly rhythm needs no storage.
    Old files are deleted after 30 days. A lock file keeps two simultaneous runs apart.
    """

    def __init__(self, day: dt.date, directory: Path | None = None):
        self.day = day
        self.directory = Path(directory or getattr(settings, "REMINDERS_LEDGER_DIR", settings.VAR_DIR / "reminders"))
        self.path = self.directory / f"inactivity-{day.isoformat()}.json"
        self._sent: set[str] = set()

    @staticmethod
    def key(mentor: Person, pair: Pair) -> str:
        return f"{mentor.pk}:{pair.pk}"

    @contextmanager
    def open(self) -> Iterator["ReminderLedger"]:
        """Lock the ledger, read the day's reminders, and yield; ``record`` writes through at once."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self._sent = set(json.loads(self.path.read_text())) if self.path.exists() else set()
                yield self
                self._prune()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def was_sent(self, mentor: Person, pair: Pair) -> bool:
        return self.key(mentor, pair) in self._sent

    def record(self, mentor: Person, pairs: list[Pair]) -> None:
        self._sent.update(self.key(mentor, pair) for pair in pairs)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(sorted(self._sent)))
        os.replace(temporary, self.path)

    def _prune(self) -> None:
        oldest = self.day - dt.timedelta(days=LEDGER_KEEP_DAYS)
        for path in self.directory.glob("inactivity-*.json"):
            try:
                day = dt.date.fromisoformat(path.stem.removeprefix("inactivity-"))
            except ValueError:
                continue
            if day < oldest:
                path.unlink(missing_ok=True)
