"""The demo's routes: the departments start from the institution's address (the centre of the
town the recipients' homes are scattered around, zabota.core.demo_people), and three people of
department 1 have no coordinates, so the head's list «Адреса без координат» has work in it."""

from decimal import Decimal

from zabota.core.demo import DemoContext
from zabota.core.demo_people import CITY_CENTRE
from zabota.organisation.models import Department
from zabota.recipients.models import Recipient, RecipientStatus

WITHOUT_COORDINATES = 3


def populate(ctx: DemoContext) -> None:
    latitude, longitude = (Decimal(str(c)) for c in CITY_CENTRE)
    Department.objects.filter(institution=ctx.institution).update(
        latitude=latitude, longitude=longitude
    )
    first = Department.objects.filter(institution=ctx.institution).order_by("number").first()
    unplaced = Recipient.objects.filter(department=first, status=RecipientStatus.ACTIVE).order_by(
        "pk"
    )[:WITHOUT_COORDINATES]
    Recipient.objects.filter(pk__in=[r.pk for r in unplaced]).update(latitude=None, longitude=None)
