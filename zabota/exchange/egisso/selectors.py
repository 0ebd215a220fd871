"""Reading the ЕГИССО log, always within the person's institution and scope."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.core.lists import words_query
from zabota.exchange.egisso.models import EgissoFact, EgissoPackage, EgissoRecord
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.rules.identifiers import snils_digits


def packages_for(staff: Staff) -> QuerySet[EgissoPackage]:
    # The file's bytes stay in the database until it is downloaded.
    return (
        EgissoPackage.objects.filter(institution_id=staff.institution_id)
        .defer("content")
        .select_related("created_by", "receipt_by")
    )


def get_package_for(staff: Staff, pk: int) -> EgissoPackage:
    """A package of the person's institution; 404 otherwise."""
    return get_object_or_404(
        EgissoPackage.objects.filter(institution_id=staff.institution_id).select_related(
            "created_by", "receipt_by"
        ),
        pk=pk,
    )


def facts_for(staff: Staff) -> QuerySet[EgissoFact]:
    return EgissoFact.objects.filter(institution_id=staff.institution_id).filter(
        recipient_scope(staff, "recipient__")
    )


def search_facts(staff: Staff, *, text: str = "", status: str = "") -> QuerySet[EgissoFact]:
    facts = facts_for(staff).select_related("recipient", "program")
    text = text.strip()
    if text:
        digits = snils_digits(text)
        if digits.isdigit() and len(digits) >= 3:
            facts = facts.filter(recipient__snils__contains=digits)
        else:
            facts = facts.filter(
                words_query(
                    text,
                    ["recipient__last_name", "recipient__first_name", "recipient__middle_name"],
                )
                | Q(program__number__iexact=text)
            )
    if status:
        facts = facts.filter(status=status)
    return facts.order_by("recipient__last_name", "recipient__first_name", "recipient_id", "pk")


def get_fact_for(staff: Staff, pk: int) -> EgissoFact:
    return get_object_or_404(facts_for(staff).select_related("recipient", "program"), pk=pk)


def records_of_package(package: EgissoPackage) -> QuerySet[EgissoRecord]:
    return package.records.select_related("fact__recipient", "fact__program").order_by("pk")


def get_queued_record_for(staff: Staff, pk: int) -> EgissoRecord:
    return get_object_or_404(
        EgissoRecord.objects.filter(fact__in=facts_for(staff), package__isnull=True).select_related(
            "fact"
        ),
        pk=pk,
    )
