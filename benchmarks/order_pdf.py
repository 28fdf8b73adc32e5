"""The pair-approval order with 500 pairs as a PDF, against a bare WeasyPrint render of the same HTML.

``order_pdf`` is what the order's page serves for a draft: it reads the pairs and their people,
declines every name and position, renders the template and prints it with WeasyPrint. The bare
render prints the very HTML that ``order_html`` produced, with ``HTML(string=...).write_pdf()``
and nothing else — only our stylesheet fetched, as it must be for the same pages to come out.
The difference is what the portal adds to WeasyPrint. Targets: under 5 s, and within 1.3×.

The name caches of ``programs.orders`` are emptied before every run, so each run declines every
name afresh, as the first print of an order in a new process does.

Run alone with ``.venv/bin/python -m benchmarks.order_pdf`` (a throwaway database, never the dev data).
"""

import datetime as dt
import random
import sys
import time

PAIRS = 500
MAX_SECONDS = 5.0
MAX_RATIO = 1.3
REPEATS = 5


def build_order(pairs_count: int = PAIRS, seed: int = 20250901):
    """An organization, a program and ``pairs_count`` forming pairs in one draft order."""
    from mentorship.academic_year import AcademicYear
    from people import demo_names
    from people.models import Organization, Person
    from programs.models import MentoringForm, Order, Pair, PairMember
    from programs.orders import order_create
    from programs.services import program_create

    rng = random.Random(seed)
    organization = Organization.objects.create(
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 500»",
        short_name="МБОУ СШ № 500",
        address="680000, г. Хабаровск, ул. Ленина, д. 5",
        locality="г. Хабаровск",
        head_full_name="Сидорова Елена Викторовна",
    )
    form = MentoringForm.objects.create(
        code="bench-teacher-pupil", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )
    program = program_create(
        organization=organization, title="Учитель – ученик", year=AcademicYear(2025), forms=[form], with_roadmap=False
    )

    def person(category: str, **extra) -> Person:
        male = rng.random() < 0.5
        surname = rng.choice(demo_names.SURNAMES)
        father = rng.choice(demo_names.MALE_FIRST_NAMES)
        first = rng.choice(demo_names.MALE_FIRST_NAMES)[0] if male else rng.choice(demo_names.FEMALE_FIRST_NAMES)
        return Person(
            organization=organization,
            category=category,
            last_name=surname[0] if male else surname[1],
            first_name=first,
            middle_name=father[1] if male else father[2],
            sex="M" if male else "F",
            **extra,
        )

    mentors = Person.objects.bulk_create(
        person("teacher", position=rng.choice(demo_names.TEACHER_SUBJECTS), birth_date=dt.date(1980, 1, 1))
        for _ in range(pairs_count)
    )
    mentees = Person.objects.bulk_create(
        person("pupil", school_class=f"{rng.randint(5, 11)}{rng.choice('АБВГ')}", birth_date=dt.date(2012, 5, 1))
        for _ in range(pairs_count)
    )
    pairs = Pair.objects.bulk_create(
        Pair(program=program, form=form, starts_on=dt.date(2025, 10, 1), planned_end_on=dt.date(2026, 5, 31))
        for _ in range(pairs_count)
    )
    PairMember.objects.bulk_create(
        [PairMember(pair=pair, person=mentor, role="mentor") for pair, mentor in zip(pairs, mentors, strict=True)]
        + [PairMember(pair=pair, person=mentee, role="mentee") for pair, mentee in zip(pairs, mentees, strict=True)]
    )
    return order_create(
        organization=organization, kind=Order.Kind.PAIRS_APPROVAL, created_by=None, program=program, pairs=pairs
    )


def _best_of(repeats: int, measure) -> float:
    """The shortest of a few runs: other processes on the machine only ever add time."""
    return min(measure() for _ in range(repeats))


def run() -> bool:
    from weasyprint import HTML

    from mentorship.pdf import _fetcher
    from programs import orders
    from programs.models import Order

    print(f"Приказ об утверждении {PAIRS} наставнических пар в PDF:")
    order = build_order()
    html = orders.order_html(Order.objects.get(pk=order.pk), screen=False)

    def portal_run() -> float:
        orders._name_in_case.cache_clear()
        orders._position_in_case.cache_clear()
        started = time.perf_counter()
        pdf = orders.order_pdf(Order.objects.get(pk=order.pk))
        elapsed = time.perf_counter() - started
        assert pdf.startswith(b"%PDF-")
        return elapsed

    def html_run() -> float:
        orders._name_in_case.cache_clear()
        orders._position_in_case.cache_clear()
        started = time.perf_counter()
        orders.order_html(Order.objects.get(pk=order.pk), screen=False)
        return time.perf_counter() - started

    def bare_run() -> float:
        started = time.perf_counter()
        pdf = HTML(string=html, base_url="/", url_fetcher=_fetcher()).write_pdf()
        elapsed = time.perf_counter() - started
        assert pdf.startswith(b"%PDF-")
        return elapsed

    # One warm-up of each: fonts, the pymorphy dictionary and the template are loaded once a process.
    portal_run()
    bare_run()
    # Interleaved, so a busy spell of the machine weighs on both alike; the best run of each counts.
    portal, bare = float("inf"), float("inf")
    for _ in range(REPEATS):
        portal = min(portal, portal_run())
        bare = min(bare, bare_run())
    html_only = _best_of(REPEATS, html_run)
    ratio = portal / bare
    ok = portal < MAX_SECONDS and ratio <= MAX_RATIO
    print(f"  лучшее из {REPEATS} запусков:")
    print(f"  order_pdf (данные, склонение, шаблон, WeasyPrint): {portal:6.2f} с")
    print(f"  голый WeasyPrint того же HTML:                     {bare:6.2f} с")
    print(f"  из них у портала до WeasyPrint (данные, склонение, шаблон): {html_only:.2f} с")
    print(
        f"  отношение: {ratio:.2f}× — {'в норме' if ok else 'МЕДЛЕННЕЕ НОРМЫ'}"
        f" (норма: до {MAX_SECONDS:.0f} с и не больше {MAX_RATIO}×)"
    )
    return ok


if __name__ == "__main__":
    from benchmarks import django_setup, throwaway_database

    django_setup()
    with throwaway_database():
        sys.exit(0 if run() else 1)
