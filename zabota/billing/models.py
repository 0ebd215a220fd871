"""Money after the act: the payee's bank details, charges, payments, bank statements and the
months the accountant has closed.

A recipient's ledger is a sum of rows, never a stored balance: charges (начисления) add to the
debt, payments take from it, refunds add back. A row is never edited: a charge is corrected by
an adjusting charge, a mistaken payment is cancelled (it leaves every sum) and a new one
entered. Each row is booked in a ledger month (`month`): the month whose turnover statement
shows it; a month the accountant has closed takes no new row.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from zabota.billing.validators import (
    account_errors,
    validate_bic,
    validate_kpp,
    validate_payee_inn,
    validate_qr_text,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class PayeeDetails(models.Model):
    """The institution's bank details as receipts print them and the QR code carries them
    (ГОСТ Р 56042-2014): entered once by the accountant, checked against their control keys."""

    institution = models.OneToOneField(
        "organisation.Institution", models.PROTECT, related_name="payee_details"
    )
    name = models.CharField(
        "получатель платежа",
        max_length=160,
        validators=[validate_qr_text],
        help_text=(
            "Как в платёжном поручении, например «УФК по Кемеровской области — Кузбассу "
            "(ГБУ «КЦСОН», л/с 20396X00000)» или полное наименование учреждения."
        ),
    )
    inn = models.CharField("ИНН получателя", max_length=12, validators=[validate_payee_inn])
    kpp = models.CharField("КПП получателя", max_length=9, validators=[validate_kpp])
    account = models.CharField(
        "счёт получателя", max_length=20, help_text="20 цифр: расчётный или казначейский."
    )
    bank_name = models.CharField("банк получателя", max_length=45, validators=[validate_qr_text])
    bic = models.CharField("БИК банка", max_length=9, validators=[validate_bic])
    correspondent_account = models.CharField(
        "корреспондентский счёт банка",
        max_length=20,
        help_text="20 цифр; у казначейских счетов — единый казначейский счёт (40102…).",
    )
    cbc = models.CharField(
        "КБК",
        max_length=20,
        blank=True,
        help_text="Код бюджетной классификации дохода, если его требует казначейство.",
    )
    oktmo = models.CharField("ОКТМО", max_length=11, blank=True)
    purpose = models.CharField(
        "начало назначения платежа",
        max_length=80,
        default="Оплата социальных услуг",
        validators=[validate_qr_text],
        help_text="К нему добавляются месяц, номер квитанции и лицевой счёт.",
    )
    updated_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "реквизиты получателя платежа"
        verbose_name_plural = "реквизиты получателя платежа"

    def __str__(self) -> str:
        return f"{self.name}, р/с {self.account}"

    def clean(self) -> None:
        errors = account_errors(
            account=self.account, correspondent_account=self.correspondent_account, bic=self.bic
        )
        if self.cbc and not (self.cbc.isdigit() and len(self.cbc) == 20):
            errors["cbc"] = "КБК состоит из 20 цифр."
        if self.oktmo and not (self.oktmo.isdigit() and len(self.oktmo) in (8, 11)):
            errors["oktmo"] = "ОКТМО состоит из 8 или 11 цифр."
        if errors:
            raise ValidationError(errors)


class ChargeKind(models.TextChoices):
    MONTHLY = "monthly", "за месяц"
    ADJUSTMENT = "adjustment", "корректировка"


class Charge(models.Model):
    """A начисление: the fee of a month from the act's figures, or a correction of one (a new
    adjusting charge with the difference, never an edit). Its number goes on the receipt."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="charges")
    number = models.CharField("номер", max_length=20)
    sequence = models.PositiveIntegerField()
    kind = models.CharField("вид", max_length=12, choices=ChargeKind.choices)
    # The ledger month it is booked in, and the month of services it is for (they differ when
    # the month of services was already closed, and for corrections).
    month = models.DateField("учётный месяц")
    service_month = models.DateField("за месяц услуг")
    amount = models.DecimalField("сумма, ₽", **MONEY)
    # The act's figures the amount came from (the due total after this charge, for a correction).
    services_total = models.DecimalField("услуг по акту, ₽", default=Decimal(0), **MONEY)
    due_total = models.DecimalField("к оплате по акту, ₽", default=Decimal(0), **MONEY)
    fee_kind = models.CharField("условие оплаты", max_length=10, blank=True)
    reason = models.CharField("основание корректировки", max_length=300, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "начисление"
        verbose_name_plural = "начисления"
        ordering = ["-month", "number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="charge_number_unique"),
            models.UniqueConstraint(
                fields=["institution", "month", "sequence"], name="charge_sequence_unique"
            ),
            # One monthly charge per person and month of services; the rest are corrections.
            models.UniqueConstraint(
                fields=["recipient", "service_month"],
                condition=Q(kind="monthly"),
                name="charge_one_monthly",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "month"], name="charge_institution_month"),
            models.Index(fields=["recipient", "month"], name="charge_recipient_month"),
        ]

    def __str__(self) -> str:
        return f"Начисление № {self.number}"


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", "оплата"
    REFUND = "refund", "возврат"


class Channel(models.TextChoices):
    CASH_WORKER = "cash_worker", "наличными через социального работника"
    CASH_OFFICE = "cash_office", "наличными в кассу"
    BANK = "bank", "через банк (вручную)"
    STATEMENT = "statement", "по выписке банка"


class Payment(models.Model):
    """Money received from a recipient (or returned to one: a refund adds to the balance).
    A mistaken entry is cancelled with a reason while its month is open, never deleted."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="payments")
    kind = models.CharField(
        "вид", max_length=10, choices=PaymentKind.choices, default=PaymentKind.PAYMENT
    )
    channel = models.CharField("способ", max_length=12, choices=Channel.choices)
    amount = models.DecimalField(
        "сумма, ₽", validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    paid_on = models.DateField("дата")
    month = models.DateField("учётный месяц")
    charge = models.ForeignKey(
        Charge,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name="по квитанции",
    )
    worker = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="принял(а) наличные",
    )
    statement_line = models.OneToOneField(
        "billing.StatementLine", models.PROTECT, null=True, blank=True, related_name="payment"
    )
    note = models.CharField("примечание", max_length=300, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField("причина отмены", max_length=300, blank=True)

    class Meta:
        verbose_name = "платёж"
        verbose_name_plural = "платежи"
        ordering = ["-paid_on", "-pk"]
        indexes = [
            models.Index(fields=["institution", "month"], name="payment_institution_month"),
            models.Index(fields=["recipient", "month"], name="payment_recipient_month"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} {self.amount} ₽ от {self.paid_on:%d.%m.%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class BankStatement(models.Model):
    """A bank statement file imported once (the same file again is refused by its hash)."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    file_name = models.CharField("файл", max_length=255)
    sha256 = models.CharField(max_length=64)
    account = models.CharField("счёт", max_length=20, blank=True)
    date_from = models.DateField("с", null=True, blank=True)
    date_to = models.DateField("по", null=True, blank=True)
    encoding = models.CharField("кодировка", max_length=10)
    documents = models.PositiveIntegerField("документов в файле", default=0)
    booked = models.PositiveIntegerField("зачислено", default=0)
    queued = models.PositiveIntegerField("на проверку", default=0)
    known = models.PositiveIntegerField("уже загружено ранее", default=0)
    outgoing = models.PositiveIntegerField("не поступления", default=0)
    warnings = models.TextField("предупреждения", blank=True)
    imported_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "выписка банка"
        verbose_name_plural = "выписки банка"
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "sha256"], name="bank_statement_once")
        ]

    def __str__(self) -> str:
        return f"Выписка «{self.file_name}»"


class LineStatus(models.TextChoices):
    BOOKED = "booked", "зачислено"
    REVIEW = "review", "на проверке"
    REJECTED = "rejected", "отклонено"


class StatementLine(models.Model):
    """One incoming payment document of a statement; its fingerprint is unique in the
    institution, so a payment in two overlapping statements is booked once."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    statement = models.ForeignKey(BankStatement, models.PROTECT, related_name="lines")
    fingerprint = models.CharField(max_length=64)
    line = models.PositiveIntegerField("строка файла")
    number = models.CharField("номер документа", max_length=30, blank=True)
    document_date = models.DateField("дата документа", null=True, blank=True)
    received_on = models.DateField("дата поступления", null=True, blank=True)
    amount = models.DecimalField("сумма, ₽", null=True, blank=True, **MONEY)
    amount_text = models.CharField("сумма в файле", max_length=40, blank=True)
    payer = models.CharField("плательщик", max_length=300, blank=True)
    payer_account = models.CharField("счёт плательщика", max_length=30, blank=True)
    purpose = models.CharField("назначение платежа", max_length=500, blank=True)
    status = models.CharField("состояние", max_length=10, choices=LineStatus.choices)
    problem = models.CharField("почему на проверке", max_length=500, blank=True)
    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, null=True, blank=True, related_name="+"
    )
    charge = models.ForeignKey(Charge, models.PROTECT, null=True, blank=True, related_name="+")
    resolved_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField("решение", max_length=300, blank=True)

    class Meta:
        verbose_name = "строка выписки"
        verbose_name_plural = "строки выписок"
        ordering = ["statement", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "fingerprint"], name="statement_line_once"
            )
        ]
        indexes = [models.Index(fields=["institution", "status"], name="statement_line_status")]

    def __str__(self) -> str:
        return f"Документ № {self.number or '—'} на {self.amount_text or '—'} ₽"


class LedgerClosing(models.Model):
    """A ledger month the accountant has closed after reconciling it: its turnover statement no
    longer changes; later payments and corrections are booked in the next open month.
    Reopening keeps the row and the audit journal says who and why."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    month = models.DateField("месяц")
    closed_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField("причина открытия", max_length=300, blank=True)

    class Meta:
        verbose_name = "закрытый месяц учёта оплаты"
        verbose_name_plural = "закрытые месяцы учёта оплаты"
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "month"],
                condition=Q(reopened_at__isnull=True),
                name="ledger_month_closed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}"


class ReceiptRunItem(models.Model):
    """A receipt a bulk run (a job of kind «receipts») has issued and archived: a run that goes
    on after an interruption skips these charges and packs these receipts as they are."""

    job = models.ForeignKey("jobs.Job", models.PROTECT, related_name="receipt_items")
    charge = models.ForeignKey(Charge, models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.IssuedDocument", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "квитанция выпуска"
        verbose_name_plural = "квитанции выпуска"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "charge"], name="receipt_run_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.charge_id}"
