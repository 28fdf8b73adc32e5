"""The load test's users: one class per role walking that role's main pages, an anonymous respondent opening
a personal questionnaire link, and ``Trivial``, hitting /health/ under the same load as the baseline.

Run by ``python -m benchmarks.load`` (benchmarks/load/run.py), which generates the data and writes the
fixture this file reads from $LOAD_FIXTURE: for every school, its accounts (curator-N, director-N, mentor-N,
admin-N, one password) and the ids the pages need. Each locust user of a role signs in through the real
login form (CSRF token included) as the account of a school of its own (the next school number for every
new user of the class), so no two users share a session and django-axes sees only successful logins.
The users are locust's FastHttpUser (geventhttpclient): the load generator shares the machine's two cores
with gunicorn, and the slower requests-based client would take CPU from the server it measures.

The pages and journeys are data in benchmarks/load/journeys.py (no locust there: importing locust
monkey-patches the process with gevent), which mentorship/tests/test_load_journeys.py checks against the
URL map.
"""

import itertools
import json
import os
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, TaskSet, between, task

from benchmarks.load.journeys import JOURNEYS, LOGIN_PATH, PAGES, label

LOGIN_POST = "вход: отправка"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _wait_range() -> tuple[float, float]:
    """Think time between two pages, seconds: $LOAD_WAIT as «min,max»; 5–15 s by default, as a person reads
    a page before the next click."""
    low, high = os.environ.get("LOAD_WAIT", "5,15").split(",")
    return float(low), float(high)


def _fixture() -> dict:
    path = os.environ.get("LOAD_FIXTURE")
    if not path:
        return {"password": "", "schools": []}
    with open(path, encoding="utf-8") as file:
        return json.load(file)


FIXTURE = _fixture()


class Journey(TaskSet):
    """Opens the user's journey page after page; a page that fails or lands on the login form is a failure."""

    @task
    def next_page(self):
        user = self.user
        page_key = user.journey[user.step % len(user.journey)]
        user.step += 1
        values = user.values()
        name = label(page_key, user.role)
        url = PAGES[page_key].url(values)
        with user.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code in (301, 302) and LOGIN_PATH in (response.headers.get("Location") or ""):
                response.failure("сеанс потерян: перенаправление на форму входа")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class PortalUser(FastHttpUser):
    """A user of one role; ``account`` is the username prefix (None: no login)."""

    abstract = True
    wait_time = between(*_wait_range())
    tasks = [Journey]
    role = ""
    account: str | None = None

    def on_start(self):
        self.step = 0
        schools = FIXTURE["schools"]
        if not schools:
            raise RuntimeError("Нет данных нагрузочного теста: задайте LOAD_FIXTURE (его пишет benchmarks.load.run).")
        number = next(type(self).counter)
        self.school = schools[number % len(schools)]
        self.rng = random.Random(number)
        if self.account:
            self.login(f"{self.account}-{self.school['number']}", FIXTURE["password"])

    def login(self, username: str, password: str) -> None:
        """The real login form: GET it for the CSRF token and cookie, then POST the credentials.

        The redirect to the home page is not followed here: the journey's first page is the home page,
        opened at once (as the browser does), so that the POST's row times the login alone."""
        form = self.client.get(LOGIN_PATH, name=PAGES["login"].label)
        token = CSRF_FIELD.search(form.text)
        with self.client.post(
            LOGIN_PATH,
            data=urlencode(
                {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""}
            ),
            headers={"Referer": self.host + LOGIN_PATH, "Content-Type": "application/x-www-form-urlencoded"},
            name=LOGIN_POST,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != PAGES["home"].path:
                response.failure(f"{username} не вошёл (HTTP {response.status_code})")

    def values(self) -> dict:
        """The path arguments for the next page: a random person, pair, link… of the user's school."""
        school = self.school
        return {
            "program": school["program"],
            "person": self.rng.choice(school["people"]),
            "surname": self.rng.choice(school["surnames"]),
            "pair": self.rng.choice(school["mentor_pairs"]) if school["mentor_pairs"] else 0,
            "token": self.rng.choice(school["tokens"]) if school["tokens"] else "-",
        }


def _role(role: str, account: str | None, weight: int, **attributes):
    return type(
        role.capitalize(),
        (PortalUser,),
        {
            "__module__": __name__,
            "role": role,
            "account": account,
            "journey": JOURNEYS[role],
            "weight": weight,
            "counter": itertools.count(),
            **attributes,
        },
    )


# Weights: out of 50 users, 15 mentors, 12 curators, 6 principals, 4 administrators, 8 respondents, 5 trivial.
Curator = _role("curator", "curator", 12)
Principal = _role("principal", "director", 6)
Mentor = _role("mentor", "mentor", 15)
Administrator = _role("administrator", "admin", 4)
Respondent = _role("respondent", None, 8)
# The baseline is asked every 1–2 s, not every 5–15: its p95 from ~60 samples moved between 4 and 19 ms from
# run to run, and every page's ratio with it; ~400 samples cost the server a few ms of CPU a second.
Trivial = _role("trivial", None, 5, wait_time=between(1, 2))

USER_CLASSES = (Curator, Principal, Mentor, Administrator, Respondent, Trivial)
