"""The school's data version (monitoring.DataChange) also follows the pairs' plans and meeting attendance,
which the mentor's cached pair page shows."""

from django.db import migrations

from mentorship.datacache import trigger_drop_sql, trigger_sql

PAIR_ORGANIZATION = "JOIN programs_pair r ON r.id = {pair} JOIN programs_program g ON g.id = r.program_id"
ORGANIZATION_OF = {
    "programs_plangoal": "SELECT g.organization_id FROM changed c " + PAIR_ORGANIZATION.format(pair="c.pair_id"),
    "programs_plantask": (
        "SELECT g.organization_id FROM changed c JOIN programs_plangoal o ON o.id = c.goal_id "
        + PAIR_ORGANIZATION.format(pair="o.pair_id")
    ),
    "programs_meeting_attendees": (
        "SELECT g.organization_id FROM changed c JOIN programs_meeting m ON m.id = c.meeting_id "
        + PAIR_ORGANIZATION.format(pair="m.pair_id")
    ),
}


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_datachange")]

    operations = [
        migrations.RunSQL(trigger_sql(table, organizations), trigger_drop_sql(table))
        for table, organizations in ORGANIZATION_OF.items()
    ]
