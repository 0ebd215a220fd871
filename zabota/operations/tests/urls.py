"""The application's URLs plus pages that fail on purpose, for the tests of server errors."""

import logging

from django.urls import path

from zabota.core.access import allow, public
from zabota.urls import urlpatterns as application

logger = logging.getLogger("zabota.operations.tests")


@allow("staff")
def boom(request):
    logger.warning("the page is about to fail")
    raise RuntimeError("сломалось на шаге 3")


@public
def anonymous_boom(request):
    raise ValueError("нет такого шага")


@public
def logs(request):
    from django.http import HttpResponse

    logger.warning("a line of this request")
    return HttpResponse("ok")


urlpatterns = [
    path("test/boom/", boom),
    path("test/anonymous-boom/", anonymous_boom),
    path("test/logs/", logs),
    *application,
]
handler500 = "zabota.core.errors.server_error"
