"""Bar charts of questionnaire results as server-side SVG markup: no scripts, no inline styles.

Shapes carry classes (styled in static/css/app.css) and presentation attributes as a fallback, so a
chart looks the same in the browser, in print and in a PDF. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from mentorship.russian import format_number_ru

WIDTH = 640
BAR_COLOR = "#0d6efd"
MEAN_COLOR = "#dc3545"
TEXT_COLOR = "#212529"
MUTED_COLOR = "#6c757d"
LABEL_MAX_CHARS = 32


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _svg(height: int, title: str, body: SafeString, extra_class: str) -> SafeString:
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        extra_class,
        WIDTH,
        height,
        WIDTH,
        height,
        title,
        title,
        body,
    )


def horizontal_bars(bars: Sequence[Bar], *, title: str) -> SafeString:
    """One bar per option, its label on the left and its count at the end of the bar."""
    row, top, label_width = 28, 8, 300
    bar_space = WIDTH - label_width - 50
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = top + index * row
        length = round(bar_space * bar.value / largest) if bar.value else 0
        parts.append(
            format_html(
                '<g class="chart-row"><title>{}: {}</title>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}" fill="{}">{}</text></g>',
                bar.label,
                bar.value,
                label_width - 8,
                y + 17,
                TEXT_COLOR,
                _short(bar.label),
                label_width,
                y + 4,
                max(length, 1) if bar.value else 0,
                row - 8,
                BAR_COLOR,
                label_width + length + 6,
                y + 17,
                TEXT_COLOR,
                bar.value,
            )
        )
    height = top * 2 + max(len(bars), 1) * row
    # every part is format_html output: escaped already
    return _svg(height, title, mark_safe("".join(parts)), "chart-bars")


def scale_columns(counts: Sequence[int], *, title: str, mean: Decimal | None = None) -> SafeString:
    """Columns for the values 1–10 of a scale with their counts above, and the mean as a dashed line
    drawn behind the columns, its label in the top margin where no count can reach."""
    height, top, bottom, left = 210, 40, 28, 16
    plot_height = height - top - bottom
    axis_y = top + plot_height
    step = (WIDTH - 2 * left) / len(counts)
    largest = max(counts, default=0) or 1
    total = sum(counts)
    parts = []
    if mean is not None:
        x = f"{left + (float(mean) - 0.5) * step:.1f}"
        parts.append(
            format_html(
                '<g class="chart-mean"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"></line><text x="{}" y="{}" text-anchor="middle" fill="{}">среднее {}</text></g>',
                x,
                20,
                x,
                axis_y,
                MEAN_COLOR,
                x,
                14,
                MEAN_COLOR,
                format_number_ru(mean),
            )
        )
    parts.append(
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>',
            left,
            axis_y,
            WIDTH - left,
            axis_y,
            MUTED_COLOR,
        )
    )
    for index, count in enumerate(counts):
        column_height = round(plot_height * count / largest)
        center = f"{left + index * step + step / 2:.1f}"
        share = round(100 * count / total) if total else 0
        parts.append(
            format_html(
                '<g class="chart-column"><title>{}: {} ({} %)</title>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="middle" fill="{}">{}</text></g>',
                index + 1,
                count,
                share,
                f"{left + index * step + step * 0.15:.1f}",
                axis_y - column_height,
                f"{step * 0.7:.1f}",
                column_height,
                BAR_COLOR,
                center,
                axis_y - column_height - 5,
                TEXT_COLOR,
                count or "",  # an empty column says nothing
                center,
                height - 8,
                TEXT_COLOR,
                index + 1,
            )
        )
    return _svg(height, title, mark_safe("".join(parts)), "chart-columns")


def question_chart(result) -> SafeString:
    """The chart that fits a question's result (a monitoring.selectors.QuestionResult); "" for free text."""
    title = result.question.text
    if result.kind == "scale":
        return scale_columns([option.count for option in result.options], title=title, mean=result.mean)
    if result.kind == "ranking":
        bars = [Bar(choice.person_name, choice.total) for choice in result.ranked]
        return horizontal_bars(bars, title=title) if bars else mark_safe("")
    if result.options:
        return horizontal_bars([Bar(option.label, option.count) for option in result.options], title=title)
    return mark_safe("")


def qr_svg(data: str, *, label: str = "") -> SafeString:
    """A QR code of ``data`` as inline SVG markup (one path; no id, so many fit on one page)."""
    import qrcode
    from qrcode.image.svg import SvgPathFillImage

    image = qrcode.make(data, image_factory=SvgPathFillImage, box_size=10, border=4)
    root = image.get_image()
    root.set("class", "qr-code")
    root.set("role", "img")
    root.set("aria-label", label or "QR-код ссылки")
    if image.path is not None:
        image.path.attrib.pop("id", None)
    return mark_safe(image.to_string(encoding="unicode"))
