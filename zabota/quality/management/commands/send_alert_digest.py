"""python manage.py send_alert_digest

One letter a day to each person with new alerts, when a mail server is configured
(ZABOTA_EMAIL_URL) and the person's account has an e-mail address. Kinds and counts only.
"""

from django.conf import settings
from django.core.management import BaseCommand

from zabota.quality.services import alert_digest_send


class Command(BaseCommand):
    help = "Рассылает сотрудникам сводку новых оповещений по электронной почте."

    def handle(self, *args, **options):
        if not settings.ZABOTA_ALERT_MAIL:
            self.stdout.write("Почта не настроена (ZABOTA_EMAIL_URL): письма не отправляются.")
            return
        sent = alert_digest_send()
        self.stdout.write(f"Отправлено писем: {sent}.")
