import datetime

from zabota.programs.services import add_months


def recipient_crumbs(recipient, *tail) -> list:
    return [
        ("Получатели", "/recipients/"),
        (recipient.full_name, f"/recipients/{recipient.pk}/"),
        *tail,
    ]


def year_later(day: datetime.date) -> datetime.date:
    return add_months(day, 12) - datetime.timedelta(days=1)
