from django.urls import path

from zabota.api.api import api
from zabota.api.docs import docs_asset

app_name = "api"
urlpatterns = [
    path("v1/", api.urls),
    path("docs-assets/<str:name>", docs_asset, name="docs_asset"),
]
