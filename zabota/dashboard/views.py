from django.shortcuts import render

from zabota.core.access import allow
from zabota.core.widgets import widgets_for


@allow("staff")
def home(request):
    return render(request, "dashboard/home.html", {"widgets": widgets_for(request)})
