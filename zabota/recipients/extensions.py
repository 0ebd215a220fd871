"""What the registry hooks into: the name search's SQLite function on every new connection."""

from django.db.backends.signals import connection_created

from zabota.recipients.search import register

connection_created.connect(register, dispatch_uid="zabota_recipients_name_match")
