# The device key is a credential: its model moved to the accounts app. Only Django's idea of
# where the model lives changes; the table api_devicetoken and its rows stay as they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_device_token_revoked_reason"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DeviceToken")],
            database_operations=[],
        ),
    ]
