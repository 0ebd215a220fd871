# The device key's model, moved here from the api app (api/0003): the table api_devicetoken
# and its rows stay as they are; only the state learns the model's new home.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_lock_pending_and_last_success"),
        ("api", "0003_device_token_moved_to_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DeviceToken",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("device", models.CharField(max_length=100, verbose_name="устройство")),
                        ("token_hash", models.CharField(max_length=64, unique=True)),
                        ("prefix", models.CharField(max_length=8)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("revoked_reason", models.CharField(blank=True, choices=[("manual", "отозван вручную"), ("device", "выход на устройстве"), ("everywhere", "выход на всех устройствах"), ("password", "смена пароля"), ("deactivated", "учётная запись отключена"), ("idle", "долго не использовался")], max_length=20)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="device_tokens", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "ключ устройства",
                        "verbose_name_plural": "ключи устройств",
                        "ordering": ["-created_at"],
                        "db_table": "api_devicetoken",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
