"""Pre-filling the declined ФИО stored on a recipient (documents use the stored forms)."""

from zabota.rules.names import decline

DECLINED_FIELDS = {
    "gent": "name_gent",
    "datv": "name_datv",
    "accs": "name_accs",
    "ablt": "name_ablt",
    "loct": "name_loct",
}


def declined_forms(full_name: str, gender: str | None) -> dict[str, str]:
    return {field: decline(full_name, case, gender) for case, field in DECLINED_FIELDS.items()}


def fill_declined_names(recipient, *, force: bool = False) -> None:
    """Fill the empty forms (all of them when `force`, e.g. after the name itself changed)."""
    forms = declined_forms(recipient.full_name, recipient.gender or None)
    for field, value in forms.items():
        if force or not getattr(recipient, field):
            setattr(recipient, field, value)
