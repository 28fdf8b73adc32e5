"""python manage.py rollover_year --organization ID --to-year 2026 [--apply]"""

from django.core.management.base import BaseCommand, CommandError

from mentorship.academic_year import AcademicYear
from people.audit import command_context
from people.models import Organization
from programs.rollover import RolloverError, RolloverPlan, apply_rollover, plan_rollover


def plan_lines(plan: RolloverPlan) -> list[str]:
    """The dry-run plan as the administrator reads it: counts first, then the lists."""
    lines = [
        f"Переход «{plan.organization}» с {plan.from_year.label} на {plan.to_year.label} учебный год.",
        f"Переводятся в следующий класс: {plan.pupils_moved} обучающихся.",
    ]
    lines += [f"  {move.from_class} → {move.to_class}: {move.count} обучающихся" for move in plan.moves]
    lines.append(f"Выпускники (в архив): {len(plan.graduates)}.")
    lines += [f"  {school_class}: {count}" for school_class, count in plan.graduates_by_class().items()]
    lines += [f"    {graduate.full_name} ({graduate.school_class})" for graduate in plan.graduates]
    lines.append(f"Закрываются пары и группы выпускников (причина «выпуск»): {len(plan.pairs_to_close)}.")
    for pair in plan.pairs_to_close:
        waiting = f"; вернутся к подбору: {', '.join(pair.back_to_waiting)}" if pair.back_to_waiting else ""
        lines.append(
            f"  {pair.label} ({pair.status_label}), «{pair.program_title}»: {', '.join(pair.graduates)}{waiting}"
        )
    lines.append(f"Выбывают из банка наставников: {len(plan.mentor_profile_ids)}.")
    lines.append(f"Выбывают из банка наставляемых: {len(plan.mentee_profile_ids)}.")
    lines.append(f"Программы на {plan.to_year.label} учебный год (черновики): {len(plan.programs_to_start)}.")
    for program in plan.programs_to_start:
        roadmap = (
            f"дорожная карта копируется ({program.activities} мероприятий)"
            if program.activities
            else "дорожная карта по шаблону"
        )
        lines.append(
            f"  «{program.title}», {program.starts_on:%d.%m.%Y} – {program.ends_on:%d.%m.%Y}; "
            f"формы: {', '.join(program.form_names)}; {roadmap}"
        )
    lines += [f"Внимание: {warning}" for warning in plan.warnings]
    lines += [f"Ошибка: {error}" for error in plan.errors]
    return lines


class Command(BaseCommand):
    help = (
        "Переход на новый учебный год: перевод обучающихся в следующий класс, выпускники 11-х классов — в архив "
        "с закрытием их пар, программы и дорожная карта нового года из прошлогодних. Без --apply только "
        "показывает план и ничего не меняет; с --apply выполняет всё или ничего. Код выхода 1 при ошибках."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", type=int, required=True, help="id организации")
        parser.add_argument("--to-year", required=True, help="новый учебный год: 2026 или 2026/2027")
        parser.add_argument("--apply", action="store_true", help="выполнить переход (без флага — только план)")

    def handle(self, *args, organization, to_year, apply, **options):
        try:
            school = Organization.objects.get(pk=organization)
        except Organization.DoesNotExist:
            raise CommandError(f"Организации с id {organization} нет.") from None
        try:
            year = AcademicYear.parse(to_year)
        except ValueError:
            raise CommandError(f"Не удалось прочитать учебный год «{to_year}»: ожидается, например, 2026.") from None
        plan = plan_rollover(school, year)
        for line in plan_lines(plan):
            self.stdout.write(line)
        if plan.errors:
            raise CommandError("Переход невозможен — ничего не изменено.")
        if not apply:
            self.stdout.write("Это проверка: ничего не изменено. Чтобы выполнить переход, добавьте --apply.")
            return
        try:
            with command_context("rollover_year"):
                rollover = apply_rollover(plan)
        except RolloverError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Готово: {rollover}."))
