"""Date a revision of the guide when a fact it is made from changes in the admin: an agency's name, address
or telephone, or a category of its 公开目录."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai_web.agencies.models import Agency
from gongkai_web.disclosures.models import Category
from gongkai_web.guides.models import GuideDetails
from gongkai_web.guides.services import sync_revision


@receiver(post_save, sender=Agency)
def agency_saved(sender: type[Agency], instance: Agency, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync_revision(instance)


@receiver(post_save, sender=Category)
def category_saved(sender: type[Category], instance: Category, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    agencies = [instance.agency] if instance.agency_id else Agency.objects.all()
    for agency in agencies:
        if agency is not None:
            sync_revision(agency)


@receiver(post_save, sender=GuideDetails)
def details_saved(
    sender: type[GuideDetails], instance: GuideDetails, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        sync_revision(instance.agency)
