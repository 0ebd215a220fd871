import secrets

from django.core.validators import RegexValidator
from django.db import models

from zabota.core.dates import when_text
from zabota.rules.egisso import PARTICIPANT_CODE


class ImportKind(models.TextChoices):
    RECIPIENTS = "recipients", "Получатели социальных услуг"
    INCOMES = "incomes", "Доходы по СНИЛС"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "загружен, столбцы не сопоставлены"
    INVALID = "invalid", "есть ошибки"
    CHECKED = "checked", "проверен, можно загрузить"
    COMMITTED = "committed", "загружен в реестр"
    CANCELLED = "cancelled", "отменён"


class ImportBatch(models.Model):
    """One uploaded file on its way into the registry: the bytes, the mapping and the outcome."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="import_batches"
    )
    kind = models.CharField(
        "что загружается",
        max_length=20,
        choices=ImportKind.choices,
        default=ImportKind.RECIPIENTS,
    )
    file_name = models.CharField("файл", max_length=255)
    # The file itself is kept: nothing a person uploaded is lost between the steps, and the
    # batch shows later what exactly was loaded.
    content = models.BinaryField("содержимое файла")
    size = models.PositiveIntegerField("размер, байт", default=0)
    status = models.CharField(
        "состояние", max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    # {field key: column index (0-based)} as chosen on the mapping screen.
    mapping = models.JSONField("сопоставление столбцов", default=dict, blank=True)
    # The last check or, once committed, the outcome: one entry per row of the file.
    report = models.JSONField("результат проверки", default=dict, blank=True)
    # {"create": n, "update": n, "unchanged": n, "error": n, "rows": n}, shown in the list.
    counts = models.JSONField("итоги", default=dict, blank=True)
    # A fingerprint of the checked plan: the commit refuses if the registry changed since.
    plan_digest = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name="загрузил"
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    committed_at = models.DateTimeField("внесён в реестр", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка файла"
        verbose_name_plural = "загрузки файлов"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "created_at"], name="import_batch_time")]

    def __str__(self) -> str:
        return f"{self.file_name} ({when_text(self.created_at)})"


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
        verbose_name = "сопоставление столбцов загрузки"
        verbose_name_plural = "сопоставления столбцов загрузки"
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind"], name="import_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_kind_display()}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"


class CsvEncoding(models.TextChoices):
    UTF8 = "utf-8-sig", "UTF-8"
    CP1251 = "cp1251", "Windows-1251"


class CsvDelimiter(models.TextChoices):
    SEMICOLON = ";", "точка с запятой (;)"
    COMMA = ",", "запятая (,)"
    TAB = "\t", "табуляция"


class DateStyle(models.TextChoices):
    RUSSIAN = "%d.%m.%Y", "ДД.ММ.ГГГГ"
    ISO = "%Y-%m-%d", "ГГГГ-ММ-ДД"


class ExportMapping(models.Model):
    """A file layout the regional system expects: an ordered list of (header, field path)."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="export_mappings"
    )
    name = models.CharField("название", max_length=200)
    # A key of zabota.exchange.catalogue.SOURCES: what one row of the file is.
    source = models.CharField("строка файла", max_length=40, default="recipients")
    # [[header, field path], …] in the order of the file's columns.
    columns = models.JSONField("столбцы", default=list)
    file_format = models.CharField(
        "формат файла", max_length=4, choices=ExportFormat.choices, default=ExportFormat.CSV
    )
    encoding = models.CharField(
        "кодировка CSV", max_length=10, choices=CsvEncoding.choices, default=CsvEncoding.CP1251
    )
    delimiter = models.CharField(
        "разделитель CSV",
        max_length=1,
        choices=CsvDelimiter.choices,
        default=CsvDelimiter.SEMICOLON,
    )
    date_style = models.CharField(
        "запись дат", max_length=10, choices=DateStyle.choices, default=DateStyle.RUSSIAN
    )
    is_active = models.BooleanField("используется", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "формат выгрузки"
        verbose_name_plural = "форматы выгрузки"
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="export_mapping_unique")
        ]

    def __str__(self) -> str:
        return self.name


class DecisionDateRule(models.TextChoices):
    """Which date of our records is the ЕГИССО «дата принятия решения о назначении»."""

    DRAWN_UP = "drawn_up", "дата составления ИППСУ"
    VALID_FROM = "valid_from", "дата начала действия ИППСУ"
    CONTRACT = "contract", "дата заключения договора (если договора нет — составления ИППСУ)"


class EgissoSettings(models.Model):
    """The institution's identifiers in ЕГИССО (ЕЦП), given at its registration there."""

    institution = models.OneToOneField(
        "organisation.Institution", models.PROTECT, related_name="egisso_settings"
    )
    # assignment-fact-1.0.8.xsd oszCode, type tParticipantCode.
    onmsz_code = models.CharField(
        "код ОНМСЗ (поставщика)",
        max_length=11,
        validators=[
            RegexValidator(
                f"^{PARTICIPANT_CODE.pattern}$",
                (
                    "Код ОНМСЗ — 11 знаков: четыре заглавные латинские буквы (кроме I и O) или "
                    "цифры, точка и шесть цифр, например 1234.000001."
                ),
            )
        ],
        help_text="Код участника ЕГИССО, например 1234.000001.",
    )
    lmsz_id = models.UUIDField(
        "идентификатор ЛМСЗ",
        help_text="Локальная мера социальной защиты «социальное обслуживание на дому» в ЕГИССО.",
    )
    category_id = models.UUIDField(
        "идентификатор категории получателей по умолчанию",
        help_text="Локальная категория получателей ЛМСЗ; для льготных категорий — ниже.",
    )
    decision_date_rule = models.CharField(
        "дата решения о назначении",
        max_length=20,
        choices=DecisionDateRule.choices,
        default=DecisionDateRule.DRAWN_UP,
    )
    # ОКЕИ code of the unit of «количество» in serviceForm (tOKEICode: 3 or 4 digits).
    okei_code = models.CharField(
        "код единицы измерения по ОКЕИ",
        max_length=4,
        default="876",
        validators=[RegexValidator(r"^\d{3,4}$", "Код ОКЕИ — 3 или 4 цифры.")],
        help_text="876 — условная единица (объём ИППСУ в услугах разных единиц).",
    )
    require_identity_document = models.BooleanField(
        "требовать документ, удостоверяющий личность",
        default=True,
        help_text="Без отметки факт выгружается и без документа (в схеме он необязателен).",
    )
    updated_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "настройки выгрузки в ЕГИССО"
        verbose_name_plural = "настройки выгрузки в ЕГИССО"

    def __str__(self) -> str:
        return f"ЕГИССО: {self.onmsz_code}"


class EgissoCategory(models.Model):
    """A benefit category's own ЕГИССО category id, instead of the default one."""

    settings = models.ForeignKey(EgissoSettings, models.CASCADE, related_name="categories")
    benefit_category = models.ForeignKey(
        "recipients.BenefitCategory", models.PROTECT, related_name="+"
    )
    category_id = models.UUIDField("идентификатор категории ЕГИССО")

    class Meta:
        verbose_name = "категория ЕГИССО льготной категории"
        verbose_name_plural = "категории ЕГИССО льготных категорий"
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "benefit_category"], name="egisso_category_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benefit_category_id}: {self.category_id}"


def new_secret() -> str:
    return secrets.token_hex(32)


class PseudonymKey(models.Model):
    """The institution's secret for the pseudonyms of depersonalised exports; never exported.

    Kept in the centre: whoever receives an export cannot trace a pseudonym back without it
    (152-ФЗ ст. 3 п. 9). Replacing it changes every pseudonym, so it is never edited.
    """

    institution = models.OneToOneField(
        "organisation.Institution", models.PROTECT, related_name="pseudonym_key"
    )
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ключ псевдонимов обезличенной выгрузки"
        verbose_name_plural = "ключи псевдонимов обезличенной выгрузки"

    def __str__(self) -> str:
        # Never the secret itself: str() reaches logs and the audit journal.
        return f"Ключ псевдонимов учреждения {self.institution_id}"


# The ЕГИССО log lives beside its code; imported here so that Django finds the models.
from zabota.exchange.egisso.models import (  # noqa: E402, F401
    EgissoDischargeCause,
    EgissoFact,
    EgissoPackage,
    EgissoRecord,
)
