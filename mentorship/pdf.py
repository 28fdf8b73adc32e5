"""One way to make every PDF of the portal: a Django template rendered by WeasyPrint.

Templates extend ``documents/base.html`` (A4, office-work margins, page numbers, the organization's
header) and are previewed in the browser as the same HTML. Only our own static and media files are
ever fetched while rendering — nothing from the network.
"""

import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.encoding import escape_uri_path

DOCUMENT_STYLESHEET = "css/documents.css"
_font_config = None


def _fonts():
    # One FontConfiguration per process: building it scans the system fonts, which costs more
    # than rendering a short order.
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


def own_file(url: str) -> tuple[bytes, str | None]:
    """The bytes and type of one of our /static/ or /media/ files; anything else is refused."""
    parsed = urlparse(url)
    path = unquote(parsed.path)
    if parsed.scheme in ("", "file") and not parsed.netloc:
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path[len(settings.STATIC_URL) :])
            if found:
                with open(found, "rb") as file:
                    return file.read(), mimetypes.guess_type(found)[0]
        if path.startswith(settings.MEDIA_URL):
            name = path[len(settings.MEDIA_URL) :]
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as file:
                    return file.read(), mimetypes.guess_type(name)[0]
    raise ValueError(f"Документ ссылается на недоступный ресурс: {url}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime_type = own_file(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type or "application/octet-stream"})

    return OwnFilesFetcher(fail_on_errors=True)


def render_document_html(template_name: str, context: dict) -> str:
    """The document as HTML: what the browser preview shows and what WeasyPrint prints."""
    return render_to_string(template_name, context)


def html_to_pdf(html: str) -> bytes:
    """Print HTML with WeasyPrint, fetching only our own static and media files."""
    from weasyprint import HTML

    return HTML(string=html, base_url="/", url_fetcher=_fetcher()).write_pdf(font_config=_fonts())


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a document template straight to PDF bytes."""
    return html_to_pdf(render_document_html(template_name, context))


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF download (or inline view) with a Cyrillic file name that every browser keeps."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "no-store"
    # No Content-Security-Policy on a PDF: the policy is for our HTML pages, and browsers' PDF viewers
    # may refuse to show a document whose own policy says object-src 'none'.
    response._csp_exempt = True
    return response
