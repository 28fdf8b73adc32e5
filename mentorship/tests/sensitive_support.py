"""Builders and scanners for the sensitive-fields test (no tests here).

The dataset is the access matrix's (mentorship.tests.access_matrix_data.build_dataset) with every pupil of
the organization carrying the sensitive marks, each pupil with a legal representative holding a
health-data consent with a scan whose name and bytes are distinctive, and the pairs set to the role models
that name a mark («учитель – ученик с ОВЗ» …). The scanner turns any response (HTML, xlsx, PDF, zip, CSV,
JSON) into text and reports every marker it finds there.
"""

import io
import re
import zipfile
from dataclasses import dataclass

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from mentorship.tests.access_matrix_data import Dataset, build_dataset
from people.models import Consent, Person
from people.services import consent_create, person_update
from programs.models import Pair, RoleModel
from programs.tests.program_data import today

SCAN_STEM = "skan-soglasiya-zdorovye-Q7X2"
SCAN_BYTES_MARKER = "SENSITIVE-SCAN-BYTES-7731"
SCAN_BYTES = f"%PDF-1.4\n% {SCAN_BYTES_MARKER}\n%%EOF\n".encode()

# What would give a mark away: its labels (in pages, badges, filters, xlsx headers, role-model names),
# the field names and choice values of forms and filters, the health-data line of a consent, and the
# testids of the marks' badges.
MARK_MARKERS = {
    "ОВЗ": re.compile(r"ОВЗ", re.IGNORECASE),
    "группа риска": re.compile(r"групп\w*\s+риска", re.IGNORECASE),
    "одарённый": re.compile(r"одар[её]нн", re.IGNORECASE),
    "высокомотивированный": re.compile(r"высокомотивирован", re.IGNORECASE),
    "ограниченные возможности здоровья": re.compile(r"ограниченн\w*\s+возможност\w*\s+здоровья", re.IGNORECASE),
    "сведения о здоровье": re.compile(r"сведени\w*\s+о\s+(?:состоянии\s+)?здоровь", re.IGNORECASE),
    "О здоровье (столбец согласий)": re.compile(r">\s*О здоровье\s*<"),
    "Особые отметки": re.compile(r"Особые\s+отметки", re.IGNORECASE),
    "поле отметки": re.compile(r"has_disability|is_at_risk|is_gifted|covers_health_data"),
    "значение отметки": re.compile(r"""value=["'](?:disability|at_risk|gifted)["']"""),
    "бейдж отметки": re.compile(r"sensitive-mark|mark-ovz|mark-risk|mark-gifted"),
    "код ролевой модели": re.compile(r"(?:pupil|student)-(?:disability|at-risk)|gifted-(?:pupil|student)"),
}


@dataclass
class SensitiveWorld:
    dataset: Dataset
    marked: list  # people carrying every mark they can
    scanned_consents: list  # consents with a distinctive scan

    def scan_markers(self) -> dict:
        """Markers of the consent scans: file name, bytes, the download URL and the stored name of each."""
        markers = {
            "имя файла скана": re.compile(re.escape(SCAN_STEM)),
            "содержимое скана": re.compile(re.escape(SCAN_BYTES_MARKER)),
        }
        for consent in Consent.objects.exclude(scan="").filter(
            person__organization=self.dataset["program"].organization
        ):
            url = reverse("people:consent-scan", args=[consent.pk])
            markers[f"ссылка на скан {url}"] = re.compile(re.escape(url))
            markers[f"файл скана {consent.scan.name}"] = re.compile(re.escape(consent.scan.name))
        return markers

    def markers(self) -> dict:
        return {**MARK_MARKERS, **self.scan_markers()}


def _health_scan() -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{SCAN_STEM}.pdf", SCAN_BYTES, content_type="application/pdf")


def mark_every_way(person: Person) -> Consent | None:
    """Every mark the rules allow on this pupil: ОВЗ needs a health consent (signed by a representative)."""
    consent = None
    link = person.representatives.select_related("representative").first()
    if link is not None:
        consent = consent_create(
            person=person,
            signed_by=link.representative,
            signed_on=today(),
            covers_health_data=True,
            scan=_health_scan(),
        )
    person_update(person=person, is_gifted=True, is_at_risk=True, has_disability=consent is not None)
    return consent


def build_sensitive_world(organization, *, curator, mentor, other_mentor, administrator) -> SensitiveWorld:
    """The access matrix's objects, every pupil marked, the pairs on mark-naming role models."""
    dataset = build_dataset(
        organization, curator=curator, mentor=mentor, other_mentor=other_mentor, administrator=administrator
    )
    marked, consents = [], []
    for person in Person.objects.filter(organization=organization, category=Person.Category.PUPIL).order_by("pk"):
        consent = mark_every_way(person)
        marked.append(person)
        if consent is not None:
            consents.append(consent)
    # The mentor's own pair names the ОВЗ mark; the others name the risk group and giftedness.
    role_models = ["teacher-pupil-disability", "teacher-pupil-at-risk", "teacher-gifted-pupil"]
    pairs = [dataset["pair"], *Pair.objects.filter(program__organization=organization).exclude(pk=dataset["pair"].pk)]
    for index, pair in enumerate(pairs):
        role_model = RoleModel.objects.get(code=role_models[index % len(role_models)])
        Pair.objects.filter(pk=pair.pk).update(role_model=role_model)
    return SensitiveWorld(dataset=dataset, marked=marked, scanned_consents=consents)


# --- Reading any response as text --------------------------------------------------------------------


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"[лист {sheet.title}]")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{sheet.title}!{getattr(cell, 'coordinate', '?')}: {cell.value}")
    workbook.close()
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # a stored scan is not always a well-formed PDF; its bytes are read by the caller
        return ""


def content_text(data: bytes, name: str = "") -> str:
    """The readable text of a file: PDF text, every xlsx cell, every zip member; else the decoded bytes.

    The raw bytes are always decoded too, so a scan passed through unchanged is caught by its bytes.
    """
    raw = data.decode("utf-8", errors="replace")
    if data.startswith(b"%PDF"):
        return _pdf_text(data) + "\n" + raw
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" in names:
                return _xlsx_text(data)
            parts = [f"[архив: {', '.join(names)}]"]
            for member in names:
                parts.append(f"[{member}]\n" + content_text(archive.read(member), member))
            return "\n".join(parts)
    return raw


def findings(text: str, markers: dict) -> list[str]:
    """«marker: …snippet…» for every marker found in the text."""
    found = []
    for label, pattern in markers.items():
        match = pattern.search(text)
        if match:
            start, end = max(0, match.start() - 80), min(len(text), match.end() + 80)
            snippet = " ".join(text[start:end].split())
            found.append(f"{label}: …{snippet}…")
    return found
