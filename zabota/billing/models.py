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
from django.utils.translation import gettext_lazy as _

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
        _("получатель платежа"),
        max_length=160,
        validators=[validate_qr_text],
        help_text=_(
            "Как в платёжном поручении, например «УФК по Кемеровской области — Кузбассу "
            "(ГБУ «КЦСОН», л/с 20396X00000)» или полное наименование учреждения."
        ),
    )
    inn = models.CharField(_("ИНН получателя"), max_length=12, validators=[validate_payee_inn])
    kpp = models.CharField(_("КПП получателя"), max_length=9, validators=[validate_kpp])
    account = models.CharField(
        _("счёт получателя"), max_length=20, help_text=_("20 цифр: расчётный или казначейский.")
    )
    bank_name = models.CharField(_("банк получателя"), max_length=45, validators=[validate_qr_text])
    bic = models.CharField(_("БИК банка"), max_length=9, validators=[validate_bic])
    correspondent_account = models.CharField(
        _("корреспондентский счёт банка"),
        max_length=20,
        help_text=_("20 цифр; у казначейских счетов — единый казначейский счёт (40102…)."),
    )
    cbc = models.CharField(
        _("КБК"),
        max_length=20,
        blank=True,
        help_text=_("Код бюджетной классификации дохода, если его требует казначейство."),
    )
    oktmo = models.CharField(_("ОКТМО"), max_length=11, blank=True)
    purpose = models.CharField(
        _("начало назначения платежа"),
        max_length=80,
        default="Оплата социальных услуг",
        validators=[validate_qr_text],
        help_text=_("К нему добавляются месяц, номер квитанции и лицевой счёт."),
    )
    updated_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("реквизиты получателя платежа")
        verbose_name_plural = _("реквизиты получателя платежа")

    def __str__(self) -> str:
        return f"{self.name}, р/с {self.account}"

    def clean(self) -> None:
        errors = account_errors(
            account=self.account, correspondent_account=self.correspondent_account, bic=self.bic
        )
        if self.cbc and not (self.cbc.isdigit() and len(self.cbc) == 20):
            errors["cbc"] = _("КБК состоит из 20 цифр.")
        if self.oktmo and not (self.oktmo.isdigit() and len(self.oktmo) in (8, 11)):
            errors["oktmo"] = _("ОКТМО состоит из 8 или 11 цифр.")
        if errors:
            raise ValidationError(errors)


class ChargeKind(models.TextChoices):
    MONTHLY = "monthly", _("за месяц")
    ADJUSTMENT = "adjustment", _("корректировка")


class Charge(models.Model):
    """A начисление: the fee of a month from the act's figures, or a correction of one (a new
    adjusting charge with the difference, never an edit). Its number goes on the receipt."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="charges")
    number = models.CharField(_("номер"), max_length=20)
    sequence = models.PositiveIntegerField()
    kind = models.CharField(_("вид"), max_length=12, choices=ChargeKind.choices)
    # The ledger month it is booked in, and the month of services it is for (they differ when
    # the month of services was already closed, and for corrections).
    month = models.DateField(_("учётный месяц"))
    service_month = models.DateField(_("за месяц услуг"))
    amount = models.DecimalField(_("сумма, ₽"), **MONEY)
    # The act's figures the amount came from (the due total after this charge, for a correction).
    services_total = models.DecimalField(_("услуг по акту, ₽"), default=Decimal(0), **MONEY)
    due_total = models.DecimalField(_("к оплате по акту, ₽"), default=Decimal(0), **MONEY)
    fee_kind = models.CharField(_("условие оплаты"), max_length=10, blank=True)
    reason = models.CharField(_("основание корректировки"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("начисление")
        verbose_name_plural = _("начисления")
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
    PAYMENT = "payment", _("оплата")
    REFUND = "refund", _("возврат")


class Channel(models.TextChoices):
    CASH_WORKER = "cash_worker", _("наличными через социального работника")
    CASH_OFFICE = "cash_office", _("наличными в кассу")
    BANK = "bank", _("через банк (вручную)")
    STATEMENT = "statement", _("по выписке банка")


class Payment(models.Model):
    """Money received from a recipient (or returned to one: a refund adds to the balance).
    A mistaken entry is cancelled with a reason while its month is open, never deleted."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="payments")
    kind = models.CharField(
        _("вид"), max_length=10, choices=PaymentKind.choices, default=PaymentKind.PAYMENT
    )
    channel = models.CharField(_("способ"), max_length=12, choices=Channel.choices)
    amount = models.DecimalField(
        _("сумма, ₽"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    paid_on = models.DateField(_("дата"))
    month = models.DateField(_("учётный месяц"))
    charge = models.ForeignKey(
        Charge,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("по квитанции"),
    )
    worker = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("принял(а) наличные"),
    )
    statement_line = models.OneToOneField(
        "billing.StatementLine", models.PROTECT, null=True, blank=True, related_name="payment"
    )
    note = models.CharField(_("примечание"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("причина отмены"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("платёж")
        verbose_name_plural = _("платежи")
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
    file_name = models.CharField(_("файл"), max_length=255)
    sha256 = models.CharField(max_length=64)
    account = models.CharField(_("счёт"), max_length=20, blank=True)
    date_from = models.DateField(_("с"), null=True, blank=True)
    date_to = models.DateField(_("по"), null=True, blank=True)
    encoding = models.CharField(_("кодировка"), max_length=10)
    documents = models.PositiveIntegerField(_("документов в файле"), default=0)
    booked = models.PositiveIntegerField(_("зачислено"), default=0)
    queued = models.PositiveIntegerField(_("на проверку"), default=0)
    known = models.PositiveIntegerField(_("уже загружено ранее"), default=0)
    outgoing = models.PositiveIntegerField(_("не поступления"), default=0)
    warnings = models.TextField(_("предупреждения"), blank=True)
    imported_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("выписка банка")
        verbose_name_plural = _("выписки банка")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "sha256"], name="bank_statement_once")
        ]

    def __str__(self) -> str:
        return f"Выписка «{self.file_name}»"


class LineStatus(models.TextChoices):
    BOOKED = "booked", _("зачислено")
    REVIEW = "review", _("на проверке")
    REJECTED = "rejected", _("отклонено")


class StatementLine(models.Model):
    """One incoming payment document of a statement; its fingerprint is unique in the
    institution, so a payment in two overlapping statements is booked once."""

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    statement = models.ForeignKey(BankStatement, models.PROTECT, related_name="lines")
    fingerprint = models.CharField(max_length=64)
    line = models.PositiveIntegerField(_("строка файла"))
    number = models.CharField(_("номер документа"), max_length=30, blank=True)
    document_date = models.DateField(_("дата документа"), null=True, blank=True)
    received_on = models.DateField(_("дата поступления"), null=True, blank=True)
    amount = models.DecimalField(_("сумма, ₽"), null=True, blank=True, **MONEY)
    amount_text = models.CharField(_("сумма в файле"), max_length=40, blank=True)
    payer = models.CharField(_("плательщик"), max_length=300, blank=True)
    payer_account = models.CharField(_("счёт плательщика"), max_length=30, blank=True)
    purpose = models.CharField(_("назначение платежа"), max_length=500, blank=True)
    status = models.CharField(_("состояние"), max_length=10, choices=LineStatus.choices)
    problem = models.CharField(_("почему на проверке"), max_length=500, blank=True)
    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, null=True, blank=True, related_name="+"
    )
    charge = models.ForeignKey(Charge, models.PROTECT, null=True, blank=True, related_name="+")
    resolved_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(_("решение"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("строка выписки")
        verbose_name_plural = _("строки выписок")
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
    month = models.DateField(_("месяц"))
    closed_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(_("причина открытия"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("закрытый месяц учёта оплаты")
        verbose_name_plural = _("закрытые месяцы учёта оплаты")
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
