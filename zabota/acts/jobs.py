"""Running a bulk act run in the background: a separate process of `manage.py acts --run ID`,
so a long run never ties up a web worker; tests (ZABOTA_JOBS_INLINE) run it in place."""

import logging
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from zabota.acts.bulk import acts_bulk
from zabota.acts.models import ActRun

logger = logging.getLogger(__name__)


def start(run: ActRun) -> None:
    if getattr(settings, "ZABOTA_JOBS_INLINE", False):
        execute(run.pk)
        return
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.Popen(  # noqa: S603 - our own command with an integer argument
        [sys.executable, str(manage), "acts", "--run", str(run.pk)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        # Standard error is the server's (journald): the run's log lines and a crash land there.
        stderr=None,
        start_new_session=True,
    )


def execute(run_id: int) -> ActRun:
    run = ActRun.objects.select_related("started_by", "department").get(pk=run_id)
    if run.status != ActRun.Status.QUEUED:
        return run
    run.status = ActRun.Status.RUNNING
    run.save(update_fields=["status"])
    logger.info(
        "act run %s started: %s, department %s, staff %s",
        run.pk,
        f"{run.month:%Y-%m}",
        run.department_id or "all",
        run.started_by_id,
    )

    def progress(done: int, total: int) -> None:
        ActRun.objects.filter(pk=run.pk).update(done=done, total=total)

    try:
        result = acts_bulk(
            actor=run.started_by, month=run.month, department=run.department, on_progress=progress
        )
    except ValidationError as error:
        run.status, run.message = ActRun.Status.FAILED, " ".join(error.messages)
        logger.warning("act run %s refused by its checks (the reason is on its page)", run.pk)
    except Exception as error:  # the page must say the run failed rather than spin forever
        run.status, run.message = ActRun.Status.FAILED, f"Непредвиденная ошибка: {error}"
        logger.exception("act run %s failed", run.pk)
        raise
    else:
        run.status = ActRun.Status.DONE
        run.done = run.total = len(result.documents) + len(result.skipped)
        run.skipped = [{"name": name, "reason": reason} for name, reason in result.skipped]
        run.zip_content = result.zip_bytes()
        run.pdf_content = result.pdf or None
        run.message = f"Актов: {len(result.documents)}; не составлено: {len(result.skipped)}."
        logger.info(
            "act run %s finished: %d acts, %d skipped",
            run.pk,
            len(result.documents),
            len(result.skipped),
        )
    finally:
        run.finished_at = timezone.now()
        run.save()
    return run
