# ruff: noqa: RUF012  (Django migration options are declarative class attributes)
"""表二 figures addressed by model path per template (``licensing.decisions``, ``procurement.amount`` …), and
the unit of the 2019 采购总金额.

The old keys named a row of the 2021 template and meant its one entered column: ``licensing`` / ``penalty`` /
``coercion`` → ``<row>.decisions``, ``fees`` → ``fees.amount`` (万元). A ``fees`` figure of a 2019–2020 year
becomes ``fees.amount`` too, which the 2019 template has no cell for: the 表二 page lists it apart, as not
part of that year's template, so nothing entered is lost.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

import gongkai_web.disclosures.models

#: Old key → new key (kept here, not imported: a migration must not change when the models do).
FORWARD = {
    "licensing": "licensing.decisions",
    "penalty": "penalty.decisions",
    "coercion": "coercion.decisions",
    "fees": "fees.amount",
}


def convert_keys(apps: Any, schema_editor: Any) -> None:
    figure = apps.get_model("disclosures", "AnnualFigure")
    for old, new in FORWARD.items():
        figure.objects.filter(key=old).update(key=new)


def restore_keys(apps: Any, schema_editor: Any) -> None:
    """Back to the old keys; the figures the old keys cannot name (the 2019 item counts, 采购) are dropped."""
    figure = apps.get_model("disclosures", "AnnualFigure")
    for old, new in FORWARD.items():
        figure.objects.filter(key=new).update(key=old)
    figure.objects.exclude(key__in=list(FORWARD)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0003_figure_labels_from_catalog"),
    ]

    operations = [
        migrations.AlterField(
            model_name="annualfigure",
            name="key",
            field=models.CharField(
                choices=gongkai_web.disclosures.models.figure_choices, max_length=40, verbose_name="项目"
            ),
        ),
        migrations.AddField(
            model_name="annualfigure",
            name="unit",
            field=models.CharField(
                blank=True,
                choices=[("元", "元"), ("万元", "万元")],
                help_text="仅2019年版表二的采购总金额填写",
                max_length=4,
                verbose_name="金额单位",
            ),
        ),
        migrations.RunPython(convert_keys, restore_keys),
    ]
