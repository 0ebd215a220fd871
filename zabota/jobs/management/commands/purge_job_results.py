"""python manage.py purge_job_results — files of jobs past ZABOTA_JOB_RESULT_DAYS are emptied
(the job stays in «Мои задания» with «срок хранения истёк»); old queue entries are pruned."""

from django.core.management import BaseCommand, call_command

from zabota.jobs.services import purge_job_results


class Command(BaseCommand):
    help = "Удаляет файлы результатов заданий, срок хранения которых истёк."

    def handle(self, *args, **options):
        count = purge_job_results()
        # The queue's own entries of finished tasks: the job records keep what a person needs.
        call_command("prune_db_task_results", min_age_days=30, verbosity=0)
        self.stdout.write(f"Удалено файлов результатов: {count}.")
