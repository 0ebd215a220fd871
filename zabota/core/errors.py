from django.shortcuts import render

from zabota.core.params import BadParameter


def bad_request(request, exception=None):
    # Only our own refusals carry a message meant for the user; Django's are technical English.
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """The page of a server error with its code (the request's id, under which the error is on
    the «Ошибки» page and in the log), for the person to read out to the administrator."""
    # No context processors on the 500 page: the error may come from the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    code = getattr(request, "error_code", "") or getattr(request, "request_id", "")
    return HttpResponseServerError(loader.get_template("500.html").render({"code": code}))
