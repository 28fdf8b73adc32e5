"""python manage.py import_roster: the same import on the command line, all or nothing, exit code 1 on errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from people.models import Person, RosterImport
from people.tests.test_import_support import PUPIL_HEADERS, csv_upload, pupil_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def roster_file(tmp_path):
    def write(rows, name="pupils.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows))
        return str(path)

    return write


def test_command_imports_a_file_and_prints_the_counts(organization, roster_file):
    out, err = run(roster_file([PUPIL_HEADERS, *pupil_rows(4)]), "--kind", "pupils")
    assert "Строк: 4. Создано: 4, обновлено: 0, без изменений: 0, ошибок: 0." in out
    assert "Список загружен" in out and err == ""
    assert Person.objects.count() == 4
    assert RosterImport.objects.get().status == RosterImport.Status.DONE
    out, _ = run(
        roster_file([PUPIL_HEADERS, *pupil_rows(4)]), "--kind", "pupils", "--organization", str(organization.pk)
    )
    assert "Создано: 0, обновлено: 0, без изменений: 4, ошибок: 0." in out


def test_command_prints_each_error_with_its_row_exits_1_and_writes_nothing(organization, roster_file):
    rows = [PUPIL_HEADERS, *pupil_rows(6)]
    rows[2][6] = "15Ж"
    rows[5][5] = "завтра"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Ошибок: 2 — ничего не записано") as raised:
        call_command("import_roster", roster_file(rows), "--kind", "pupils", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert "ошибок: 2" in out.getvalue()
    assert err.getvalue().splitlines() == [
        "Строка 3, «Класс»: «15Ж» не похоже на класс: ожидается номер от 1 до 11 и буква, например «7Б»",
        "Строка 6, «Дата рождения»: «завтра» — не дата: ожидается ДД.ММ.ГГГГ, например 05.09.2011",
    ]
    assert not Person.objects.exists()


def test_dry_run_counts_without_writing_or_keeping_history(organization, roster_file):
    out, _ = run(roster_file([PUPIL_HEADERS, *pupil_rows(3)]), "--kind", "pupils", "--dry-run")
    assert "Будет создано: 3" in out
    assert not Person.objects.exists() and not RosterImport.objects.exists()


def test_command_reads_windows_1251_csv(organization, tmp_path):
    path = tmp_path / "staff.csv"
    upload = csv_upload([["ФИО", "Должность"], ["Белова Нина Юрьевна", "учитель химии"]], encoding="cp1251")
    path.write_bytes(upload.read())
    out, _ = run(str(path), "--kind", "staff")
    assert "Создано: 1" in out
    assert Person.objects.get().position == "учитель химии"


def test_command_needs_the_organization_when_there_are_several(organization, other_organization, roster_file):
    with pytest.raises(CommandError, match="Организаций несколько, укажите --organization"):
        run(roster_file([PUPIL_HEADERS, *pupil_rows(1)]), "--kind", "pupils")
    run(roster_file([PUPIL_HEADERS, *pupil_rows(1)]), "--kind", "pupils", "--organization", str(other_organization.pk))
    assert Person.objects.get().organization == other_organization


def test_command_refuses_a_file_that_is_not_a_roster(organization, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    with pytest.raises(CommandError, match="старого формата Excel"):
        run(str(path), "--kind", "pupils")
    assert not Person.objects.exists()
