"""python manage.py indicators --year 2025 [--organization ID ...] [--json]

The eight target indicators of an academic year (2025 means 2025/2026): plan, fact, deviation,
numerator and denominator. Without --organization all organizations together (the municipal view).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from mentorship.academic_year import AcademicYear
from mentorship.russian import format_number_ru
from monitoring.indicators import indicators_compute
from people.models import Organization

TITLE_WIDTH = 64


def _number(value, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = format_number_ru(value).replace("\u00a0", " ")
    return f"+{text}" if signed and value > 0 else text


def _short(title: str) -> str:
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1].rstrip() + "…"


class Command(BaseCommand):
    help = (
        "Печатает целевые показатели учебного года: план, факт, отклонение, числитель и знаменатель "
        "(без --organization — по всем организациям вместе)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", required=True, help="учебный год: 2025 или 2025/2026 (2025 — это 2025/2026 учебный год)"
        )
        parser.add_argument(
            "--organization",
            type=int,
            action="append",
            metavar="ID",
            help="id организации (можно повторить); без него — все организации",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="вывести JSON вместо таблицы")

    def handle(self, *args, year, organization=None, as_json=False, **options):
        try:
            academic_year = AcademicYear.parse(year)
        except (ValueError, IndexError):
            raise CommandError(
                f"Не удалось прочитать учебный год «{year}»: укажите, например, 2025 или 2025/2026."
            ) from None
        if organization:
            found = dict(Organization.objects.filter(pk__in=organization).values_list("pk", "short_name"))
            missing = [str(pk) for pk in organization if pk not in found]
            if missing:
                raise CommandError(f"Нет организации с id {', '.join(missing)}.")
            ids = list(dict.fromkeys(organization))
            scope = ", ".join(found[pk] for pk in ids)
        else:
            ids = list(Organization.objects.values_list("pk", flat=True))
            scope = f"все организации ({len(ids)})"
        values = indicators_compute(organization_ids=ids, year=academic_year)
        if as_json:
            self._print_json(academic_year, ids if organization else None, values)
        else:
            self._print_table(academic_year, scope, values)

    def _print_json(self, year, ids, values):
        payload = {
            "year": year.label,
            "year_start": year.start_year,
            "organizations": ids if ids is not None else "all",
            "indicators": [value.as_dict() for value in values],
        }
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _print_table(self, year, scope, values):
        self.stdout.write(f"Целевые показатели, {year.label} учебный год: {scope}")
        header = f"{'Показатель':<{TITLE_WIDTH}}  {'План':>6}  {'Факт':>6}  {'Откл.':>6}  {'Числитель':>9}  {'Знаменатель':>11}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for value in values:
            self.stdout.write(
                f"{_short(value.indicator.title):<{TITLE_WIDTH}}  {_number(value.plan):>6}  {_number(value.fact):>6}  "
                f"{_number(value.deviation, signed=True):>6}  {value.numerator:>9}  {value.denominator:>11}"
            )
        self.stdout.write("План и факт — в процентах; «—» — считать не из чего (знаменатель пуст).")
