"""Benchmark: the eight target indicators for one school of 2,000 pupils and for a municipality of 50
schools (30,000 pupils, 3,000 teachers, 10,000 pairs, 20,000 satisfaction responses).

The data come from the load-test generator (``manage.py generate_scale_data``) in a throwaway
database; each figure is the median of several runs after a warm-up. Target: the municipal
``indicators_compute`` under 300 ms. The school's dashboard (five years of history) is timed too.

Run: .venv/bin/python -m benchmarks.indicators
"""

import os
import statistics
import sys
import time

RUNS = 9
MUNICIPAL_TARGET_SECONDS = 0.300
SCHOOL_SIZES = {"schools": 1, "pupils": 2_000, "staff": 200, "pairs": 670, "responses": 1_300}


def _median_seconds(function, runs: int = RUNS) -> tuple[float, float]:
    """(median, fastest) of ``runs`` calls after one warm-up call."""
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} мс"


def run() -> bool:
    from django.db import connection

    from mentorship.academic_year import AcademicYear
    from monitoring.dashboard_selectors import indicator_dashboard
    from monitoring.indicators import indicators_compute
    from monitoring.management.commands.generate_scale_data import ScaleSizes, scale_data_generate
    from people.models import Organization

    year = AcademicYear.current()
    print(f"Целевые показатели, {year.label} учебный год: медиана {RUNS} замеров после прогрева")
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus:
        print(f"  внимание: машина занята (load average {load:.1f} на {cpus} ядр.) — время будет завышено")

    started = time.perf_counter()
    school = scale_data_generate(sizes=ScaleSizes(**SCHOOL_SIZES), seed=11)
    school_seconds = time.perf_counter() - started
    started = time.perf_counter()
    municipality = scale_data_generate(sizes=ScaleSizes(), seed=12)
    municipality_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a live server after a bulk load
    print(
        f"  данные: школа — {school['people']} участников, {school['pairs']} пар, {school['responses']} ответов "
        f"({school_seconds:.1f} с); муниципалитет — {municipality['schools']} школ, {municipality['people']} участников, "
        f"{municipality['pairs']} пар, {municipality['responses']} ответов, {municipality['answers']} оценок "
        f"({municipality_seconds:.1f} с)"
    )

    school_ids = school["organization_ids"]
    municipal_ids = municipality["organization_ids"]
    school_median, school_best = _median_seconds(lambda: indicators_compute(organization_ids=school_ids, year=year))
    municipal_median, municipal_best = _median_seconds(
        lambda: indicators_compute(organization_ids=municipal_ids, year=year)
    )
    organization = Organization.objects.get(pk=school_ids[0])
    dashboard_median, dashboard_best = _median_seconds(lambda: indicator_dashboard(organization, year), runs=5)

    values = {v.indicator.code: v for v in indicators_compute(organization_ids=municipal_ids, year=year)}
    pupils = values["pupils_general"]
    ok = municipal_median < MUNICIPAL_TARGET_SECONDS
    print(f"  одна школа (2 000 обучающихся), indicators_compute:   {_ms(school_median)} (лучший {_ms(school_best)})")
    print(
        f"  муниципалитет (50 школ), indicators_compute:        {_ms(municipal_median)} (лучший {_ms(municipal_best)})"
        f" — {'в норме' if ok else 'МЕДЛЕННЕЕ НОРМЫ'} (норма: до {MUNICIPAL_TARGET_SECONDS * 1000:.0f} мс)"
    )
    print(
        f"  панель показателей школы (5 лет истории, графики):  {_ms(dashboard_median)} (лучший {_ms(dashboard_best)})"
    )
    print(
        f"  проверка: обучающихся ОО вовлечено {pupils.numerator} из {pupils.denominator} "
        f"({pupils.fact} %), удовлетворённость наставляемых {values['satisfaction_mentees'].fact} %"
    )
    return ok


if __name__ == "__main__":
    from benchmarks import django_setup, throwaway_database

    django_setup()
    with throwaway_database():
        sys.exit(0 if run() else 1)
