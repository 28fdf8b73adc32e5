"""The shared PDF machinery: text comes back out of the PDF, fonts, page numbers, no network."""

import io

import pytest
from pypdf import PdfReader

from mentorship.pdf import html_to_pdf, own_file, pdf_response

DOCUMENT = """{% extends "documents/base.html" %}"""


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_html(body: str) -> str:
    return f'<html><head><link rel="stylesheet" href="/static/css/documents.css"></head><body>{body}</body></html>'


def test_cyrillic_text_and_page_numbers_come_back_out_of_the_pdf():
    paragraphs = "".join(f"<p>Абзац {i}: съешь же ещё этих мягких французских булок.</p>" for i in range(120))
    pdf = html_to_pdf(page_html(paragraphs))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = pdf_text(pdf)
    assert "съешь же ещё этих мягких французских булок" in text
    assert f"Страница 1 из {len(reader.pages)}" in text
    assert f"Страница {len(reader.pages)} из {len(reader.pages)}" in text


def test_the_document_font_is_a_serif_with_cyrillic():
    pdf = html_to_pdf(page_html("<p>Приказ</p>"))
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    names = {font.replace("-", "").replace(" ", "") for font in fonts}
    assert any("LiberationSerif" in name or "PTSerif" in name for name in names), fonts


def test_only_our_own_files_are_fetched():
    body, mime_type = own_file("file:///static/css/documents.css")
    assert body.startswith(b"/* Print stylesheet") and mime_type == "text/css"
    with pytest.raises(ValueError, match="недоступный ресурс"):
        own_file("https://example.com/tracker.png")
    with pytest.raises(ValueError):
        own_file("file:///etc/passwd")


def test_a_document_linking_a_foreign_resource_fails_instead_of_fetching_it():
    from weasyprint.urls import FatalURLFetchingError  # a BaseException: it stops the rendering

    with pytest.raises(FatalURLFetchingError, match="example.com"):
        html_to_pdf(page_html('<img src="https://example.com/tracker.png">'))


def test_pdf_response_keeps_a_cyrillic_file_name():
    response = pdf_response(b"%PDF-1.7", "Приказ № 12-о.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7" in response["Content-Disposition"]
