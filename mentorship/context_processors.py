"""Template context shared by every page: the navigation a user's roles allow."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

from people.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[Role, ...]
    icon: str = ""
    group: str = ""  # items of one group share a dropdown in the menu bar

    @property
    def url(self) -> str:
        return _reversed(self.url_name, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=256)
def _reversed(url_name: str, prefix: str, urlconf) -> str:
    """A menu link, reversed once per process (and per script prefix and URL map, which it depends on)."""
    return reverse(url_name)


PEOPLE = "Участники"  # the people pages: one dropdown, so the curator's menu fits one line

NAV_ITEMS = (
    NavItem("Главная", "home", tuple(Role), "house"),
    NavItem("Мои пары", "programs:my-pairs", (Role.MENTOR,), "person-hearts"),
    NavItem("Программы", "programs:program-list", (Role.CURATOR, Role.PRINCIPAL), "journal-text"),
    NavItem("Участники", "people:person-list", (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR), "people", PEOPLE),
    NavItem("Партнёры", "people:partner-list", (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR), "building", PEOPLE),
    NavItem("Банк наставников", "people:mentor-list", (Role.CURATOR, Role.PRINCIPAL), "person-badge", PEOPLE),
    NavItem("Банк наставляемых", "people:mentee-list", (Role.CURATOR, Role.PRINCIPAL), "mortarboard", PEOPLE),
    NavItem("Согласия", "people:consent-missing", (Role.CURATOR, Role.PRINCIPAL), "file-earmark-check", PEOPLE),
    NavItem("Приказы", "programs:order-list", (Role.CURATOR, Role.PRINCIPAL), "file-earmark-text"),
    NavItem("Анкетирование", "monitoring:campaign-list", (Role.CURATOR, Role.PRINCIPAL), "clipboard-check"),
    NavItem("Показатели", "monitoring:indicators", (Role.CURATOR, Role.PRINCIPAL), "graph-up"),
    NavItem("Мои отчёты", "monitoring:mentor-report-list", (Role.MENTOR,), "file-earmark-bar-graph"),
    NavItem("Загрузка списков", "people:import-list", (Role.ADMINISTRATOR,), "upload"),
    NavItem("Пользователи", "people:user-list", (Role.ADMINISTRATOR,), "person-gear"),
    NavItem("Журнал доступа", "people:access-log", (Role.ADMINISTRATOR,), "shield-lock"),
)


@dataclass(frozen=True)
class NavGroup:
    label: str
    icon: str
    items: tuple[NavItem, ...]

    is_group = True


def _entries(items: list[NavItem]) -> list:
    """The menu bar: single items, and one dropdown per group (where the group's first item stood)."""
    entries, groups = [], {}
    for item in items:
        if not item.group:
            entries.append(item)
        elif item.group in groups:
            groups[item.group].append(item)
        else:
            groups[item.group] = [item]
            entries.append(item.group)
    return [NavGroup(e, groups[e][0].icon, tuple(groups[e])) if isinstance(e, str) else e for e in entries]


def navigation(request):
    """Menu items for the current user's roles; nothing for anonymous or role-less users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_entries": []}
    return _menu(frozenset(user.roles))


@lru_cache(maxsize=64)
def _menu(roles: frozenset[Role]) -> dict:
    """The menu of a set of roles, built once per process (the items are constants)."""
    items = [item for item in NAV_ITEMS if roles.intersection(item.roles)]
    return {"nav_items": items, "nav_entries": _entries(items)}
