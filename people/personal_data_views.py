"""Pages of the personal-data duties: the subject-access export and the acts of destruction.

Curator and administrator only (the roles that edit people and open a person's page to act on it);
every object is fetched within the user's organization, so another organization's id is a 404.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_GET

from mentorship.access import role_required
from mentorship.pdf import pdf_response
from people import personal_data, selectors
from people.models import DestructionAct
from people.roles import Role

PERSONAL_DATA_KEEPERS = (Role.CURATOR, Role.ADMINISTRATOR)
# The principal heads the operator and signs for it, so he reads the acts of destruction too.
ACT_READERS = (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR)


@role_required(*PERSONAL_DATA_KEEPERS)
@require_GET
def person_data_export(request, pk):
    """«Выгрузить все данные»: a zip of everything held on the person, with the consent scans."""
    person = selectors.person_get_visible(request.user, pk)
    # The administrator gets it without the marks, health data and scans he may not see (issue 7).
    archive = personal_data.person_data_export(person, show_sensitive=selectors.can_see_sensitive_marks(request.user))
    filename = f"Данные участника {person.pk} {timezone.localdate():%d.%m.%Y}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@role_required(*ACT_READERS)
@require_GET
def destruction_act_list(request):
    acts = personal_data.destruction_acts_of(request.user.organization_id)
    return render(request, "people/personal_data/act_list.html", {"acts": acts})


@role_required(*ACT_READERS)
@require_GET
def destruction_act_pdf(request, pk):
    """The act as stored when the data were destroyed (made again only if the file went missing)."""
    try:
        act = DestructionAct.objects.select_related("organization").get(
            pk=pk, organization_id=request.user.organization_id
        )
    except DestructionAct.DoesNotExist:
        raise Http404("Акт не найден") from None
    try:
        with act.pdf.open("rb") as file:
            pdf = file.read()
    except (FileNotFoundError, ValueError):
        pdf = personal_data.destruction_act_pdf(act)
    return pdf_response(pdf, f"Акт об уничтожении ПДн № {act.number} от {act.destroyed_on:%d.%m.%Y}.pdf")
