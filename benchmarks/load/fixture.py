"""What the locust users need of each generated school, written as JSON for benchmarks/load/locustfile.py.

Run inside Django (``benchmarks.load.run`` calls ``fixture_write`` with the load settings): the school's
number (its accounts are curator-N, director-N, mentor-N, admin-N), its current program, a sample of its
people and their surnames (the curator's search), the open pairs of mentor-N and a sample of the unanswered
personal links of its mentee survey.
"""

import json
import random
from pathlib import Path

SAMPLE = 40


def fixture_build(*, password: str, seed: int = 7) -> dict:
    """The fixture as a dict; schools without a mentor account or a running program are left out."""
    from monitoring.management.commands.generate_scale_data import SCHOOL_PREFIX, school_number
    from monitoring.models import Invitation
    from people.models import Organization, Person, User
    from programs.models import Pair, PairMember, Program

    rng = random.Random(seed)
    schools = []
    for organization in Organization.objects.filter(short_name__startswith=SCHOOL_PREFIX).order_by("pk"):
        number = school_number(organization)
        mentor = User.objects.filter(username=f"mentor-{number}", organization=organization).first()
        program = Program.objects.filter(organization=organization, status=Program.Status.RUNNING).first()
        if mentor is None or program is None:
            continue
        people = list(Person.objects.filter(organization=organization).values_list("pk", "last_name"))
        sample = rng.sample(people, min(SAMPLE, len(people)))
        mentor_pairs = list(
            Pair.objects.filter(
                members__person_id=mentor.person_id,
                members__role=PairMember.Role.MENTOR,
                status__in=Pair.OPEN_STATUSES,
                program=program,
            ).values_list("pk", flat=True)
        )
        tokens = list(
            Invitation.objects.filter(campaign__organization=organization, used_at__isnull=True)
            .order_by("pk")
            .values_list("token", flat=True)[:SAMPLE]
        )
        schools.append(
            {
                "number": number,
                "program": program.pk,
                "people": [pk for pk, _ in sample],
                "surnames": sorted({last_name[:5] for _, last_name in sample}),
                "mentor_pairs": mentor_pairs,
                "tokens": tokens,
            }
        )
    return {"password": password, "schools": schools}


def fixture_write(path: Path, *, password: str) -> dict:
    """Build the fixture and write it to ``path``; returns it."""
    fixture = fixture_build(password=password)
    path.write_text(json.dumps(fixture, ensure_ascii=False, indent=1), encoding="utf-8")
    return fixture
