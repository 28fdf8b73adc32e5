"""Pages of questionnaires and campaigns.

The curator runs campaigns; the principal sees the same pages read-only. Every campaign is fetched
through ``campaigns_visible_to``, so another organization's id is a 404. A mentor reaches only his own
invitations; the personal link page needs no login and shows one questionnaire and nothing else.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorship.access import role_required
from mentorship.pdf import pdf_response, render_pdf
from mentorship.russian import format_count
from mentorship.xlsx import Column, xlsx_response
from monitoring import charts, selectors, services
from monitoring.forms import CampaignForm, QuestionnaireForm
from monitoring.models import Campaign, Question
from people.forms import add_service_error
from people.roles import Role
from programs.selectors import program_get_visible

keepers_only = role_required(*selectors.KEEPERS)
curator_only = role_required(*selectors.EDITORS)
mentor_only = role_required(Role.MENTOR)

CAMPAIGN_STATUS_TONES = {
    Campaign.Status.DRAFT: "secondary",
    Campaign.Status.RUNNING: "primary",
    Campaign.Status.CLOSED: "success",
}
STATE_TONES = {
    selectors.InvitationState.ANSWERED: "success",
    selectors.InvitationState.OPEN: "warning",
    selectors.InvitationState.EXPIRED: "danger",
    selectors.InvitationState.NOT_STARTED: "secondary",
    selectors.InvitationState.CLOSED: "secondary",
}


def _crumbs(*tail):
    return [("Анкетирование", reverse("monitoring:campaign-list")), *tail]


def _campaign_context(request, campaign: Campaign, section: str, **extra) -> dict:
    return {
        "campaign": campaign,
        "section": section,
        "can_edit": selectors.can_edit_campaigns(request.user),
        "status_tone": CAMPAIGN_STATUS_TONES[campaign.status],
        **extra,
    }


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# --- Campaigns -------------------------------------------------------------------------------------


@keepers_only
@require_GET
def campaign_list(request):
    campaigns = selectors.campaigns_visible_to(request.user).order_by("-created_at")
    for campaign in campaigns:
        campaign.status_tone = CAMPAIGN_STATUS_TONES[campaign.status]
    context = {"campaigns": campaigns, "can_edit": selectors.can_edit_campaigns(request.user)}
    return render(request, "monitoring/campaign_list.html", context)


@curator_only
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            creation = services.campaign_create(
                organization=request.user.organization,
                questionnaire=data["questionnaire"],
                program=data["program"],
                deadline=data["deadline"],
                pairs=data["pairs"],
                title=data["title"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            campaign = creation.campaign
            invited = campaign.invitations.count()
            messages.success(
                request,
                f"Кампания подготовлена: {format_count(invited, 'приглашение', 'приглашения', 'приглашений')}. "
                "Проверьте список и начните анкетирование.",
            )
            if creation.skipped:
                names = "; ".join(f"{item.person.full_name} — {item.reason}" for item in creation.skipped)
                messages.warning(request, f"Не приглашены ({len(creation.skipped)}): {names}.")
            return redirect(campaign)
    context = {
        "form": form,
        "title": "Новая кампания анкетирования",
        "intro": "Анкета уйдёт тем, кому она адресована: каждому — своя ссылка. Участники без действующего "
        "согласия на обработку персональных данных не приглашаются — их список появится после сохранения.",
        "cancel_url": reverse("monitoring:campaign-list"),
        "breadcrumbs": _crumbs(("Новая кампания", None)),
        "submit_label": "Подготовить кампанию",
    }
    return render(request, "monitoring/form_page.html", context)


@keepers_only
@require_GET
def campaign_detail(request, pk):
    campaign = selectors.campaign_get_visible(request.user, pk)
    invitations = selectors.campaign_invitations(campaign)
    for invitation in invitations:
        invitation.state_tone = STATE_TONES[invitation.state]
    context = _campaign_context(
        request,
        campaign,
        "detail",
        invitations=invitations,
        progress=selectors.campaign_progress(invitations),
        answered=[invitation for invitation in invitations if invitation.used_at],
        not_answered=[invitation for invitation in invitations if not invitation.used_at],
    )
    return render(request, "monitoring/campaign_detail.html", context)


def _campaign_action(request, pk, service, success: str):
    campaign = selectors.campaign_get_visible(request.user, pk)
    try:
        service(campaign=campaign)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(campaign)


@curator_only
@require_POST
def campaign_launch(request, pk):
    return _campaign_action(
        request, pk, services.campaign_launch, "Анкетирование началось: ссылки действуют. Раздайте или разошлите их."
    )


@curator_only
@require_POST
def campaign_close(request, pk):
    return _campaign_action(
        request, pk, services.campaign_close, "Анкетирование завершено: ссылки больше не принимают ответы."
    )


def _link_cards(request, campaign: Campaign) -> list:
    """Unanswered invitations with their absolute link and its QR code, grouped by class for a class hour."""
    site_url = _site_url(request)
    cards = []
    for invitation in selectors.campaign_invitations(campaign):
        if invitation.used_at is not None:
            continue
        invitation.url = services.invitation_url(invitation, site_url)
        invitation.qr = charts.qr_svg(invitation.url, label=f"QR-код ссылки: {invitation.person.full_name}")
        cards.append(invitation)
    return cards


@curator_only
@require_GET
def campaign_links(request, pk):
    campaign = selectors.campaign_get_visible(request.user, pk)
    context = _campaign_context(request, campaign, "links", cards=_link_cards(request, campaign))
    response = render(request, "monitoring/campaign_links.html", context)
    response["Cache-Control"] = "no-store"
    return response


@curator_only
@require_GET
def campaign_links_pdf(request, pk):
    campaign = selectors.campaign_get_visible(request.user, pk)
    context = {
        "campaign": campaign,
        "cards": _link_cards(request, campaign),
        "organization": request.user.organization,
        "document_title": f"Ссылки на анкету «{campaign.questionnaire.title}»",
    }
    pdf = render_pdf("monitoring/links_document.html", context)
    return pdf_response(pdf, f"Ссылки на анкету — {campaign.title}.pdf")


@curator_only
@require_POST
def campaign_send_links(request, pk):
    campaign = selectors.campaign_get_visible(request.user, pk)
    try:
        mailing = services.invitation_links_email(campaign=campaign, site_url=_site_url(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(campaign)
    messages.success(request, f"Отправлено писем со ссылками: {len(mailing.sent)}.")
    if mailing.without_email:
        names = ", ".join(invitation.person.full_name for invitation in mailing.without_email)
        messages.warning(
            request,
            f"Нет e-mail (у несовершеннолетнего — у законного представителя): {names}. Раздайте им ссылки лично.",
        )
    return redirect(campaign)


# --- Results -----------------------------------------------------------------------------------------


@keepers_only
@require_GET
def campaign_results(request, pk):
    campaign = selectors.campaign_get_visible(request.user, pk)
    results = selectors.campaign_results(campaign)
    context = _campaign_context(request, campaign, "results", results=results)
    return render(request, "monitoring/campaign_results.html", context)


@keepers_only
@require_GET
def campaign_results_xlsx(request, pk):
    campaign = selectors.campaign_get_visible(request.user, pk)
    export = selectors.campaign_export(campaign)
    columns = [
        Column("Респондент", 32),
        Column("Отвечал как", 16),
        Column("Пара", 12),
        Column("Отправлена", 18),
        *[
            Column(f"{number}. {question.text}", 14 if question.kind == Question.Kind.SCALE else 30)
            for number, question in enumerate(export.questions, start=1)
        ],
    ]
    return xlsx_response(filename=f"Ответы — {campaign.title}.xlsx", title="Ответы", columns=columns, rows=export.rows)


@keepers_only
@require_GET
def impact(request):
    program = None
    program_id = request.GET.get("program", "")
    if program_id.isdigit():
        program = program_get_visible(request.user, int(program_id))
    context = {
        "comparison": selectors.entry_exit_comparison(request.user, program),
        "programs": selectors.programs_with_campaigns(request.user),
        "program": program,
        "breadcrumbs": _crumbs(("Входное и итоговое анкетирование", None)),
    }
    return render(request, "monitoring/impact.html", context)


# --- Questionnaires ----------------------------------------------------------------------------------


@keepers_only
@require_GET
def questionnaire_list(request):
    context = {
        "questionnaires": selectors.questionnaire_list_for(request.user),
        "breadcrumbs": _crumbs(("Анкеты", None)),
    }
    return render(request, "monitoring/questionnaire_list.html", context)


@keepers_only
@require_GET
def questionnaire_detail(request, pk):
    questionnaire = selectors.questionnaire_get_visible(request.user, pk)
    form = QuestionnaireForm(sections=selectors.questionnaire_sections(questionnaire))
    context = {
        "questionnaire": questionnaire,
        "blocks": form.blocks(),
        "preview": True,
        "breadcrumbs": _crumbs(("Анкеты", reverse("monitoring:questionnaire-list")), (questionnaire.title, None)),
    }
    return render(request, "monitoring/questionnaire_detail.html", context)


# --- Filling a questionnaire ---------------------------------------------------------------------------


def _fill(request, invitation, *, template: str, extra: dict):
    """Show the invitation's questionnaire or why it cannot be filled; on a valid POST, submit it once."""
    refusal = services.invitation_refusal(invitation)
    context = {"invitation": invitation, "questionnaire": invitation.campaign.questionnaire, **extra}
    if refusal:
        context["refusal"] = refusal
        return render(request, template, context)
    sections = selectors.questionnaire_sections(invitation.campaign.questionnaire)
    has_ranking = any(q.kind == Question.Kind.RANKING for section in sections for q in section.questions.all())
    candidates = list(selectors.preference_candidates(invitation)) if has_ranking else []
    form = QuestionnaireForm(request.POST or None, sections=sections, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(invitation=invitation, values=form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return None
    context.update(form=form, blocks=form.blocks())
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token):
    """The personal link: no login, one questionnaire, the respondent's first name and nothing else."""
    invitation = selectors.invitation_by_token(token)
    response = _fill(request, invitation, template="monitoring/respond.html", extra={})
    if response is None:
        return redirect("monitoring:respond", token=token)
    # The address holds the token: never send it to another site (same-origin keeps the form's Origin for CSRF).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@mentor_only
@require_http_methods(["GET", "POST"])
def my_questionnaire(request, pk):
    """A mentor fills one of his own questionnaires while logged in; another's is a 404."""
    invitation = selectors.invitation_get_for_user(request.user, pk)
    response = _fill(request, invitation, template="monitoring/my_questionnaire.html", extra={})
    if response is None:
        messages.success(request, f"Анкета «{invitation.campaign.questionnaire.title}» отправлена. Спасибо!")
        return redirect("home")
    return response
