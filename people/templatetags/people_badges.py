"""A person's badges for the pages' templates: the markup the people tables write (people.tables), kept in
one place."""

from django import template

from people import tables

register = template.Library()


@register.simple_tag
def marks_badges(person):
    """Include only where people.selectors.can_see_sensitive_marks allows."""
    return tables.marks_badges(person)


@register.simple_tag
def consent_badge(state, revoked_on=None, valid_until=None, short=False):
    return tables.consent_badge(state, revoked_on, valid_until, short=bool(short))
