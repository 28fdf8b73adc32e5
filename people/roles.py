"""The four roles of the portal, kept as Django groups (one user may hold several)."""

from enum import StrEnum


class Role(StrEnum):
    """A role is the name of its Django group, in Russian as users see it."""

    ADMINISTRATOR = "Администратор"
    PRINCIPAL = "Руководитель"
    CURATOR = "Куратор"
    MENTOR = "Наставник"


# Which model permissions each role's group carries (for the admin site and has_perm checks);
# the views themselves check roles through mentorship.access.
ROLE_PERMISSIONS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.ADMINISTRATOR: {
        "people": ("add", "change", "delete", "view"),
        "programs": ("add", "change", "delete", "view"),
        "monitoring": ("add", "change", "delete", "view"),
        "auth": ("view",),
    },
    Role.CURATOR: {
        "people": ("add", "change", "view"),
        "programs": ("add", "change", "view"),
        "monitoring": ("add", "change", "view"),
    },
    Role.PRINCIPAL: {
        "people": ("view",),
        "programs": ("view",),
        "monitoring": ("view",),
    },
    Role.MENTOR: {},
}
