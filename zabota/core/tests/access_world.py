"""The objects the access matrix asks about: for each kind, one "ours" (department 1, the
recipient of worker1 and caregiver1), one "theirs" (department 2) and one of another
institution ("outsider")."""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

OWNERS = ("ours", "theirs", "outsider")


@dataclass
class Slot:
    recipient: object = None
    department: object = None
    institution: object = None
    program: object = None
    contract: object = None
    consent: object = None
    representative: object = None
    family_member: object = None
    record: object = None
    visit: object = None
    assessment: object = None
    care_plan: object = None
    document: object = None
    signature: object = None
    job: object = None
    job_file: object = None
    scheduled_job: object = None
    staff: object = None
    head: object = None
    category: object = None
    reason: object = None
    service: object = None
    methodology: object = None
    import_batch: object = None
    export_mapping: object = None
    token: object = None
    error_report: object = None
    charge: object = None
    payment: object = None
    statement: object = None
    statement_line: object = None
    survey: object = None
    complaint: object = None
    complaint_answer: object = None
    inspection: object = None
    absence: object = None
    violation: object = None
    alert: object = None
    egisso_package: object = None
    egisso_fact: object = None
    egisso_record: object = None
    relative: object = None
    typical_set: object = None
    intake: object = None
    intake_done: object = None


@dataclass
class World:
    personas: object
    slots: dict[str, Slot] = field(default_factory=dict)

    def __getitem__(self, owner: str) -> Slot:
        return self.slots[owner]


def build_world(personas, catalog) -> World:
    from zabota.accounts.models import DeviceToken
    from zabota.catalog.models import Service, ServiceType, Tariff
    from zabota.delivery.models import RecordSource, ServiceRecord, Visit
    from zabota.documents.services import document_issue
    from zabota.exchange.models import (
        EgissoFact,
        EgissoPackage,
        EgissoRecord,
        ExportMapping,
        ImportBatch,
    )
    from zabota.field.models import ActSignature
    from zabota.jobs.models import Job, JobFile
    from zabota.ltc.models import Assessment, CarePlan, Methodology
    from zabota.ltc.services.methodologies import ensure_shipped_methodologies
    from zabota.operations.models import ErrorReport
    from zabota.payments.models import FamilyMember
    from zabota.programs.models import (
        Contract,
        Program,
        ProgramService,
        ProgramStatus,
        TypicalSet,
        TypicalSetLine,
    )
    from zabota.recipients.models import (
        BenefitCategory,
        Consent,
        DischargeReason,
        Representative,
    )
    from zabota.testing import make_staff

    world = World(personas)
    other_institution = personas.outsider_recipient.institution
    other_department = personas.outsider_recipient.department
    other_head = make_staff(other_institution, "head", "other_head", other_department)
    other_worker = make_staff(other_institution, "social_worker", "other_worker", other_department)
    personas.outsider_recipient.social_worker = other_worker
    personas.outsider_recipient.save()
    other_service = Service.objects.create(
        institution=other_institution,
        service_type=ServiceType.objects.get(code=1),
        code="1.1",
        name="Покупка продуктов",
        time_norm_minutes=30,
    )
    Tariff.objects.create(
        service=other_service, effective_from=datetime.date(2025, 1, 1), price=Decimal(40)
    )
    other_program = Program.objects.create(
        recipient=personas.outsider_recipient,
        number="О-1",
        drawn_up_on=datetime.date(2025, 1, 10),
        valid_from=datetime.date(2025, 1, 15),
        valid_until=datetime.date(2027, 12, 31),
        provider="Соседний",
        status=ProgramStatus.IN_FORCE,
    )
    ProgramService.objects.create(
        program=other_program, service=other_service, quantity_per_month=8
    )
    layout = {
        "ours": (
            personas.recipient_of_worker1,
            personas.department1,
            personas.institution,
            catalog.programs[personas.recipient_of_worker1.pk],
            personas.worker1,
            personas.head1,
            catalog.shopping,
        ),
        "theirs": (
            personas.recipient_in_department2,
            personas.department2,
            personas.institution,
            catalog.programs[personas.recipient_in_department2.pk],
            personas.worker_other_department,
            personas.head2,
            catalog.cleaning,
        ),
        "outsider": (
            personas.outsider_recipient,
            other_department,
            other_institution,
            other_program,
            other_worker,
            other_head,
            other_service,
        ),
    }
    today = timezone.localdate()
    for owner, (
        recipient,
        department,
        institution,
        program,
        worker,
        head,
        service,
    ) in layout.items():
        slot = Slot(
            recipient=recipient,
            department=department,
            institution=institution,
            program=program,
            staff=worker,
            head=head,
            service=service,
        )
        slot.contract = Contract.objects.create(
            institution=institution,
            recipient=recipient,
            program=program,
            year=2025,
            sequence=recipient.pk,
            number=f"{recipient.pk}/2025",
            concluded_on=datetime.date(2025, 1, 15),
            valid_from=datetime.date(2025, 1, 15),
            valid_until=datetime.date(2027, 12, 31),
            fee_kind="free",
            monthly_fee=Decimal(0),
            status="draft",
        )
        slot.typical_set = TypicalSet.objects.create(institution=institution, name=f"Набор {owner}")
        TypicalSetLine.objects.create(
            typical_set=slot.typical_set, service=service, times_per_week=2
        )
        slot.consent = Consent.objects.create(
            recipient=recipient, given_on=datetime.date(2025, 1, 15), text_version="1"
        )
        slot.representative = Representative.objects.create(
            recipient=recipient,
            kind="proxy",
            last_name="Представителева",
            first_name="Анна",
            basis="доверенность",
        )
        slot.family_member = FamilyMember.objects.create(
            recipient=recipient,
            last_name="Сынов",
            first_name="Иван",
            relation="сын",
            birth_date=datetime.date(1970, 1, 1),
        )
        slot.visit = Visit.objects.create(
            institution=institution,
            recipient=recipient,
            worker=worker,
            visited_on=today,
            needs_review=True,
            source=RecordSource.WEB,
        )
        slot.record = ServiceRecord.objects.create(
            institution=institution,
            department=department,
            recipient=recipient,
            service=service,
            worker=worker,
            visit=slot.visit,
            performed_on=today,
            quantity=Decimal(1),
            price=Decimal(10),
            amount=Decimal(10),
            norm_minutes=Decimal(10),
        )
        ensure_shipped_methodologies(institution=institution)
        methodology = Methodology.objects.filter(institution=institution).order_by("pk").first()
        slot.methodology = methodology
        slot.assessment = Assessment.objects.create(
            recipient=recipient,
            methodology=methodology,
            status="submitted",
            answers={},
            total=Decimal(30),
            outcome_code="3",
            outcome_title="Третий",
            hours_per_week=Decimal(21),
            reassess_months=6,
            points=[],
            assessed_on=today,
            assessor=head,
            next_assessment_on=today + datetime.timedelta(days=180),
        )
        slot.care_plan = CarePlan.objects.create(
            recipient=recipient,
            assessment=slot.assessment,
            status="draft",
            hours_per_week=Decimal(21),
            starts_on=today,
            created_by=head,
        )
        slot.document = document_issue(actor=head, kind="consent", recipient=recipient)
        slot.signature = ActSignature.objects.create(
            uuid=uuid.uuid4(),
            recipient=recipient,
            month=today.replace(day=1),
            image=b"\x89PNG",
            signed_at=timezone.now(),
            captured_by=worker,
        )
        slot.job = Job.objects.create(
            institution=institution,
            department=head.department,
            kind="acts",
            scope=f"{today:%Y-%m}/{head.department_id}",
            title=f"Акты {owner}",
            started_by=head,
            status="done",
        )
        # The timer's day of alerts: nobody started it (docs/jobs.md, «по расписанию»).
        slot.scheduled_job = Job.objects.create(
            institution=institution,
            kind="alerts",
            scope=f"{today:%Y-%m-%d}/{owner}",
            title=f"Оповещения {owner}",
            started_by=None,
            status="done",
        )
        slot.job_file = JobFile.objects.create(
            job=slot.job, name="Акты.zip", content_type="application/zip", content=b"PK", size=2
        )
        slot.category = BenefitCategory.objects.create(
            institution=institution, name=f"Категория {owner}"
        )
        slot.reason = DischargeReason.objects.create(
            institution=institution, name=f"Причина {owner}"
        )
        slot.import_batch = ImportBatch.objects.create(
            institution=institution, file_name="list.xlsx", content=b"", size=0, created_by=head
        )
        slot.export_mapping = ExportMapping.objects.create(
            institution=institution, name=f"Формат {owner}", columns=[]
        )
        slot.token = DeviceToken.objects.create(
            user=worker.user,
            device="Планшет",
            token_hash=DeviceToken.hash(f"raw-{owner}"),
            prefix="raw",
        )
        slot.error_report = ErrorReport.objects.create(
            code=f"CODE-{owner}",
            path="/recipients/",
            user_id=worker.user_id,
            username=worker.user.username,
            institution=institution,
            exception_type="RuntimeError",
        )
        _billing(slot, head, today)
        slot.egisso_package = EgissoPackage.objects.create(
            institution=institution,
            package_id=uuid.uuid4(),
            run=uuid.uuid4(),
            date_from=datetime.date(2025, 1, 1),
            date_to=datetime.date(2025, 1, 31),
            file_name="egisso.xml",
            content=b"<data/>",
            counts={"fact": 1},
            created_by=head,
        )
        slot.egisso_fact = EgissoFact.objects.create(
            institution=institution,
            program=program,
            recipient=recipient,
            uuid=uuid.uuid4(),
            first_package=slot.egisso_package,
        )
        EgissoRecord.objects.create(
            fact=slot.egisso_fact,
            package=slot.egisso_package,
            uuid=slot.egisso_fact.uuid,
            kind="fact",
            cause="new",
            reason="новый факт",
            created_by=head,
        )
        slot.egisso_record = EgissoRecord.objects.create(
            fact=slot.egisso_fact,
            uuid=uuid.uuid4(),
            kind="duplicatesInvalidation",
            cause="duplicate",
            reason="дубль",
            status="queued",
            created_by=head,
        )
        _quality(slot, owner, head, worker, today)
        _family(slot, head, today)
        _intakes(slot, head)
        world.slots[owner] = slot
    return world


def _billing(slot: Slot, head, today) -> None:
    """A charge, a payment, a bank statement and a line of it waiting for review."""
    from zabota.billing.models import BankStatement, Charge, Payment, StatementLine

    month = today.replace(day=1)
    slot.charge = Charge.objects.create(
        institution=slot.institution,
        department=slot.department,
        recipient=slot.recipient,
        number=f"{month:%Y%m}-{slot.recipient.pk:05d}",
        sequence=slot.recipient.pk,
        kind="monthly",
        month=month,
        service_month=month,
        amount=Decimal("100.00"),
    )
    slot.payment = Payment.objects.create(
        institution=slot.institution,
        department=slot.department,
        recipient=slot.recipient,
        channel="cash_office",
        amount=Decimal("10.00"),
        paid_on=today,
        month=month,
    )
    slot.statement = BankStatement.objects.create(
        institution=slot.institution,
        file_name="kl_to_1c.txt",
        sha256=f"{slot.recipient.pk:064d}",
        encoding="cp1251",
        imported_by=head,
    )
    slot.statement_line = StatementLine.objects.create(
        institution=slot.institution,
        statement=slot.statement,
        fingerprint=f"{slot.recipient.pk:064d}",
        line=10,
        amount=Decimal("5.00"),
        amount_text="5.00",
        purpose="За маму",
        status="review",
        problem="В назначении платежа нет номера квитанции или лицевого счёта.",
    )


def _quality(slot, owner, head, worker, today) -> None:
    """A survey, an appeal about the slot's worker with an answer, an inspection with a
    violation, and an alert of the slot's worker; and an absence of the worker (next month)."""
    from zabota.absences.models import Absence
    from zabota.quality.models import (
        Alert,
        Complaint,
        ComplaintAnswer,
        Inspection,
        Survey,
        Violation,
    )
    from zabota.quality.services import checklist_in_use, questionnaire_in_use

    recipient, institution = slot.recipient, slot.institution
    slot.survey = Survey.objects.create(
        form_uuid=uuid.uuid4(),
        institution=institution,
        department=slot.department,
        questionnaire=questionnaire_in_use(institution),
        recipient=recipient,
        taken_on=today,
        channel="visit",
        status="answered",
        answers={"q1": 5},
        answer_count=1,
        satisfied_count=1,
        grade_total=5,
        taken_by=head,
    )
    sequence = OWNERS.index(owner) + 1
    slot.complaint = Complaint.objects.create(
        form_uuid=uuid.uuid4(),
        institution=institution,
        year=today.year,
        sequence=sequence,
        number=f"О-{sequence}/{today.year}",
        received_on=today,
        channel="letter",
        applicant="Заявителева Анна Ивановна",
        recipient=recipient,
        department=slot.department,
        worker=worker,
        content="Опоздание социального работника",
        responsible=head,
        due_on=today + datetime.timedelta(days=30),
        created_by=head,
    )
    slot.complaint_answer = ComplaintAnswer.objects.create(
        complaint=slot.complaint,
        number=f"ОТВ-{sequence}/{today.year}",
        issued_on=today,
        template_version=0,
        content=b"PK",
        checksum="0" * 64,
        issued_by=head,
    )
    slot.absence = Absence.objects.create(
        institution=institution,
        worker=worker,
        kind="leave",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=44),
        created_by=head,
    )
    slot.inspection = Inspection.objects.create(
        form_uuid=uuid.uuid4(),
        institution=institution,
        department=slot.department,
        worker=worker,
        recipient=recipient,
        inspector=head,
        inspected_on=today,
        checklist=checklist_in_use(institution),
        findings=[],
    )
    slot.violation = Violation.objects.create(
        inspection=slot.inspection,
        item="Документы на дому",
        description="Нет графика посещений",
        correct_by=today + datetime.timedelta(days=14),
    )
    slot.alert = Alert.objects.create(
        person=worker,
        kind="visit_missed",
        object_type="recipients.recipient",
        object_id=recipient.pk,
        period=today,
        text="Не отмечено посещение",
        url=f"/recipients/{recipient.pk}/",
    )


def _family(slot: Slot, head, today) -> None:
    """A relative let in to the family view of the slot's recipient (no login yet)."""
    from zabota.family.models import Relative

    slot.relative = Relative.objects.create(
        recipient=slot.recipient,
        last_name="Родственникова",
        first_name="Ольга",
        relation="дочь",
        consent_given_on=today,
        created_by=head,
    )


def _intakes(slot: Slot, head) -> None:
    """An unfinished intake of the department, and a finished one with its issued document."""
    from zabota.intake.models import Intake, IntakeStatus

    slot.intake = Intake.objects.create(
        institution=slot.institution,
        department=slot.department,
        created_by=head,
        full_name="Новикова Ольга Павловна",
    )
    slot.intake_done = Intake.objects.create(
        institution=slot.institution,
        department=slot.department,
        created_by=head,
        full_name=slot.recipient.full_name,
        recipient=slot.recipient,
        status=IntakeStatus.DONE,
        step="documents",
        result={"documents": [slot.document.pk]},
    )
