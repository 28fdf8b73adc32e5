"""Importing existing pairs from a spreadsheet: the pairing rules per row, all or nothing, re-import changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from people.importing import pairs as pairs_module
from people.importing import service
from people.importing.service import roster_import_from_file
from people.models import MenteeProfile, Person, RosterImport
from people.tasks import roster_import_run
from people.tests.test_import_support import xlsx_bytes, xlsx_upload
from programs.models import MentoringForm, Pair, PairMember, Program
from programs.tests.participants import make_mentee, make_mentor

pytestmark = pytest.mark.django_db

HEADERS = ["Программа", "Форма", "Наставник", "ФИО наставляемого", "Дата рождения наставляемого", "Начало",
           "Плановое окончание", "Цели"]  # fmt: skip
PROGRAM_TITLE = "Учитель – ученик 2025/2026"


@pytest.fixture
def form():
    return MentoringForm.objects.create(
        code="t-p", name="Учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )


@pytest.fixture
def program(organization, form):
    program = Program.objects.create(
        organization=organization,
        title=PROGRAM_TITLE,
        year_start=2025,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 5, 31),
    )
    program.forms.add(form)
    return program


@pytest.fixture
def people(organization):
    """A mentor for two and three pupils; the last of them has no consent to data processing."""
    return {
        "mentor": make_mentor(
            organization, capacity=2, last_name="Сидорова", first_name="Анна", middle_name="Петровна"
        ),
        "olga": make_mentee(organization, last_name="Орлова", first_name="Ольга", middle_name="Ивановна"),
        "pavel": make_mentee(organization, last_name="Павлов", first_name="Павел", middle_name="Олегович"),
        "petr": make_mentee(
            organization, consent=False, last_name="Петров", first_name="Пётр", middle_name="Сергеевич"
        ),
    }


def row(mentee, mentor="Сидорова Анна Петровна", *, goals=""):
    return [PROGRAM_TITLE, "учитель – ученик", mentor, mentee, None, "01.10.2025", "31.05.2026", goals]


def good_rows():
    return [HEADERS, row("Орлова Ольга Ивановна", goals="Подготовка к олимпиаде"), row("ПАВЛОВ павел олегович")]


def load(organization, rows, **kwargs):
    return roster_import_from_file(organization=organization, kind="pairs", uploaded_file=xlsx_upload(rows), **kwargs)


def run(tmp_path, rows, *args):
    path = tmp_path / "pairs.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", str(path), "--kind", "pairs", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_forms_each_pair_and_the_mentees_leave_the_waiting_list(organization, program, form, people):
    roster_import, report = load(organization, good_rows())
    assert report.ok, report.errors
    assert (report.created, report.unchanged) == (2, 0)
    assert roster_import.status == RosterImport.Status.DONE
    pairs = list(Pair.objects.order_by("pk"))
    assert [(pair.program, pair.form, pair.starts_on, pair.planned_end_on) for pair in pairs] == [
        (program, form, dt.date(2025, 10, 1), dt.date(2026, 5, 31))
    ] * 2
    assert pairs[0].goals == "Подготовка к олимпиаде"
    members = {(member.person, member.role) for member in PairMember.objects.filter(pair__in=pairs)}
    assert members == {
        (people["mentor"], PairMember.Role.MENTOR),
        (people["olga"], PairMember.Role.MENTEE),
        (people["pavel"], PairMember.Role.MENTEE),
    }
    assert MenteeProfile.objects.get(person=people["olga"]).status == MenteeProfile.Status.PAIRED


def test_a_row_that_breaks_a_pairing_rule_writes_nothing_and_the_command_exits_1(
    tmp_path, organization, program, people
):
    rows = [HEADERS, row("Орлова Ольга Ивановна"), row("Петров Пётр Сергеевич")]
    with pytest.raises(CommandError, match="Ошибок: 1 — ничего не записано") as raised:
        run(tmp_path, rows)
    assert raised.value.returncode == 1
    assert not Pair.objects.exists()
    assert MenteeProfile.objects.get(person=people["olga"]).status == MenteeProfile.Status.WAITING
    _, report = load(organization, rows, dry_run=True)
    assert [str(error) for error in report.errors] == [
        "Строка 3, «ФИО наставляемого»: Петров Пётр Сергеевич: нет действующего согласия на обработку "
        "персональных данных (нужно согласие законного представителя)."
    ]


def test_rows_that_together_exceed_the_mentors_capacity_are_refused_at_the_row_that_exceeds_it(
    tmp_path, organization, program, people
):
    people["mentor"].mentor_profile.capacity = 1
    people["mentor"].mentor_profile.save()
    out, err = io.StringIO(), io.StringIO()
    path = tmp_path / "pairs.xlsx"
    path.write_bytes(xlsx_bytes(good_rows()))
    with pytest.raises(CommandError) as raised:
        call_command("import_roster", str(path), "--kind", "pairs", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Строка 3, «Наставник»: Сидорова Анна Петровна: превышена наибольшая нагрузка наставника — 1, "
        "а с этой парой будет 2."
    ]
    assert not Pair.objects.exists()


def test_reimporting_the_same_file_changes_nothing(tmp_path, organization, program, people):
    run(tmp_path, good_rows())
    before = list(Pair.objects.order_by("pk").values_list("pk", "updated_at"))
    out, err = run(tmp_path, good_rows())
    assert "Создано: 0, обновлено: 0, без изменений: 2, ошибок: 0." in out and err == ""
    assert list(Pair.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_dry_run_counts_without_writing_or_keeping_history(tmp_path, organization, program, people):
    out, _ = run(tmp_path, good_rows(), "--dry-run")
    assert "Будет создано: 2" in out
    assert not Pair.objects.exists() and not RosterImport.objects.exists()
    assert MenteeProfile.objects.get(person=people["olga"]).status == MenteeProfile.Status.WAITING


def test_unknown_people_programs_and_repeated_rows_are_errors_of_their_rows(organization, program, people):
    rows = [
        HEADERS,
        row("Орлова Ольга Ивановна"),
        row("Орлова Ольга Ивановна"),
        row("Нет Такого Человека"),
        ["Другая программа", "учитель – ученик", "Сидорова Анна Петровна", "Павлов Павел Олегович", None,
         "01.10.2025", "01.09.2025", ""],
    ]  # fmt: skip
    _, report = load(organization, rows, dry_run=True)
    assert [str(error) for error in report.errors] == [
        "Строка 3, «ФИО наставляемого»: Пара Сидорова Анна Петровна — Орлова Ольга Ивановна уже есть в строке 2.",
        "Строка 4, «ФИО наставляемого»: Наставляемый «Нет Такого Человека» не найден(а) в организации: "
        "сначала загрузите его (её) в списке участников.",
        "Строка 5, «Плановое окончание»: Плановое окончание не может быть раньше начала.",
        "Строка 5, «Программа»: Программа «Другая программа» не найдена в организации.",
    ]
    assert (report.created, report.unchanged) == (0, 0)


def test_namesakes_are_told_apart_by_the_birth_date(organization, program, people):
    namesake = make_mentee(organization, last_name="Орлова", first_name="Ольга", middle_name="Ивановна")
    Person.objects.filter(pk=namesake.pk).update(birth_date=dt.date(2010, 1, 2))
    _, report = load(organization, [HEADERS, row("Орлова Ольга Ивановна")], dry_run=True)
    assert "несколько — укажите дату рождения или внешний идентификатор" in str(report.errors[0])
    with_birth_date = row("Орлова Ольга Ивановна")
    with_birth_date[4] = "02.01.2010"
    _, report = load(organization, [HEADERS, with_birth_date])
    assert report.ok, report.errors
    assert Pair.objects.get().members.get(role=PairMember.Role.MENTEE).person == namesake


def test_a_file_without_the_mentee_column_is_refused(organization, program, people):
    _, report = load(organization, [HEADERS[:3] + HEADERS[5:], row("x")[:3] + row("x")[5:]], dry_run=True)
    assert [str(error) for error in report.errors] == ["Файл: Нет столбца «Наставляемый»."]


# --- The run's status commits with its pairs (issue 7: nothing half-written, the retry applies once) ---


class ProcessDied(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even an ``except Exception``."""


def confirmed_pairs_import(organization, administrator) -> RosterImport:
    roster_import = service.roster_import_create(
        organization=organization, kind="pairs", uploaded_file=xlsx_upload(good_rows()), uploaded_by=administrator
    )
    service.roster_import_preview(roster_import=roster_import)
    assert roster_import.status == RosterImport.Status.PREVIEW, roster_import.errors
    return roster_import


def fail_after_the_pairs_are_written(monkeypatch, error: BaseException) -> None:
    """Raise ``error`` inside the write transaction, after the pairs are formed and the import marked DONE."""
    check_and_write = pairs_module.pairs_check_and_write

    def failing(**kwargs):
        mark_written = kwargs.pop("on_written")

        def written_then_fail():
            mark_written()
            assert Pair.objects.count() == 2  # the pairs are in the open transaction
            assert RosterImport.objects.get(kind="pairs").status == RosterImport.Status.DONE
            raise error

        return check_and_write(on_written=written_then_fail, **kwargs)

    monkeypatch.setattr(pairs_module, "pairs_check_and_write", failing)


def test_a_failure_after_the_pairs_are_written_leaves_neither_the_pairs_nor_done(
    organization, program, people, administrator, monkeypatch
):
    roster_import = confirmed_pairs_import(organization, administrator)
    fail_after_the_pairs_are_written(monkeypatch, RuntimeError("сбой перед фиксацией"))
    service.roster_import_confirm(roster_import=roster_import)
    assert roster_import.status == RosterImport.Status.FAILED
    assert not Pair.objects.exists()
    assert MenteeProfile.objects.get(person=people["olga"]).status == MenteeProfile.Status.WAITING

    monkeypatch.undo()
    service.roster_import_retry(roster_import=roster_import)  # «Повторить»: the background task, run at once here
    assert (roster_import.status, roster_import.created_count) == (RosterImport.Status.DONE, 2)
    assert Pair.objects.count() == 2


def test_a_run_killed_before_its_commit_stays_running_and_the_requeue_writes_it_once(
    organization, program, people, administrator, monkeypatch
):
    roster_import = confirmed_pairs_import(organization, administrator)
    fail_after_the_pairs_are_written(monkeypatch, ProcessDied())
    with pytest.raises(ProcessDied):
        service.roster_import_confirm(roster_import=roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.RUNNING  # DONE was rolled back with the pairs
    assert not Pair.objects.exists()

    monkeypatch.undo()
    assert [stale.pk for stale in service.roster_imports_requeue_stale()] == [roster_import.pk]
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.created_count) == (RosterImport.Status.DONE, 2)
    assert Pair.objects.count() == 2


def test_a_run_killed_right_after_its_commit_is_done_and_a_second_delivery_forms_nothing(
    organization, program, people, administrator, monkeypatch
):
    roster_import = confirmed_pairs_import(organization, administrator)

    def die(*args, **kwargs):
        raise ProcessDied

    monkeypatch.setattr(service, "_report_store", die)  # the process dies between the commit and the report
    with pytest.raises(ProcessDied):
        service.roster_import_confirm(roster_import=roster_import)
    monkeypatch.undo()
    assert Pair.objects.count() == 2
    assert RosterImport.objects.get(pk=roster_import.pk).status == RosterImport.Status.DONE
    assert service.roster_imports_requeue_stale() == []
    roster_import_run.enqueue(roster_import.pk)
    assert Pair.objects.count() == 2
    assert RosterImport.objects.get(pk=roster_import.pk).status == RosterImport.Status.DONE
