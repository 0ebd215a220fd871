import datetime

from django.urls import reverse

from zabota.programs.services import add_months


def recipient_crumbs(recipient, *tail) -> list:
    return [
        ("Получатели", reverse("recipients:list")),
        (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
        *tail,
    ]


def year_later(day: datetime.date) -> datetime.date:
    return add_months(day, 12) - datetime.timedelta(days=1)
