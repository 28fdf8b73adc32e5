"""Issue 7, item 7: the load test's journeys cannot rot, and its table judges the figures as the note says.

No network load here: the journeys of benchmarks/load are checked against the URL map, walked with the test
client on a tiny generated municipality (the accounts of ``generate_scale_data --users``, the fixture the
locust users read), and the locustfile is imported in a subprocess (locust monkey-patches with gevent).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from benchmarks.load.fixture import fixture_build
from benchmarks.load.journeys import JOURNEYS, LOGIN_PATH, PAGES
from benchmarks.load.run import TRIVIAL, Row, read_stats, report
from monitoring.management.commands.generate_scale_data import LOAD_ACCOUNTS, ScaleSizes, scale_data_generate
from monitoring.models import Invitation
from people.models import User
from people.roles import Role

SAMPLE = {"program": 7, "person": 11, "pair": 13, "token": "Ab-9_xYz", "surname": "Иван"}
ROLES = {
    "curator": Role.CURATOR,
    "principal": Role.PRINCIPAL,
    "mentor": Role.MENTOR,
    "administrator": Role.ADMINISTRATOR,
}
TINY = ScaleSizes(schools=2, pupils=60, staff=12, pairs=24, responses=10)


@pytest.mark.parametrize("key", sorted(PAGES))
def test_every_page_path_is_what_reverse_gives_for_its_url_name(key):
    page = PAGES[key]
    expected = reverse(page.url_name, args=[SAMPLE[name] for name in page.args])
    assert page.path.format(**SAMPLE) == expected


def test_every_journey_step_is_a_known_page_and_every_role_walks_one():
    assert set(JOURNEYS) == {*ROLES, "respondent", "trivial"}
    assert all(step in PAGES for steps in JOURNEYS.values() for step in steps)
    assert JOURNEYS["curator"] == (
        "home",
        "person-search",
        "person-detail",
        "pair-list",
        "program-detail",
        "indicators",
    )
    assert PAGES["login"].path == LOGIN_PATH == reverse("login")


def test_locustfile_imports_and_its_user_classes_walk_these_journeys():
    script = (
        "import json; from benchmarks.load import locustfile as f; "
        "print(json.dumps({c.__name__: [c.role, c.account, list(c.journey), c.weight] for c in f.USER_CLASSES}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120, check=True
    )
    classes = json.loads(done.stdout.strip().splitlines()[-1])
    assert {role for role, *_ in classes.values()} == set(JOURNEYS)
    assert all(journey == list(JOURNEYS[role]) for role, _, journey, _ in classes.values())
    accounts = {role: account for role, account, *_ in classes.values()}
    prefixes = {role: prefix for prefix, role in LOAD_ACCOUNTS}
    assert {role: accounts[role] for role in ROLES} == {name: prefixes[role] for name, role in ROLES.items()}
    assert accounts["respondent"] is None and accounts["trivial"] is None
    assert sum(weight for *_, weight in classes.values()) == 50  # 50 users: each class gets exactly its weight


@pytest.mark.django_db
def test_generated_accounts_sign_in_through_the_form_and_walk_their_journeys(client):
    scale_data_generate(sizes=TINY, seed=3, password="load-pass-1")
    fixture = fixture_build(password="load-pass-1")
    assert len(fixture["schools"]) == 2
    for school in fixture["schools"]:
        number = school["number"]
        assert school["mentor_pairs"] and school["tokens"] and school["people"]
        values = {
            "program": school["program"],
            "person": school["people"][0],
            "surname": school["surnames"][0],
            "pair": school["mentor_pairs"][0],
            "token": school["tokens"][0],
        }
        for role, steps in JOURNEYS.items():
            prefix = {account_role: p for p, account_role in LOAD_ACCOUNTS}.get(ROLES.get(role))
            client.logout()
            if prefix:
                user = User.objects.get(username=f"{prefix}-{number}")
                assert list(user.roles) == [ROLES[role]]
                response = client.post(LOGIN_PATH, {"username": user.username, "password": "load-pass-1"})
                assert response.status_code == 302 and response["Location"] == reverse("home"), user.username
            for step in steps:
                response = client.get(PAGES[step].url(values))
                assert response.status_code == 200, (role, step, response.status_code)
    mentor = User.objects.get(username=f"mentor-{fixture['schools'][0]['number']}")
    assert mentor.person is not None and mentor.person.category == "teacher"
    assert Invitation.objects.filter(token__in=fixture["schools"][0]["tokens"], used_at__isnull=True).count() == len(
        fixture["schools"][0]["tokens"]
    )


def test_health_answers_ok_without_the_database_or_a_session(client):
    # No django_db mark: any query would raise «Database access not allowed».
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.content == b"ok"
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def _stats_csv(path: Path, rows: list[tuple[str, int, int, str, str]]) -> Path:
    header = "Type,Name,Request Count,Failure Count,Median Response Time,Requests/s,50%,95%"
    lines = [header] + [
        f"GET,{name},{count},{failures},{p50},1.5,{p50},{p95}" for name, count, failures, p50, p95 in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_table_passes_a_page_within_five_times_the_trivial_view_and_under_500_ms(tmp_path):
    rows = read_stats(
        _stats_csv(
            tmp_path / "ok_stats.csv",
            [
                (TRIVIAL, 100, 0, "20", "60"),
                ("куратор · главная", 40, 0, "120", "290"),
                ("Aggregated", 140, 0, "30", "250"),
            ],
        )
    )
    assert rows[1] == Row("куратор · главная", 40, 0, 120.0, 290.0, 1.5)
    table, passed = report(rows)
    assert passed
    assert "| куратор · главная | 40 | 0 | 120 | 290 | 4.8× | PASS |" in table


@pytest.mark.parametrize(
    ("failures", "p95", "why"),
    [(1, "200", "an error"), (0, "310", "over 5 × the trivial view"), (0, "510", "over 500 ms")],
)
def test_the_table_fails_a_page_with_an_error_or_too_slow(tmp_path, failures, p95, why):
    trivial_p95 = "110" if why == "over 500 ms" else "60"
    rows = read_stats(
        _stats_csv(
            tmp_path / "s_stats.csv", [(TRIVIAL, 100, 0, "20", trivial_p95), ("индикаторы", 40, failures, "100", p95)]
        )
    )
    table, passed = report(rows)
    assert not passed, why
    assert [line for line in table.splitlines() if line.startswith("| индикаторы")][0].endswith("| FAIL |")


def test_without_a_trivial_baseline_nothing_passes(tmp_path):
    rows = read_stats(_stats_csv(tmp_path / "n_stats.csv", [("куратор · главная", 3, 0, "50", "80")]))
    assert report(rows) == ("Нет замеров тривиальной страницы /health/: сравнивать не с чем.", False)
