from django.conf import settings
from django.db import models

from zabota.core.dates import when_text


class EventKind(models.TextChoices):
    LOGIN = "login", "Вход в систему"
    LOGIN_FAILED = "login_failed", "Неудачная попытка входа"
    LOGIN_LOCKED = "login_locked", "Вход заблокирован"
    LOGOUT = "logout", "Выход из системы"
    LOGOUT_EVERYWHERE = "logout_everywhere", "Выход на всех устройствах"
    PASSWORD_CHANGED = "password_changed", "Смена пароля"
    TOKEN_ISSUED = "token_issued", "Выдан ключ устройства"
    TOKEN_REVOKED = "token_revoked", "Отозван ключ устройства"
    VIEW = "view", "Просмотр персональных данных"
    EXPORT = "export", "Выгрузка персональных данных"
    PRINT = "print", "Печать документа"
    CREATE = "create", "Создание"
    UPDATE = "update", "Изменение"
    ARCHIVE = "archive", "Перевод в архив"
    ACCESS_DENIED = "access_denied", "Отказ в доступе"
    MONTH_CLOSED = "month_closed", "Закрытие месяца"
    MONTH_REOPENED = "month_reopened", "Открытие закрытого месяца"
    IMPORT = "import", "Загрузка данных"
    SETTINGS = "settings", "Изменение настроек"
    PURGE = "purge", "Удаление устаревших записей журнала"


class SecurityEvent(models.Model):
    """One entry of the security and audit journal (152-ФЗ; Приказ ФСТЭК № 21, РСБ.1–3, РСБ.7).

    Written only by `zabota.audit.services.audit_event`; the application offers no way to change
    or delete an entry (the model refuses it too); only `purge_security_events` removes entries
    older than the configured retention period.
    """

    occurred_at = models.DateTimeField("время", auto_now_add=True, db_index=True)
    kind = models.CharField("событие", max_length=30, choices=EventKind.choices)
    success = models.BooleanField("успешно", default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The login typed, kept as text: a failed login may name no existing user.
    username = models.CharField("учётная запись", max_length=150, blank=True)
    institution = models.ForeignKey(
        "organisation.Institution", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField("адрес", null=True, blank=True)
    user_agent = models.CharField("программа", max_length=300, blank=True)
    object_type = models.CharField("тип объекта", max_length=100, blank=True)
    object_id = models.CharField("номер объекта", max_length=64, blank=True)
    object_repr = models.CharField("объект", max_length=300, blank=True)
    # Kept as a plain id (no foreign key): the entry outlives any change to the recipient.
    recipient_id = models.BigIntegerField("получатель", null=True, blank=True, db_index=True)
    changes = models.JSONField("изменения", default=dict, blank=True)
    details = models.TextField("подробности", blank=True)

    class Meta:
        verbose_name = "событие журнала"
        verbose_name_plural = "журнал событий"
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["kind", "occurred_at"], name="audit_kind_time")]

    def __str__(self) -> str:
        return f"{when_text(self.occurred_at)} {self.get_kind_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        # РСБ.7: an entry, once written, is not changed.
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise PermissionError("security events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("security events are removed only by purge_security_events")
