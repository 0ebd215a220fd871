from django.urls import path

from zabota.programs.views import contracts, programs

app_name = "programs"
urlpatterns = [
    path("", programs.program_list, name="programs"),
    path("new/<int:recipient_pk>/", programs.program_new, name="program_new"),
    path("<int:pk>/", programs.program_detail, name="program"),
    path("<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("<int:pk>/approve/", programs.program_approve, name="program_approve"),
    path("<int:pk>/new-version/", programs.program_new_version, name="program_new_version"),
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/new/<int:recipient_pk>/", contracts.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/amend/", contracts.contract_amend, name="contract_amend"),
    path("contracts/<int:pk>/terminate/", contracts.contract_terminate, name="contract_terminate"),
]
