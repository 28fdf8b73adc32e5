"""Template tags of the indicators dashboard: the monitoring deadlines a home page shows."""

from django import template

from monitoring.dashboard_selectors import can_view_indicators
from monitoring.dashboard_selectors import monitoring_deadlines as deadlines_of

register = template.Library()


@register.simple_tag(takes_context=True)
def monitoring_deadlines(context):
    """The next monitoring due dates for the curator or the principal; nothing for anyone else.

    A tag rather than view context, so the home page's panels can include it as they are.
    """
    user = context.get("user")
    if user is None or not can_view_indicators(user):
        return []
    return deadlines_of(user.organization_id)
