"""Write one document as a PDF file and print its path.

    python manage.py document order --id 12 [--output приказ.pdf]
    python manage.py document consent --id 345            # one person's consent form
    python manage.py document consent --class 7Б [--organization 1] [--only-missing]
    python manage.py document agreement --id 7             # a pair's agreement
    python manage.py document roadmap --id 3               # a program's roadmap
    python manage.py document program --id 3               # a program's card

Meant for the school's administrator on the server; it reads everything, with no user scope.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mentorship.pdf import render_pdf
from people.classes import normalize_school_class
from people.models import Organization, Person
from programs import documents, orders
from programs.models import Order, Pair, Program

KINDS = ("order", "consent", "agreement", "roadmap", "program")


class Command(BaseCommand):
    help = "Сохранить документ (приказ, согласие, соглашение, дорожную карту, программу) в PDF и напечатать путь."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="вид документа")
        parser.add_argument("--id", type=int, dest="pk", help="номер записи: приказа, участника, пары или программы")
        parser.add_argument("--class", dest="school_class", help="согласия всего класса одним PDF, например 7Б")
        parser.add_argument("--organization", type=int, help="организация (для --class, если их несколько)")
        parser.add_argument("--only-missing", action="store_true", help="только тем, у кого нет действующего согласия")
        parser.add_argument("--output", help="куда сохранить PDF (по умолчанию — в текущую папку)")

    def handle(self, *args, kind, pk=None, school_class=None, organization=None, only_missing=False, output=None, **o):
        if school_class:
            if kind != "consent":
                raise CommandError("--class подходит только для согласий: document consent --class 7Б")
            pdf, filename = self._class_consents(school_class, organization, only_missing)
        elif pk is None:
            raise CommandError("Укажите --id (или --class для согласий класса).")
        else:
            pdf, filename = getattr(self, f"_{kind}")(pk)
        path = Path(output) if output else Path.cwd() / filename
        if path.is_dir():
            path = path / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        self.stdout.write(str(path.resolve()))

    @staticmethod
    def _get(model, pk, what):
        try:
            return model.objects.get(pk=pk)
        except model.DoesNotExist:
            raise CommandError(f"{what} № {pk} не найден(а).") from None

    def _order(self, pk):
        order = self._get(Order, pk, "Приказ")
        return orders.order_pdf(order), orders.order_filename(order)

    def _consent(self, pk):
        person = self._get(Person, pk, "Участник")
        form = documents.consent_form_data(person)
        return documents.consent_pdf(person.organization, [form]), documents.consent_filename(person)

    def _agreement(self, pk):
        self._get(Pair, pk, "Пара")
        pair = documents.agreement_pair(pk)
        return render_pdf(
            documents.AGREEMENT_TEMPLATE, documents.agreement_context(pair)
        ), documents.agreement_filename(pair)

    def _roadmap(self, pk):
        program = self._get(Program, pk, "Программа")
        return render_pdf(documents.ROADMAP_TEMPLATE, documents.roadmap_context(program)), documents.roadmap_filename(
            program
        )

    def _program(self, pk):
        self._get(Program, pk, "Программа")
        program = documents.program_document_program(pk)
        return render_pdf(documents.PROGRAM_TEMPLATE, documents.program_context(program)), documents.program_filename(
            program
        )

    def _class_consents(self, school_class, organization_id, only_missing):
        try:
            school_class = normalize_school_class(school_class)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if organization_id is not None:
            organization = self._get(Organization, organization_id, "Организация")
        else:
            organizations = list(Organization.objects.all()[:2])
            if len(organizations) != 1:
                raise CommandError("Организаций несколько (или ни одной): укажите --organization ID.")
            organization = organizations[0]
        pdf, count = documents.consent_class_pdf(organization, school_class, only_missing=only_missing)
        if not count:
            raise CommandError(f"В классе {school_class} организации «{organization}» нет обучающихся.")
        self.stderr.write(f"Форм согласия: {count}")
        return pdf, documents.consent_class_filename(school_class)
