"""A version of a collected report created one by one refreshes its indicators at once (the intake's
``filing.file_items`` writes them itself, for many versions together); whatever else changes what
the analysis pages and the API's counts show raises the data version (:mod:`.versions`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai_web.agencies.models import Agency
from gongkai_web.analysis import versions
from gongkai_web.analysis.models import IndicatorRow
from gongkai_web.analysis.services import store_indicators
from gongkai_web.supervision.models import CollectedReport, CollectedVersion


@receiver(post_save, sender=CollectedVersion, dispatch_uid="analysis_indicators")
def _version_filed(sender: type, instance: CollectedVersion, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata
    store_indicators(instance, latest=created)  # (a version is created with the next number)


@receiver(post_delete, sender=IndicatorRow, dispatch_uid="analysis_row_removed")
def _row_removed(sender: type, instance: IndicatorRow, **kwargs: Any) -> None:
    versions.bump([instance.year], rebuild=True)


@receiver(post_save, sender=CollectedReport, dispatch_uid="analysis_report_added")
@receiver(post_delete, sender=CollectedReport, dispatch_uid="analysis_report_removed")
def _report_added_or_removed(sender: type, instance: CollectedReport, **kwargs: Any) -> None:
    if kwargs.get("created", True) and not kwargs.get("raw"):  # (post_delete passes no `created`)
        versions.bump([instance.year])


@receiver(post_save, sender=Agency, dispatch_uid="analysis_agency_saved")
@receiver(post_delete, sender=Agency, dispatch_uid="analysis_agency_removed")
def _tree_changed(sender: type, instance: Agency, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        versions.bump_all()  # a name, a move (``path``) or a kind: every year's copy is computed again
