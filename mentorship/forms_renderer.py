"""The project's form renderer: Django's, with the <select> of every form written in Python.

Django renders a select through a template and each of its options through another one (with a third for
the attributes): a filter bar with a class list of 40 options spent more time there than on the page's data.
The markup is the one of django/forms/widgets/select.html and select_option.html, escaped the same way.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget is None or any(
            option["template_name"] != OPTION_TEMPLATE for _, options, _ in widget["optgroups"] for option in options
        ):
            return super().render(template_name, context, request=request)
        return select_html(widget)


def _attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ``False`` leaves the attribute out, ``True`` writes its name alone."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> str:
    parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(
            f'\n  <option value="{escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>\n"  # the newline that ends the option's template
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # every value above is escaped
