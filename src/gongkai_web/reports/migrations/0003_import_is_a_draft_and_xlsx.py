# ruff: noqa  (a migration: declarative class attributes)
from django.db import migrations, models


class Migration(migrations.Migration):
    """An imported version starts unlocked (``locked_at`` empty until an approver locks it); versions keep
    their Excel file beside Word, PDF and the web page."""

    dependencies = [("reports", "0002_version_reading")]

    operations = [
        migrations.AlterField(
            model_name="reportversion",
            name="locked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="锁定时间"),
        ),
        migrations.AddField(
            model_name="reportversion",
            name="xlsx",
            field=models.BinaryField(default=b"", verbose_name="Excel 文件"),
        ),
    ]
