"""The page of the depersonalised export: a period and a format in, a file out."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from zabota.core.access import allow
from zabota.core.xlsx import XLSX_CONTENT_TYPE, download_response
from zabota.exchange.depersonalised.services import depersonalised_export
from zabota.exchange.egisso.forms import PeriodForm
from zabota.exchange.models import ExportFormat


class DepersonalisedForm(PeriodForm):
    file_format = forms.ChoiceField(
        label="Формат файла", choices=ExportFormat.choices, initial=ExportFormat.XLSX
    )


@allow("exchange.run")
def depersonalised(request):
    form = DepersonalisedForm(request.GET if "date_from" in request.GET else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            name, content, _rows = depersonalised_export(
                actor=request.staff,
                date_from=data["date_from"],
                date_to=data["date_to"],
                file_format=data["file_format"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            content_type = (
                XLSX_CONTENT_TYPE
                if data["file_format"] == ExportFormat.XLSX
                else "text/csv; charset=utf-8"
            )
            return download_response(content, name, content_type)
    return render(
        request,
        "exchange/depersonalised.html",
        {
            "form": form,
            "breadcrumbs": [
                ("Обмен данными", reverse("exchange:index")),
                ("Обезличенная выгрузка", None),
            ],
        },
    )
