"""The upload form of the roster import: what is loaded and the file (its content is checked by the service)."""

from django import forms

from people.importing.reading import MAX_UPLOAD_BYTES
from people.models import RosterImport


class RosterUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Что загружаем", choices=RosterImport.Kind.choices)
    file = forms.FileField(
        label="Файл списка",
        help_text="Excel (.xlsx) или CSV в кодировке UTF-8 или Windows-1251 с разделителем «;» или «,»; до 20 МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Файл больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ — разделите список на части."
            )
        return uploaded
