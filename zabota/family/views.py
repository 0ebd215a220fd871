"""The relative's pages (their one recipient, read-only, and a message to the head), the link
that lets them in, and the head's page of a recipient's relatives."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.accounts.middleware import LAST_SEEN, LOGGED_IN_AT
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, audit_read
from zabota.core.access import allow, public
from zabota.core.forms import add_errors
from zabota.core.xlsx import download_response
from zabota.documents.rendering import DOCX_CONTENT_TYPE
from zabota.family import selectors, services
from zabota.family.access import relative_page
from zabota.family.forms import (
    AcceptForm,
    InviteForm,
    MessageForm,
    WithdrawForm,
    fresh_message,
    today_initial,
)
from zabota.recipients.selectors import get_recipient_for

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _relative_read(request, what: str) -> None:
    """A relative's page showed the recipient's data: a «просмотр» entry under their login."""
    recipient = request.relative.recipient
    audit_event(
        kind=EventKind.VIEW,
        user=request.user,
        institution=recipient.institution,
        obj=recipient,
        details=what,
    )


def _home(request, form: MessageForm, status: int = 200):
    relative = request.relative
    recipient = relative.recipient
    today = timezone.localdate()
    act = selectors.latest_act(recipient, today)
    balance = selectors.balance(recipient)
    _relative_read(request, "кабинет родственника: посещения, план, акт, баланс")
    return render(
        request,
        "family/home.html",
        {
            "relative": relative,
            "recipient": recipient,
            "visits": selectors.recent_visits(recipient, today),
            "planned": selectors.next_visits(recipient, today),
            "act": act,
            "documents": list(selectors.act_documents(recipient)[:3]),
            "balance": balance,
            "overpaid": -balance if balance is not None and balance < 0 else None,
            "form": form,
            "days": selectors.RECENT_DAYS,
        },
        status=status,
    )


@relative_page
def home(request):
    return _home(request, fresh_message())


@relative_page
@require_POST
def message(request):
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            complaint = services.message_send(
                relative=request.relative,
                form_uuid=form.cleaned_data["form_uuid"],
                text=form.cleaned_data["text"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Сообщение передано заведующему отделением: обращение № {complaint.number} "
                f"от {complaint.received_on:%d.%m.%Y}.",
            )
            return redirect("family:home")
    return _home(request, form, status=400)


@relative_page
def act_file(request, pk: int):
    recipient = request.relative.recipient
    document = selectors.get_act_document(recipient, pk)
    audit_event(
        kind=EventKind.PRINT,
        user=request.user,
        institution=recipient.institution,
        obj=document,
        recipient_id=recipient.pk,
        details=f"родственник скачал DOCX: «{document.title}» № {document.number}",
    )
    name = f"{document.title[:60]} № {document.number}".replace("/", "-")
    return download_response(bytes(document.content), f"{name}.docx", DOCX_CONTENT_TYPE)


def _refused(request, refusal: services.InvitationRefused):
    status = 404 if refusal.message == services.UNKNOWN else 410
    return render(request, "family/refused.html", {"message": refusal.message}, status=status)


@public
def accept(request, token: str):
    """The one-time link: the relative chooses a login (the first time) and a password, and is
    let in; a used, expired or revoked link says so and shows nothing."""
    try:
        invitation = services.invitation_check(token)
    except services.InvitationRefused as refusal:
        return _refused(request, refusal)
    relative = invitation.relative
    form = AcceptForm(request.POST or None, has_login=relative.user_id is not None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                username=form.cleaned_data.get("username", ""),
                password=form.cleaned_data["password1"],
            )
        except services.InvitationRefused as refusal:
            return _refused(request, refusal)
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend=BACKEND)
            now = timezone.now().timestamp()
            request.session[LOGGED_IN_AT] = request.session[LAST_SEEN] = now
            messages.success(request, "Пароль задан. Дальше входите со своим именем и паролем.")
            return redirect("family:home")
    return render(
        request,
        "family/accept.html",
        {"form": form, "login": relative.user.get_username() if relative.user_id else ""},
    )


def _manage(request, recipient, form: InviteForm, invited=None, status: int = 200):
    relatives = list(recipient.relatives.select_related("user").order_by("-created_at", "-pk"))
    audit_read(actor=request.staff, recipient=recipient, what="родственники с доступом к сведениям")
    link = (
        request.build_absolute_uri(reverse("family:accept", args=[invited.token]))
        if invited
        else ""
    )
    return render(
        request,
        "family/manage.html",
        {
            "recipient": recipient,
            "relatives": relatives,
            "form": form,
            "withdraw_form": WithdrawForm(initial=today_initial(timezone.localdate())),
            "invited": invited,
            "link": link,
            "hours": settings.ZABOTA_FAMILY_INVITATION_HOURS,
            "breadcrumbs": [
                (recipient.short_name, reverse("recipients:card", args=[recipient.pk])),
                ("Доступ родственников", None),
            ],
        },
        status=status,
    )


def _invite_form(recipient, data=None) -> InviteForm:
    return InviteForm(
        data,
        representatives=list(recipient.representatives.filter(is_active=True)),
        initial=today_initial(timezone.localdate()),
    )


@allow("recipients.edit")
def manage(request, recipient_pk: int):
    recipient = get_recipient_for(request.staff, recipient_pk)
    return _manage(request, recipient, _invite_form(recipient))


@allow("recipients.edit")
@require_POST
def invite(request, recipient_pk: int):
    recipient = get_recipient_for(request.staff, recipient_pk)
    form = _invite_form(recipient, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invited = services.relative_invite(
                actor=request.staff,
                recipient=recipient,
                representative=data["representative"],
                last_name=data["last_name"],
                first_name=data["first_name"],
                middle_name=data["middle_name"],
                relation=data["relation"],
                consent_given_on=data["consent_given_on"],
                consent_signed_by_representative=data["consent_signed_by_representative"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _manage(request, recipient, _invite_form(recipient), invited)
    return _manage(request, recipient, form, status=400)


@allow("recipients.edit")
@require_POST
def link(request, pk: int):
    relative = selectors.get_relative_for(request.staff, pk)
    recipient = get_recipient_for(request.staff, relative.recipient_id)
    try:
        invited = services.invitation_renew(actor=request.staff, relative=relative)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("family:manage", recipient_pk=recipient.pk)
    return _manage(request, recipient, _invite_form(recipient), invited)


@allow("recipients.edit")
@require_POST
def revoke(request, pk: int):
    relative = selectors.get_relative_for(request.staff, pk)
    services.relative_revoke(actor=request.staff, relative=relative)
    messages.success(request, f"Доступ закрыт: {relative.full_name} больше не видит сведений.")
    return redirect("family:manage", recipient_pk=relative.recipient_id)


@allow("recipients.edit")
@require_POST
def withdraw(request, pk: int):
    relative = selectors.get_relative_for(request.staff, pk)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                [m for errors in form.errors.values() for m in errors] or "Проверьте дату."
            )
        services.consent_withdraw(
            actor=request.staff,
            relative=relative,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            today=timezone.localdate(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Отзыв согласия записан, доступ родственника закрыт.")
    return redirect("family:manage", recipient_pk=relative.recipient_id)
