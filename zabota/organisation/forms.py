from django import forms

from zabota.core.forms import StyledFormMixin
from zabota.organisation.models import Department, Institution


class InstitutionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "address",
            "city",
            "phone",
            "email",
            "director_name",
            "director_name_gent",
            "director_position",
            "acts_on_basis_of",
            "bank_details",
        ]
        widgets = {"bank_details": forms.Textarea(attrs={"rows": 3})}


class DepartmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["number", "name", "address", "is_active"]

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Department.objects.filter(institution=self.instance.institution, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Отделение с таким номером уже есть.")
        return number
