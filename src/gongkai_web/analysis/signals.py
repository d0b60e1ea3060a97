"""A newly filed version of a collected report refreshes its indicators at once."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai_web.analysis.services import store_indicators
from gongkai_web.supervision.models import CollectedVersion


@receiver(post_save, sender=CollectedVersion, dispatch_uid="analysis_indicators")
def _version_filed(sender: type, instance: CollectedVersion, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata
    store_indicators(instance)
