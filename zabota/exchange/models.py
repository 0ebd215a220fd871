from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    RECIPIENTS = "recipients", _("Получатели социальных услуг")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("загружен, столбцы не сопоставлены")
    INVALID = "invalid", _("есть ошибки")
    CHECKED = "checked", _("проверен, можно загрузить")
    COMMITTED = "committed", _("загружен в реестр")
    CANCELLED = "cancelled", _("отменён")


class ImportBatch(models.Model):
    """One uploaded file on its way into the registry: the bytes, the mapping and the outcome."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="import_batches"
    )
    kind = models.CharField(
        _("что загружается"),
        max_length=20,
        choices=ImportKind.choices,
        default=ImportKind.RECIPIENTS,
    )
    file_name = models.CharField(_("файл"), max_length=255)
    # The file itself is kept: nothing a person uploaded is lost between the steps, and the
    # batch shows later what exactly was loaded.
    content = models.BinaryField(_("содержимое файла"))
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    status = models.CharField(
        _("состояние"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    # {field key: column index (0-based)} as chosen on the mapping screen.
    mapping = models.JSONField(_("сопоставление столбцов"), default=dict, blank=True)
    # The last check or, once committed, the outcome: one entry per row of the file.
    report = models.JSONField(_("результат проверки"), default=dict, blank=True)
    # {"create": n, "update": n, "unchanged": n, "error": n, "rows": n}, shown in the list.
    counts = models.JSONField(_("итоги"), default=dict, blank=True)
    # A fingerprint of the checked plan: the commit refuses if the registry changed since.
    plan_digest = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name=_("загрузил")
    )
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    committed_at = models.DateTimeField(_("внесён в реестр"), null=True, blank=True)

    class Meta:
        verbose_name = _("загрузка файла")
        verbose_name_plural = _("загрузки файлов")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "created_at"], name="import_batch_time")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d.%m.%Y %H:%M})"


class ImportMapping(models.Model):
    """The columns an institution's files usually have: remembered for the next upload."""

    institution = models.ForeignKey(
        "organisation.Institution", models.CASCADE, related_name="import_mappings"
    )
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    # {field key: header as written in the file}
    headers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("сопоставление столбцов загрузки")
        verbose_name_plural = _("сопоставления столбцов загрузки")
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind"], name="import_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_kind_display()}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"


class CsvEncoding(models.TextChoices):
    UTF8 = "utf-8-sig", _("UTF-8")
    CP1251 = "cp1251", _("Windows-1251")


class CsvDelimiter(models.TextChoices):
    SEMICOLON = ";", _("точка с запятой (;)")
    COMMA = ",", _("запятая (,)")
    TAB = "\t", _("табуляция")


class DateStyle(models.TextChoices):
    RUSSIAN = "%d.%m.%Y", _("ДД.ММ.ГГГГ")
    ISO = "%Y-%m-%d", _("ГГГГ-ММ-ДД")


class ExportMapping(models.Model):
    """A file layout the regional system expects: an ordered list of (header, field path)."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="export_mappings"
    )
    name = models.CharField(_("название"), max_length=200)
    # A key of zabota.exchange.catalogue.SOURCES: what one row of the file is.
    source = models.CharField(_("строка файла"), max_length=40, default="recipients")
    # [[header, field path], …] in the order of the file's columns.
    columns = models.JSONField(_("столбцы"), default=list)
    file_format = models.CharField(
        _("формат файла"), max_length=4, choices=ExportFormat.choices, default=ExportFormat.CSV
    )
    encoding = models.CharField(
        _("кодировка CSV"), max_length=10, choices=CsvEncoding.choices, default=CsvEncoding.CP1251
    )
    delimiter = models.CharField(
        _("разделитель CSV"),
        max_length=1,
        choices=CsvDelimiter.choices,
        default=CsvDelimiter.SEMICOLON,
    )
    date_style = models.CharField(
        _("запись дат"), max_length=10, choices=DateStyle.choices, default=DateStyle.RUSSIAN
    )
    is_active = models.BooleanField(_("используется"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("формат выгрузки")
        verbose_name_plural = _("форматы выгрузки")
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="export_mapping_unique")
        ]

    def __str__(self) -> str:
        return self.name
