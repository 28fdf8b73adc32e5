"""Server-side SVG for the indicators dashboard: a plan/fact bar and a chart over academic years.

No scripts and no style attributes (CSP): shapes carry presentation attributes (fill, stroke,
font-size), so a chart looks the same in the browser, in print and in a PDF. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from mentorship.russian import format_number_ru

FACT_COLOR = "#0d6efd"
FACT_BELOW_PLAN_COLOR = "#fd7e14"
FACT_REACHED_COLOR = "#198754"
FIXED_COLOR = "#6f42c1"
PLAN_COLOR = "#dc3545"
TRACK_COLOR = "#e9ecef"
AXIS_COLOR = "#adb5bd"
TEXT_COLOR = "#212529"
MUTED_COLOR = "#6c757d"


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html would escape a float before formatting it)."""
    return f"{value:.1f}"


def percent_text(value: Decimal | float | None) -> str:
    return "—" if value is None else f"{format_number_ru(value)} %"


def _fact_color(fact: Decimal | None, plan: Decimal | None) -> str:
    if fact is None or plan is None:
        return FACT_COLOR
    return FACT_REACHED_COLOR if fact >= plan else FACT_BELOW_PLAN_COLOR


def progress_bar(fact: Decimal | None, plan: Decimal | None, *, width: int = 180, height: int = 16) -> SafeString:
    """The fact as a bar on a 0–100 % track, the plan as a red tick; green once the plan is reached."""

    def x_of(value: Decimal) -> str:
        return f"{width * min(max(float(value), 0.0), 100.0) / 100:.1f}"

    title = f"Факт {percent_text(fact)}, план {percent_text(plan)}"
    parts = [
        format_html('<rect x="0" y="3" width="{}" height="{}" rx="3" fill="{}"></rect>', width, height - 6, TRACK_COLOR)
    ]
    if fact is not None:
        parts.append(
            format_html(
                '<rect class="progress-fact" x="0" y="3" width="{}" height="{}" rx="3" fill="{}"></rect>',
                x_of(fact),
                height - 6,
                _fact_color(fact, plan),
            )
        )
    if plan is not None:
        parts.append(
            format_html(
                '<line class="progress-plan" x1="{}" y1="0" x2="{}" y2="{}" stroke="{}" stroke-width="2"></line>',
                x_of(plan),
                x_of(plan),
                height,
                PLAN_COLOR,
            )
        )
    return format_html(
        '<svg class="indicator-progress" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title,
        title,
        mark_safe("".join(parts)),  # format_html output: escaped already
    )


@dataclass(frozen=True)
class YearPoint:
    """One academic year of a chart: its short label («24/25»), plan and fact; fixed if from a snapshot."""

    label: str
    plan: Decimal | None
    fact: Decimal | None
    fixed: bool = False


def history_chart(points: Sequence[YearPoint], *, title: str, width: int = 360, height: int = 190) -> SafeString:
    """Columns of the fact per academic year on a 0–100 % scale, the plan as a red line with dots.

    A fixed (reported) fact is drawn in violet; a year with no fact shows a dash.
    """
    top, bottom, left, right = 18, 24, 30, 8
    plot_height = height - top - bottom
    plot_width = width - left - right
    step = plot_width / max(len(points), 1)

    def y_of(value: Decimal) -> float:
        return top + plot_height * (1 - min(max(float(value), 0.0), 100.0) / 100)

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"{}></line>'
        '<text x="{}" y="{}" text-anchor="end" font-size="10" fill="{}">{}</text>',
        (
            (
                left,
                _n(y_of(Decimal(level))),
                width - right,
                _n(y_of(Decimal(level))),
                AXIS_COLOR,
                mark_safe("") if level == 0 else mark_safe(' stroke-dasharray="2 3"'),
                left - 4,
                _n(y_of(Decimal(level)) + 3),
                MUTED_COLOR,
                level,
            )
            for level in (0, 50, 100)
        ),
    )
    columns = []
    plan_points = []
    for index, point in enumerate(points):
        center = left + step * index + step / 2
        columns.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="{}">{}</text>',
                _n(center),
                height - 8,
                MUTED_COLOR,
                point.label,
            )
        )
        if point.fact is None:
            columns.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">—</text>',
                    _n(center),
                    top + plot_height - 4,
                    MUTED_COLOR,
                )
            )
        else:
            y = y_of(point.fact)
            # the value inside a tall column (white), above a short one: clear of the plan line either way
            inside = top + plot_height - y >= 18
            columns.append(
                format_html(
                    '<g class="trend-column"><title>{}: факт {}{}, план {}</title>'
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="10" font-weight="600" fill="{}">{}</text>'
                    "</g>",
                    point.label,
                    percent_text(point.fact),
                    " (зафиксировано)" if point.fixed else "",
                    percent_text(point.plan),
                    _n(center - step * 0.3),
                    _n(y),
                    _n(step * 0.6),
                    _n(top + plot_height - y),
                    FIXED_COLOR if point.fixed else FACT_COLOR,
                    _n(center),
                    _n(y + 13 if inside else max(y - 3, 9)),
                    "#ffffff" if inside else TEXT_COLOR,
                    format_number_ru(point.fact),
                )
            )
        if point.plan is not None:
            plan_points.append((center, y_of(point.plan)))
    plan_line = ""
    if plan_points:
        plan_line = format_html(
            '<g class="trend-plan"><polyline points="{}" fill="none" stroke="{}" stroke-width="2"></polyline>{}</g>',
            " ".join(f"{x:.1f},{y:.1f}" for x, y in plan_points),
            PLAN_COLOR,
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="{}"></circle>',
                ((_n(x), _n(y), PLAN_COLOR) for x, y in plan_points),
            ),
        )
    return format_html(
        '<svg class="chart trend-chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}{}</svg>',
        width,
        height,
        width,
        height,
        title,
        title,
        grid,
        mark_safe("".join(columns)),  # format_html output: escaped already
        plan_line,
    )
