"""Cached panels of an organization: computed once per version of its data, not once per page view.

The home pages and the indicator dashboard aggregate a whole school (its people, pairs, meetings and
answers): the same figures for every curator and principal until something in the school changes. Database
triggers log every write statement to those tables per organization (monitoring.DataChange, migration
monitoring 0003: forms, imports, bulk updates and raw SQL alike); the version of an organization is the
number of its log rows and the last one's id, read in one index-only query before anything is computed.
A write that commits after that read changes the version, so the next page view computes afresh; the count
catches a transaction that commits after a later one (its id is lower than the last). A value is keyed by
that version, so a change is visible on the very next page view, in every worker process.

``VERSION_ROWS_KEPT`` bounds the log: past it the reader deletes the organization's older rows, which changes
the version once. The values live in Django's cache (per process by default, settings.CACHES); the time
limit only frees memory of versions no one asks for any more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

T = TypeVar("T")

VERSION_ROWS_KEPT = 500
TIMEOUT_SECONDS = 15 * 60


def organization_version(organization_ids: Iterable[int]) -> str:
    """The version of these organizations' data: «count.last id» of each, in one query."""
    ids = sorted(set(organization_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organization_id, count(*), max(id) FROM monitoring_datachange "
            "WHERE organization_id = ANY(%s) GROUP BY organization_id",
            [ids],
        )
        found = {organization: (count, last) for organization, count, last in cursor.fetchall()}
    for organization, (count, last) in found.items():
        if count > VERSION_ROWS_KEPT:
            _compact(organization, last)
    return "-".join("{}:{}.{}".format(organization, *found.get(organization, (0, 0))) for organization in ids)


def _compact(organization_id: int, last: int) -> None:
    """Drop the organization's log rows before its last: the next version differs (its count is 1)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM monitoring_datachange WHERE organization_id = %s AND id < %s", [organization_id, last]
        )


def cached(name: str, organization_ids: Iterable[int], compute: Callable[[], T], *parts: Hashable) -> T:
    """``compute()`` for these organizations as of their current data; ``parts`` complete the key (the user,
    the year, today's date: whatever else the value depends on)."""
    version = organization_version(organization_ids)
    # Hashed: a URL's query string or a time may hold characters no cache backend takes in a key.
    parts_hash = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"datacache:{name}:{version}:{parts_hash}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


def roles_part(user) -> str:
    """A key part for values that depend on what the user's roles show, not on who the user is."""
    return ",".join(sorted(user.roles))


# --- The triggers (migrations monitoring 0003 and later) ----------------------------------------------------

# A statement-level trigger may reference only one transition table: one trigger per event.
TRIGGER_EVENTS = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}


def trigger_sql(table: str, organizations: str) -> str:
    """SQL that logs every write statement on ``table`` to monitoring_datachange; ``organizations`` is a
    query over the statement's rows (the transition table ``changed``) giving their organizations."""
    function = f"datachange_{table}"
    triggers = "\n".join(
        f"CREATE TRIGGER {function}_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {transition} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        for event, transition in TRIGGER_EVENTS.items()
    )
    return f"""
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO monitoring_datachange (organization_id)
    SELECT DISTINCT organization FROM ({organizations}) AS touched (organization) WHERE organization IS NOT NULL;
    RETURN NULL;
END $$;
{triggers}
"""


def trigger_drop_sql(table: str) -> str:
    function = f"datachange_{table}"
    drops = "\n".join(f"DROP TRIGGER IF EXISTS {function}_{event.lower()} ON {table};" for event in TRIGGER_EVENTS)
    return f"{drops}\nDROP FUNCTION IF EXISTS {function}();"
