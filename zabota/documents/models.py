from django.db import models
from django.db.models import Q


class DocumentTemplate(models.Model):
    """An uploaded version of a document kind's DOCX template (version 0 is the shipped default)."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="document_templates"
    )
    kind = models.CharField("вид документа", max_length=40)
    version = models.PositiveIntegerField("версия")
    # The DOCX itself: a database backup holds every version, no separate file store to lose.
    content = models.BinaryField("файл DOCX")
    filename = models.CharField("имя файла", max_length=255)
    note = models.CharField("примечание", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        "organisation.Staff",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="загрузил",
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "шаблон документа"
        verbose_name_plural = "шаблоны документов"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind", "version"], name="document_template_version_unique"
            ),
            # At most one uploaded version is in use; none means the shipped default (version 0).
            models.UniqueConstraint(
                fields=["institution", "kind"],
                condition=Q(is_active=True),
                name="document_template_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}, версия {self.version}"


class DocumentCounter(models.Model):
    """The last number given to a document kind in a year, per institution."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "счётчик номеров документов"
        verbose_name_plural = "счётчики номеров документов"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind", "year"], name="document_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    """A document as it was issued: the exact DOCX, its number and checksum; never changed."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="issued_documents"
    )
    recipient = models.ForeignKey(
        "recipients.Recipient",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name="получатель",
    )
    kind = models.CharField("вид документа", max_length=40)
    number = models.CharField("номер", max_length=50)
    issued_on = models.DateField("дата")
    title = models.CharField("наименование", max_length=300)
    template_version = models.PositiveIntegerField("версия шаблона")
    content = models.BinaryField("файл DOCX")
    # sha256 of `content`: shows that the stored file is the one issued.
    checksum = models.CharField("контрольная сумма SHA-256", max_length=64)
    issued_by = models.ForeignKey(
        "organisation.Staff",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="выдал",
    )
    issued_at = models.DateTimeField("время выдачи", auto_now_add=True)
    # The object the document is about, kept as text so that any app can be referred to:
    # ("programs.contract", "42").
    object_type = models.CharField("тип связанного объекта", max_length=100, blank=True)
    object_id = models.CharField("номер связанного объекта", max_length=64, blank=True)
    period = models.CharField("период", max_length=10, blank=True)
    # sha256 of what the document says less its number and date (services.content_fingerprint):
    # printing again unchanged content gives back this entry instead of a new number.
    fingerprint = models.CharField("отпечаток содержимого", max_length=64, blank=True)

    class Meta:
        verbose_name = "выданный документ"
        verbose_name_plural = "архив выданных документов"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind", "number"], name="issued_document_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["institution", "issued_on"], name="issued_document_date_idx"),
            models.Index(fields=["recipient", "issued_at"], name="issued_document_recipient_idx"),
            models.Index(fields=["object_type", "object_id"], name="issued_document_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} № {self.number} от {self.issued_on:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        # An issued document is evidence: re-issuing makes a new entry, an entry never changes.
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise PermissionError("issued documents are never changed; issue a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("issued documents are never deleted")
