"""What the rota adds to the apps below: a worker the head moved a visit to serves that
recipient on the visit's day (records it on the tablet, opens the card), as a substitute does."""

from zabota.organisation.access import register_covered
from zabota.rota.models import RotaMove


def moved_here_ids(staff, day):
    return RotaMove.objects.filter(new_worker=staff, new_on=day, cancelled_at__isnull=True).values(
        "recipient_id"
    )


register_covered(moved_here_ids)
