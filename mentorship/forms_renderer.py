"""The project's form renderer: Django's, with the commonest widgets written in Python.

Django renders a widget through a template, a select's every option through another one and each attribute
list through a third: a filter bar with a class list of 40 options, or the mentor's meeting form, spent more
time there than on the page's data. The markup is that of django/forms/widgets/*.html byte for byte (the
tests compare them), escaped the same way; any other widget template is rendered by Django as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# The input types whose template only includes input.html.
INPUT_TEMPLATES = {
    f"{WIDGETS}{name}.html"
    for name in ("text", "date", "datetime", "time", "email", "number", "url", "tel", "password", "hidden")
}
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is None:
            html = None
        elif template_name in INPUT_TEMPLATES:
            html = input_html(widget)
        elif template_name == TEXTAREA_TEMPLATE:
            html = textarea_html(widget)
        elif template_name == SELECT_TEMPLATE and _plain_options(widget):
            html = select_html(widget)
        else:
            html = None
        return super().render(template_name, context, request=request) if html is None else mark_safe(html)


def _attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ``False`` leaves the attribute out, ``True`` writes its name alone."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _plain_options(widget: dict) -> bool:
    return all(
        option["template_name"] == OPTION_TEMPLATE for _, options, _ in widget["optgroups"] for option in options
    )


def input_html(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{_attributes(widget["attrs"])}>'
    )


def textarea_html(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>\n{value}</textarea>'


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
    return "".join(parts)
