from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zabota.core.dates import when_text


class EventKind(models.TextChoices):
    LOGIN = "login", _("Вход в систему")
    LOGIN_FAILED = "login_failed", _("Неудачная попытка входа")
    LOGIN_LOCKED = "login_locked", _("Вход заблокирован")
    LOGOUT = "logout", _("Выход из системы")
    LOGOUT_EVERYWHERE = "logout_everywhere", _("Выход на всех устройствах")
    PASSWORD_CHANGED = "password_changed", _("Смена пароля")
    TOKEN_ISSUED = "token_issued", _("Выдан ключ устройства")
    TOKEN_REVOKED = "token_revoked", _("Отозван ключ устройства")
    VIEW = "view", _("Просмотр персональных данных")
    EXPORT = "export", _("Выгрузка персональных данных")
    PRINT = "print", _("Печать документа")
    CREATE = "create", _("Создание")
    UPDATE = "update", _("Изменение")
    ARCHIVE = "archive", _("Перевод в архив")
    ACCESS_DENIED = "access_denied", _("Отказ в доступе")
    MONTH_CLOSED = "month_closed", _("Закрытие месяца")
    MONTH_REOPENED = "month_reopened", _("Открытие закрытого месяца")
    IMPORT = "import", _("Загрузка данных")
    SETTINGS = "settings", _("Изменение настроек")
    PURGE = "purge", _("Удаление устаревших записей журнала")


class SecurityEvent(models.Model):
    """One entry of the security and audit journal (152-ФЗ; Приказ ФСТЭК № 21, РСБ.1–3, РСБ.7).

    Written only by `zabota.audit.services.audit_event`; the application offers no way to change
    or delete an entry (the model refuses it too); only `purge_security_events` removes entries
    older than the configured retention period.
    """

    occurred_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("событие"), max_length=30, choices=EventKind.choices)
    success = models.BooleanField(_("успешно"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The login typed, kept as text: a failed login may name no existing user.
    username = models.CharField(_("учётная запись"), max_length=150, blank=True)
    institution = models.ForeignKey(
        "organisation.Institution", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("адрес"), null=True, blank=True)
    user_agent = models.CharField(_("программа"), max_length=300, blank=True)
    object_type = models.CharField(_("тип объекта"), max_length=100, blank=True)
    object_id = models.CharField(_("номер объекта"), max_length=64, blank=True)
    object_repr = models.CharField(_("объект"), max_length=300, blank=True)
    # Kept as a plain id (no foreign key): the entry outlives any change to the recipient.
    recipient_id = models.BigIntegerField(_("получатель"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("изменения"), default=dict, blank=True)
    details = models.TextField(_("подробности"), blank=True)

    class Meta:
        verbose_name = _("событие журнала")
        verbose_name_plural = _("журнал событий")
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
