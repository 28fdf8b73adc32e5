"""The project's form renderer writes <select> in Python: the same bytes as Django's templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import RequestFactory

from mentorship.forms_renderer import PortalFormRenderer
from people.filters import PersonFilter
from people.models import Person


class ChoicesForm(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("1", "Один & <два>"), ("2", 'в "кавычках"')], required=False)
    grouped = forms.MultipleChoiceField(choices=[("Группа <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    yes_no = forms.NullBooleanField()
    typed = forms.TypedChoiceField(
        choices=[(1, "one"), (2, "two")],
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select", "disabled": True, "data-off": False}),
    )
    text = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": 'Фамилия "и" <имя>'}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.IntegerField(min_value=0)
    email = forms.EmailField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput)
    notes = forms.CharField(widget=forms.Textarea)
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)  # left to Django


DATA = {
    "plain": "1",
    "grouped": ["x", "z"],
    "yes_no": "true",
    "typed": "2",
    "text": '<b>"',
    "day": "2026-09-01",
    "number": "7",
    "hidden": "a&b",
    "notes": "строка\n<i>вторая</i>",
    "empty_notes": "",
    "radio": "b",
}


@pytest.mark.parametrize("name", list(ChoicesForm.base_fields))
@pytest.mark.parametrize("data", [DATA, None], ids=["bound", "unbound"])
def test_every_widget_renders_as_djangos_templates_do(name, data):
    django_made = ChoicesForm(data, renderer=DjangoTemplates())[name].as_widget()
    ours = ChoicesForm(data, renderer=PortalFormRenderer())[name].as_widget()
    assert ours == django_made


def test_text_values_are_escaped():
    form = ChoicesForm(DATA, renderer=PortalFormRenderer())
    assert 'value="&lt;b&gt;&quot;"' in form["text"].as_widget()
    assert "&lt;i&gt;вторая&lt;/i&gt;</textarea>" in form["notes"].as_widget()


def test_labels_and_values_are_escaped():
    html = ChoicesForm(DATA, renderer=PortalFormRenderer())["plain"].as_widget()
    assert "Один &amp; &lt;два&gt;" in html and "<два>" not in html
    assert "в &quot;кавычках&quot;" in html
    grouped = ChoicesForm(DATA, renderer=PortalFormRenderer())["grouped"].as_widget()
    assert '<optgroup label="Группа &lt;1&gt;">' in grouped


def test_the_project_uses_it_and_a_filter_bar_is_unchanged(db):
    assert isinstance(get_default_renderer(), PortalFormRenderer)
    query = RequestFactory().get("/people/", {"category": "pupil", "archived": "true"}).GET
    ours = PersonFilter(query, queryset=Person.objects.none()).form
    django_made = PersonFilter(query, queryset=Person.objects.none()).form
    django_made.renderer = DjangoTemplates()
    assert '<option value="pupil" selected>' in str(ours["category"])
    assert '<option value="true" selected>' in str(ours["archived"])
    for name in ("category", "consent", "archived"):
        assert str(ours[name]) == str(django_made[name])
