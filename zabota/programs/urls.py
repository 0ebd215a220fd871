from django.urls import path

from zabota.programs.views import contracts, lines, programs, typical_sets

app_name = "programs"
urlpatterns = [
    path("", programs.program_list, name="programs"),
    path("new/<int:recipient_pk>/", programs.program_new, name="program_new"),
    path("<int:pk>/", programs.program_detail, name="program"),
    path("<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("<int:pk>/approve/", programs.program_approve, name="program_approve"),
    path("<int:pk>/new-version/", programs.program_new_version, name="program_new_version"),
    path("lines/search/", lines.service_search, name="service_search"),
    path("lines/sum/", lines.lines_sum, name="lines_sum"),
    path("typical-sets/", typical_sets.typical_set_list, name="typical_sets"),
    path("typical-sets/new/", typical_sets.typical_set_new, name="typical_set_new"),
    path("typical-sets/<int:pk>/", typical_sets.typical_set_edit, name="typical_set_edit"),
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/new/<int:recipient_pk>/", contracts.contract_new, name="contract_new"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/amend/", contracts.contract_amend, name="contract_amend"),
    path("contracts/<int:pk>/terminate/", contracts.contract_terminate, name="contract_terminate"),
]
