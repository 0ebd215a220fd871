"""The demo's supervisor (login «supervisor», the demo password) over every institution of the
demo: made in the first institution's pass, attached again in the second's (core.demo.run_demo);
and the installation administrator (login «installation»)."""

from django.contrib.auth import get_user_model

from zabota.core.demo import DEMO_PASSWORD, DemoContext
from zabota.organisation.models import Staff, Supervision
from zabota.organisation.roles import Role


def populate(ctx: DemoContext) -> None:
    supervisor = Staff.objects.filter(user__username="supervisor").first()
    if supervisor is None:
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
    Supervision.objects.get_or_create(supervisor=supervisor, institution=ctx.institution)
    ctx.staff["supervisor"] = supervisor
    if not Staff.objects.filter(role=Role.INSTALLATION_ADMIN).exists():
        user = get_user_model().objects.create_user(username="installation", password=DEMO_PASSWORD)
        Staff.objects.create(
            user=user,
            institution=None,
            role=Role.INSTALLATION_ADMIN,
            last_name="Гусев",
            first_name="Павел",
            middle_name="Андреевич",
            position="Администратор системы (министерство)",
        )
