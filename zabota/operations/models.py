from django.db import models


class ErrorReport(models.Model):
    """A server error (HTTP 500) as the administrator reads it on the «Ошибки» page.

    Where and what failed, never the request's data: the path without its query, the user's id
    and login, the exception and its traceback (the code's lines, not the values of variables).
    Kept ZABOTA_ERROR_REPORT_DAYS, then removed by `purge_error_reports`.
    """

    occurred_at = models.DateTimeField("время", auto_now_add=True, db_index=True)
    # The request's id (zabota.operations.middleware): shown to the person on the error page.
    code = models.CharField("код ошибки", max_length=64, db_index=True)
    method = models.CharField("метод", max_length=10, blank=True)
    path = models.CharField("адрес страницы", max_length=500, blank=True)
    # Plain ids: the report outlives any change to the account.
    user_id = models.BigIntegerField("пользователь", null=True, blank=True)
    username = models.CharField("учётная запись", max_length=150, blank=True)
    # The institution of the user at the time, for scoping the page.
    institution = models.ForeignKey(
        "organisation.Institution", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exception_type = models.CharField("исключение", max_length=200)
    message = models.TextField("сообщение", blank=True)
    traceback = models.TextField("трассировка", blank=True)

    class Meta:
        verbose_name = "ошибка сервера"
        verbose_name_plural = "ошибки сервера"
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.exception_type}"
