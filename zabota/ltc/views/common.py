from django.urls import reverse, reverse_lazy

METHODOLOGIES_CRUMB = ("Методики оценки", reverse_lazy("ltc:methodologies"))
REASSESSMENTS_CRUMB = ("Повторные оценки", reverse_lazy("ltc:reassessments"))
RECIPIENTS_CRUMB = ("Получатели", reverse_lazy("recipients:list"))


def recipient_crumbs(recipient) -> list[tuple[str, str]]:
    return [
        RECIPIENTS_CRUMB,
        (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
    ]
