"""The one task of the queue (django-tasks): run a job by its id. Everything a job needs is in
its record, so the task's arguments are that id only."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    from zabota.jobs import runner, worker

    job = runner.execute(job_id, worker_id=worker.current_worker_id())
    return job.status if job else "missing"
