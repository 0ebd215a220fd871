"""The demo's supervisor (login «supervisor», the demo password) over every institution of the
demo database."""

from django.contrib.auth import get_user_model

from zabota.core.demo import DEMO_PASSWORD, DemoContext
from zabota.organisation.models import Institution, Staff, Supervision
from zabota.organisation.roles import Role


def populate(ctx: DemoContext) -> None:
    user = get_user_model().objects.create_user(username="supervisor", password=DEMO_PASSWORD)
    supervisor = Staff.objects.create(
        user=user,
        institution=None,
        role=Role.SUPERVISOR,
        last_name="Белова",
        first_name="Ирина",
        middle_name="Викторовна",
        position="Начальник отдела социального обслуживания УСЗН",
    )
    Supervision.objects.bulk_create(
        Supervision(supervisor=supervisor, institution=institution)
        for institution in Institution.objects.order_by("pk")
    )
    ctx.staff["supervisor"] = supervisor
