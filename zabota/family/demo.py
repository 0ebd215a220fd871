"""Demo data of the family view: a relative of a recipient of department 1 who had visits in the
last 30 days — the recipient's consent recorded by the head, the link used — with the login
«relative1» and the demo's common password. Through the services, as the pages make it."""

import datetime
import secrets

from django.contrib.auth.hashers import make_password

from zabota.core.demo import DEMO_PASSWORD, DemoContext
from zabota.delivery.models import Visit
from zabota.family.services import invitation_accept, relative_invite
from zabota.recipients.models import RecipientStatus


def populate(ctx: DemoContext) -> None:
    if ctx.institution is None or not ctx.departments:
        return
    department = ctx.departments[0]
    head = ctx.heads.get(department.pk)
    if head is None:
        return
    since = ctx.today - datetime.timedelta(days=29)
    visit = (
        Visit.objects.filter(
            recipient__department=department,
            recipient__status=RecipientStatus.ACTIVE,
            visited_on__range=(since, ctx.today),
        )
        .select_related("recipient")
        .order_by("recipient__last_name", "recipient_id")
        .first()
    )
    if visit is None:
        return
    recipient = visit.recipient
    surname = recipient.last_name if recipient.gender == "male" else _male(recipient.last_name)
    invited = relative_invite(
        actor=head,
        recipient=recipient,
        representative=None,
        last_name=surname,
        first_name="Андрей",
        middle_name="Викторович",
        relation="сын" if recipient.gender == "female" else "брат",
        consent_given_on=ctx.today - datetime.timedelta(days=10),
        consent_signed_by_representative=False,
        today=ctx.today,
    )
    # The link is used as a relative would; the demo's common password is then set as the
    # staff's are (it is below the password rules a relative's own choice must pass).
    user = invitation_accept(
        token=invited.token, username=ctx.login("relative1"), password=secrets.token_urlsafe(16)
    )
    user.password = make_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    ctx.log(f"  родственник {user.username}: {recipient.full_name}")


def _male(surname: str) -> str:
    """Иванова → Иванов, Петрова → Петров; other surnames stay as they are."""
    for ending in ("ова", "ева", "ина"):
        if surname.endswith(ending):
            return surname[:-1]
    return surname
