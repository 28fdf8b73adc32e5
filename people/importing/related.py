"""What a roster row adds around its person: the child a parent represents, consents, mentee requests.

Runs inside the import's transaction, after the people are written (so new people have ids).
Everything the rules need is read up front in a few queries and written in bulk; the rules are those
of people.services (representative_link, consent_create, mentee_request_add), checked row by row so
that each problem is reported with its row instead of stopping at the first one.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from people.importing import values
from people.importing.columns import COLUMNS, HeaderMap
from people.importing.parsing import ParsedRow, RowError
from people.models import (
    Consent,
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    Organization,
    Person,
    RosterImport,
    User,
)
from people.services import CONSENT_DEFAULT_DATA, CONSENT_DEFAULT_PURPOSES, CONSENT_DEFAULT_REVOCATION

Kind = RosterImport.Kind


@dataclass(eq=False)  # compared and hashed by identity: one outcome per row
class RowOutcome:
    """What the import did (or, in a dry run, would do) with one row of the file."""

    parsed: ParsedRow
    person: Person | None = None
    person_action: str = ""  # "new", "update" or "skip", as django-import-export says
    profile: MentorProfile | MenteeProfile | None = None
    profile_action: str = ""
    child: Person | None = None
    link_created: bool = False
    changes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.parsed.number

    @property
    def extra(self) -> dict:
        return self.parsed.extra

    def action(self, kind: str) -> str:
        """created / updated / unchanged, judged by the record the roster is about."""
        if kind == Kind.PARENTS:
            created = self.link_created
        elif kind in (Kind.MENTORS, Kind.MENTEES):
            created = self.profile_action == "new"
        else:
            created = self.person_action == "new"
        if created:
            return "created"
        return "updated" if self.changes else "unchanged"


class RelatedWriter:
    """Writes the representatives, consents and requests of the rows; problems become row errors."""

    def __init__(self, *, organization: Organization, kind: str, header_map: HeaderMap, user: User | None):
        self.organization = organization
        self.kind = kind
        self.header_map = header_map
        self.user = user

    def write(self, outcomes: list[RowOutcome]) -> None:
        if self.kind == Kind.PARENTS:
            self._links(outcomes)
        if self.kind == Kind.MENTEES:
            self._requests(outcomes)
        self._consents(outcomes)

    def _error(self, outcome: RowOutcome, key: str, message: str) -> None:
        column = self.header_map.header(key) if self.header_map.has(key) else COLUMNS[key].label
        outcome.errors.append(RowError(outcome.number, column, message))

    # -- parents: the child each one represents ------------------------------------------------

    def _links(self, outcomes: list[RowOutcome]) -> None:
        pupils = Person.objects.filter(
            organization=self.organization, category=Person.Category.PUPIL, is_archived=False
        ).only("id", "last_name", "first_name", "middle_name", "school_class", "birth_date", "category")
        by_name: dict[str, list[Person]] = defaultdict(list)
        for pupil in pupils:
            by_name[values.name_key(pupil.last_name, pupil.first_name, pupil.middle_name)].append(pupil)
            by_name[values.name_key(pupil.last_name, pupil.first_name)].append(pupil)
        parent_ids = {outcome.person.pk for outcome in outcomes}
        existing = {
            (link.minor_id, link.representative_id): link
            for link in LegalRepresentative.objects.filter(representative_id__in=parent_ids)
        }
        update_document = self.header_map.has("authority_document")
        to_create, to_update, seen = [], [], {}
        for outcome in outcomes:
            parent, extra = outcome.person, outcome.extra
            child = self._child(outcome, by_name)
            if child is None:
                continue
            if parent.is_minor():
                self._error(
                    outcome,
                    "birth_date",
                    f"{parent.full_name} несовершеннолетний и не может быть законным представителем.",
                )
                continue
            pair = (child.pk, parent.pk)
            if pair in seen:
                self._error(
                    outcome, "child_full_name", f"Эта пара «родитель — ребёнок» уже есть в строке {seen[pair]}."
                )
                continue
            seen[pair] = outcome.number
            outcome.child = child
            relation = LegalRepresentative.Relation(extra["relation"])
            link = existing.get(pair)
            if link is None:
                to_create.append(
                    LegalRepresentative(
                        minor=child,
                        representative=parent,
                        relation=relation,
                        authority_document=extra.get("authority_document", ""),
                    )
                )
                outcome.link_created = True
                outcome.changes.append(f"законный представитель: {relation.label} — {child.full_name}")
                continue
            document = extra.get("authority_document", "") if update_document else link.authority_document
            if link.relation != relation or link.authority_document != document:
                outcome.changes.append(
                    f"кем приходится {child.short_name}: {link.get_relation_display()} → {relation.label}"
                    if link.relation != relation
                    else "документ о полномочиях"
                )
                link.relation, link.authority_document = relation, document
                to_update.append(link)
        LegalRepresentative.objects.bulk_create(to_create)
        LegalRepresentative.objects.bulk_update(to_update, ["relation", "authority_document"])

    def _child(self, outcome: RowOutcome, by_name: dict[str, list[Person]]) -> Person | None:
        extra = outcome.extra
        name = extra["child_full_name"]
        school_class, birth_date = extra.get("child_class"), extra.get("child_birth_date")
        candidates = [
            pupil
            for pupil in {pupil.pk: pupil for pupil in by_name.get(values.fold(name), ())}.values()
            if (not school_class or pupil.school_class == school_class)
            and (not birth_date or pupil.birth_date == birth_date)
        ]
        described = ", ".join(
            part for part in (school_class and f"{school_class} класс", birth_date and f"{birth_date:%d.%m.%Y}") if part
        )
        if not candidates:
            self._error(
                outcome,
                "child_full_name",
                f"Обучающийся «{name}» ({described}) не найден — проверьте ФИО, класс и дату рождения "
                "или сначала загрузите список обучающихся.",
            )
            return None
        if len(candidates) > 1:
            self._error(
                outcome,
                "child_full_name",
                f"Обучающихся «{name}» ({described}) несколько — укажите полное ФИО и дату рождения ребёнка.",
            )
            return None
        if candidates[0].pk == outcome.person.pk:
            self._error(outcome, "child_full_name", f"{name} не может быть законным представителем самого себя.")
            return None
        return candidates[0]

    # -- consents on paper, recorded from the roster ---------------------------------------------

    def _consents(self, outcomes: list[RowOutcome]) -> None:
        wanted = []  # (outcome, subject, signer's name or the signer himself, signed_on, valid_until, column)
        for outcome in outcomes:
            if outcome.errors:
                continue
            extra = outcome.extra
            if extra.get("consent_date"):
                wanted.append(
                    (
                        outcome,
                        outcome.person,
                        extra.get("consent_signed_by", ""),
                        extra["consent_date"],
                        extra.get("consent_valid_until"),
                        "consent_signed_by" if self.header_map.has("consent_signed_by") else "consent_date",
                    )
                )
            if extra.get("child_consent_date") and outcome.child is not None:
                wanted.append(
                    (outcome, outcome.child, outcome.person, extra["child_consent_date"], None, "child_consent_date")
                )
        if not wanted:
            return
        subject_ids = {subject.pk for _, subject, *_ in wanted}
        existing = set(
            Consent.objects.filter(person_id__in=subject_ids).values_list("person_id", "signed_on", "signed_by_id")
        )
        representatives: dict[int, list[Person]] = defaultdict(list)
        for link in LegalRepresentative.objects.filter(minor_id__in=subject_ids).select_related("representative"):
            representatives[link.minor_id].append(link.representative)
        to_create = []
        for outcome, subject, signer, signed_on, valid_until, column in wanted:
            if isinstance(signer, str):
                signer, problem = self._signer(subject, signer, signed_on, representatives[subject.pk])
            else:
                problem = (
                    ""
                    if subject.is_minor(signed_on)
                    else f"{subject.full_name} совершеннолетний и подписывает согласие сам."
                )
            if problem:
                self._error(outcome, column, problem)
                continue
            key = (subject.pk, signed_on, signer.pk if signer else None)
            if key in existing:
                continue
            existing.add(key)
            to_create.append(
                Consent(
                    person=subject,
                    signed_by=signer,
                    signed_on=signed_on,
                    valid_until=valid_until,
                    purposes=CONSENT_DEFAULT_PURPOSES,
                    data_list=CONSENT_DEFAULT_DATA,
                    operator=self.organization.full_name,
                    revocation_procedure=CONSENT_DEFAULT_REVOCATION,
                    source=Consent.Source.IMPORT,
                    recorded_by=self.user,
                )
            )
            whose = "" if subject is outcome.person else f" за {subject.short_name}"
            outcome.changes.append(f"согласие{whose} от {signed_on:%d.%m.%Y}")
        Consent.objects.bulk_create(to_create)

    def _signer(
        self, subject: Person, signer_name: str, signed_on, representatives: list[Person]
    ) -> tuple[Person | None, str]:
        """The rule of people.services.consent_create: a minor's consent is signed by a linked
        legal representative, an adult signs his own. Returns the signer (None: the subject) or a problem."""
        signer_key = values.fold(signer_name)
        signs_himself = not signer_key or signer_key in (
            values.fold(subject.full_name),
            values.fold(subject.short_name),
        )
        if not subject.is_minor(signed_on):
            if signs_himself:
                return None, ""
            return None, f"{subject.full_name} совершеннолетний и подписывает согласие сам."
        if signs_himself:
            return None, (
                f"{subject.full_name} на {signed_on:%d.%m.%Y} несовершеннолетний: согласие подписывает законный "
                "представитель — укажите его в столбце «Согласие подписал»."
            )
        for representative in representatives:
            spellings = (
                representative.full_name,
                representative.short_name,
                f"{representative.last_name} {representative.first_name}",
            )
            if signer_key in {values.fold(spelling) for spelling in spellings}:
                return representative, ""
        return None, (
            f"{signer_name} не указан(а) законным представителем {subject.full_name}: сначала загрузите "
            "список родителей (законных представителей) с этим ребёнком."
        )

    # -- mentee requests -----------------------------------------------------------------------

    def _requests(self, outcomes: list[RowOutcome]) -> None:
        with_request = [
            outcome
            for outcome in outcomes
            if outcome.extra.get("request_text") and outcome.profile is not None and not outcome.errors
        ]
        if not with_request:
            return
        existing = {
            (request.profile_id, values.fold(request.text)): request
            for request in MenteeRequest.objects.filter(profile_id__in={o.profile.pk for o in with_request})
        }
        has_tags, has_date = self.header_map.has("request_tags"), self.header_map.has("request_date")
        today = timezone.localdate()
        to_create, to_update = [], []
        for outcome in with_request:
            extra = outcome.extra
            key = (outcome.profile.pk, values.fold(extra["request_text"]))
            # As people.services.mentee_request_add: tags are lower-case, sorted, without repeats.
            tags = sorted({tag.strip().lower() for tag in extra.get("request_tags", []) if tag.strip()})
            request = existing.get(key)
            if request is None:
                request = MenteeRequest(
                    profile=outcome.profile,
                    text=extra["request_text"],
                    source=extra["request_source"],
                    tags=tags,
                    received_on=extra.get("request_date") or today,
                )
                existing[key] = request
                to_create.append(request)
                outcome.changes.append(f"запрос: {request.text[:60]}")
                continue
            wanted = {
                "source": extra["request_source"],
                "tags": tags if has_tags else request.tags,
                "received_on": (extra.get("request_date") or request.received_on) if has_date else request.received_on,
            }
            if any(getattr(request, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(request, name, value)
                to_update.append(request)
                outcome.changes.append(f"запрос изменён: {request.text[:60]}")
        MenteeRequest.objects.bulk_create(to_create)
        MenteeRequest.objects.bulk_update(to_update, ["source", "tags", "received_on"])
