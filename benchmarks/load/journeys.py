"""The pages of the load test and each role's journey through them: plain data, no Django and no locust.

mentorship/tests/test_load_journeys.py checks that every path here is what ``reverse`` gives for its URL
name, so that the journeys cannot rot when a URL changes; benchmarks/load/locustfile.py walks them.
"""

from dataclasses import dataclass

LOGIN_PATH = "/accounts/login/"


@dataclass(frozen=True)
class Page:
    """One page of a journey: its row in the results, URL name, path (``{…}`` filled from the school's data)
    and the names of the path's arguments, in ``reverse``'s order."""

    label: str
    url_name: str
    path: str
    args: tuple[str, ...] = ()
    query: str = ""

    def url(self, values: dict) -> str:
        path = self.path.format(**values)
        return f"{path}?{self.query.format(**values)}" if self.query else path


PAGES = {
    "login": Page("вход: форма", "login", LOGIN_PATH),
    "health": Page("тривиальная /health/", "health", "/health/"),
    "home": Page("главная", "home", "/"),
    "person-search": Page("участники: поиск", "people:person-list", "/people/", query="q={surname}"),
    "person-detail": Page("карточка участника", "people:person-detail", "/people/{person}/", ("person",)),
    "pair-list": Page("список пар", "programs:pair-list", "/programs/pairs/"),
    "program-detail": Page("программа", "programs:program-detail", "/programs/{program}/", ("program",)),
    "indicators": Page("целевые показатели", "monitoring:indicators", "/monitoring/indicators/"),
    "order-list": Page("приказы", "programs:order-list", "/programs/orders/"),
    "my-pairs": Page("мои пары", "programs:my-pairs", "/programs/my/pairs/"),
    "my-pair": Page("моя пара", "programs:my-pair", "/programs/my/pairs/{pair}/", ("pair",)),
    "meeting-new": Page(
        "запись встречи (форма)", "programs:meeting-new", "/programs/my/pairs/{pair}/meetings/new/", ("pair",)
    ),
    "import-list": Page("история загрузок", "people:import-list", "/people/imports/"),
    "respond": Page("анкета по ссылке", "monitoring:respond", "/monitoring/q/{token}/", ("token",)),
}

# The main journey of each role: the pages in the order a user opens them, round and round.
JOURNEYS = {
    "curator": ("home", "person-search", "person-detail", "pair-list", "program-detail", "indicators"),
    "principal": ("home", "order-list", "indicators"),
    "mentor": ("home", "my-pairs", "my-pair", "meeting-new"),
    "administrator": ("home", "import-list"),
    "respondent": ("respond",),
    "trivial": ("health",),
}


ROLE_LABELS = {
    "curator": "куратор",
    "principal": "руководитель",
    "mentor": "наставник",
    "administrator": "администратор",
    "respondent": "аноним",
    "trivial": "",
}


def label(page_key: str, role: str) -> str:
    """The request's name in locust's statistics: «role · page» (the login and /health/ are shared)."""
    page = PAGES[page_key]
    return page.label if page_key in ("login", "health") else f"{ROLE_LABELS[role]} · {page.label}"
