METHODOLOGIES_CRUMB = ("Методики оценки", "/care/methodologies/")
REASSESSMENTS_CRUMB = ("Повторные оценки", "/care/reassessments/")
RECIPIENTS_CRUMB = ("Получатели", "/recipients/")


def recipient_crumbs(recipient) -> list[tuple[str, str]]:
    return [RECIPIENTS_CRUMB, (recipient.full_name, f"/recipients/{recipient.pk}/")]
