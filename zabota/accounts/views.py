from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zabota.accounts.forms import ChangeOwnPasswordForm, LoginForm
from zabota.accounts.middleware import LAST_SEEN, LOGGED_IN_AT
from zabota.accounts.models import DeviceToken
from zabota.accounts.selectors import get_token_for
from zabota.accounts.services import (
    STAFF,
    account_kinds,
    login_attempt,
    login_refusal,
    logout_everywhere,
    revoke_device_token,
    staff_set_password,
)
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.access import allow, public
from zabota.core.addresses import client_ip


@public
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = login_attempt(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            ip_address=client_ip(request),
            kinds=account_kinds(),
        )
        if result.user is not None:
            login(request, result.user)
            now = timezone.now().timestamp()
            request.session[LOGGED_IN_AT] = now
            request.session[LAST_SEEN] = now
            if result.kind is not STAFF:
                # A relative (zabota.family) has one page of their own and no staff page to
                # return to.
                return redirect(result.kind.home)
            home = reverse("dashboard:home")
            next_url = request.POST.get("next") or request.GET.get("next") or home
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = home
            return redirect(next_url)
        form.add_error(None, login_refusal(result))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@public
@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit_event(kind=EventKind.LOGOUT, user=request.user)
    logout(request)
    return redirect("accounts:login")


@allow("staff")
def profile(request):
    staff = request.staff
    form = ChangeOwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        staff_set_password(actor=staff, staff=staff, password=form.cleaned_data["password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "Пароль изменён.")
        return redirect("accounts:profile")
    tokens = DeviceToken.objects.filter(user=request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "staff": staff,
            "form": form,
            "tokens": tokens,
            "breadcrumbs": [("Профиль", None)],
        },
    )


@allow("staff")
@require_POST
def logout_everywhere_view(request):
    logout_everywhere(staff=request.staff)
    logout(request)
    messages.info(request, "Выполнен выход на всех устройствах.")
    return redirect("accounts:login")


@allow("staff")
@require_POST
def token_revoke(request, pk: int):
    token = get_token_for(request.staff, pk)
    revoke_device_token(actor=request.staff, token=token)
    messages.success(request, f"Ключ устройства «{token.device}» отозван.")
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    return redirect(back or "accounts:profile")
