"""The log of write statements per organization, filled by statement-level triggers (see DataChange)."""

from django.db import migrations, models

from mentorship.datacache import trigger_drop_sql, trigger_sql

# Each table the cached panels read, and how one of its changed rows (the transition table ``changed``)
# leads to its organization.
ORGANIZATION_OF = {
    "people_organization": "SELECT id FROM changed",
    "people_person": "SELECT organization_id FROM changed",
    "people_partnerorganization": "SELECT organization_id FROM changed",
    "people_consent": "SELECT p.organization_id FROM changed c JOIN people_person p ON p.id = c.person_id",
    "people_legalrepresentative": "SELECT p.organization_id FROM changed c JOIN people_person p ON p.id = c.minor_id",
    "people_mentorprofile": "SELECT p.organization_id FROM changed c JOIN people_person p ON p.id = c.person_id",
    "people_menteeprofile": "SELECT p.organization_id FROM changed c JOIN people_person p ON p.id = c.person_id",
    "programs_program": "SELECT organization_id FROM changed",
    "programs_program_forms": (
        "SELECT g.organization_id FROM changed c JOIN programs_program g ON g.id = c.program_id"
    ),
    "programs_roadmapstage": "SELECT g.organization_id FROM changed c JOIN programs_program g ON g.id = c.program_id",
    "programs_roadmapactivity": (
        "SELECT g.organization_id FROM changed c JOIN programs_roadmapstage s ON s.id = c.stage_id "
        "JOIN programs_program g ON g.id = s.program_id"
    ),
    "programs_pair": "SELECT g.organization_id FROM changed c JOIN programs_program g ON g.id = c.program_id",
    "programs_pairmember": (
        "SELECT g.organization_id FROM changed c JOIN programs_pair r ON r.id = c.pair_id "
        "JOIN programs_program g ON g.id = r.program_id"
    ),
    "programs_meeting": (
        "SELECT g.organization_id FROM changed c JOIN programs_pair r ON r.id = c.pair_id "
        "JOIN programs_program g ON g.id = r.program_id"
    ),
    "programs_order": "SELECT organization_id FROM changed",
    "monitoring_campaign": "SELECT organization_id FROM changed",
    "monitoring_invitation": (
        "SELECT k.organization_id FROM changed c JOIN monitoring_campaign k ON k.id = c.campaign_id"
    ),
    # A response counts for its respondent's school (the indicators) and its campaign's (the results).
    "monitoring_response": (
        "SELECT p.organization_id FROM changed c JOIN people_person p ON p.id = c.respondent_id "
        "UNION SELECT k.organization_id FROM changed c JOIN monitoring_campaign k ON k.id = c.campaign_id"
    ),
    "monitoring_answer": (
        "SELECT p.organization_id FROM changed c JOIN monitoring_response r ON r.id = c.response_id "
        "JOIN people_person p ON p.id = r.respondent_id "
        "UNION SELECT k.organization_id FROM changed c JOIN monitoring_response r ON r.id = c.response_id "
        "JOIN monitoring_campaign k ON k.id = r.campaign_id"
    ),
    "monitoring_indicatorplan": "SELECT organization_id FROM changed",
    "monitoring_indicatorsnapshot": "SELECT organization_id FROM changed",
}
class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_audit_history"),
        ("people", "0005_destruction_act"),
        ("programs", "0006_rollover"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("organization_id", models.BigIntegerField(verbose_name="организация")),
            ],
            options={
                "verbose_name": "изменение данных организации",
                "verbose_name_plural": "изменения данных организаций",
                "indexes": [models.Index(fields=["organization_id", "id"], name="datachange_org_id")],
            },
        ),
        *(
            migrations.RunSQL(trigger_sql(table, organizations), trigger_drop_sql(table))
            for table, organizations in ORGANIZATION_OF.items()
        ),
    ]
