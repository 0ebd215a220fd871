from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.tables import Table
from zabota.core.xlsx import xlsx_response


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def xlsx_export(request, filename: str, *tables: Table, personal_data: bool = True):
    """An XLSX download; an export of personal data is written to the journal (152-ФЗ)."""
    response = xlsx_response(filename, *tables)
    if personal_data:
        audit_event(
            kind=EventKind.EXPORT,
            actor=request.staff,
            object_type="xlsx",
            object_repr=filename,
            details=f"{request.path}?{request.GET.urlencode()}",
        )
    return response
