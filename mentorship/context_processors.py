"""Template context shared by every page: the navigation a user's roles allow."""

from dataclasses import dataclass

from django.urls import reverse

from people.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[Role, ...]
    icon: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem("Главная", "home", tuple(Role), "house"),
    NavItem("Мои пары", "programs:my-pairs", (Role.MENTOR,), "person-hearts"),
    NavItem("Программы", "programs:program-list", (Role.CURATOR, Role.PRINCIPAL), "journal-text"),
    NavItem("Участники", "people:person-list", (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR), "people"),
    NavItem("Партнёры", "people:partner-list", (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR), "building"),
    NavItem("Банк наставников", "people:mentor-list", (Role.CURATOR, Role.PRINCIPAL), "person-badge"),
    NavItem("Банк наставляемых", "people:mentee-list", (Role.CURATOR, Role.PRINCIPAL), "mortarboard"),
    NavItem("Согласия", "people:consent-missing", (Role.CURATOR, Role.PRINCIPAL), "file-earmark-check"),
    NavItem("Приказы", "programs:order-list", (Role.CURATOR, Role.PRINCIPAL), "file-earmark-text"),
    NavItem("Анкетирование", "monitoring:campaign-list", (Role.CURATOR, Role.PRINCIPAL), "clipboard-check"),
    NavItem("Показатели", "monitoring:indicators", (Role.CURATOR, Role.PRINCIPAL), "graph-up"),
    NavItem("Мои отчёты", "monitoring:mentor-report-list", (Role.MENTOR,), "file-earmark-bar-graph"),
    NavItem("Загрузка списков", "people:import-list", (Role.ADMINISTRATOR,), "upload"),
    NavItem("Пользователи", "people:user-list", (Role.ADMINISTRATOR,), "person-gear"),
    NavItem("Журнал доступа", "people:access-log", (Role.ADMINISTRATOR,), "shield-lock"),
)


def navigation(request):
    """Menu items for the current user's roles; nothing for anonymous or role-less users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": [item for item in NAV_ITEMS if user.has_role(*item.roles)]}
