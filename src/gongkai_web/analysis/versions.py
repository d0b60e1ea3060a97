"""The data version of each year's indicator rows (:class:`DataVersion`): what keys the regions' years kept in
each process (``services.region_year``) and the read API's counts, so that a request asks one small row
whether anything changed instead of aggregating over every report."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from gongkai_web.analysis.models import DataVersion

ALL = 0  #: the ``year`` of the version of every year together


def bump(years: Iterable[int], *, rebuild: bool = False) -> dict[int, int]:
    """Raise the version of each of ``years`` (and of all years together); the new numbers by year.
    ``rebuild``: rows left the years (a copy kept in a process must be computed again, not patched)."""
    wanted = sorted({*years, ALL})
    change = {"number": F("number") + 1, **({"rebuilt": F("number") + 1} if rebuild else {})}
    with transaction.atomic():
        if DataVersion.objects.filter(year__in=wanted).update(**change) < len(wanted):  # a year's first
            had = set(DataVersion.objects.filter(year__in=wanted).values_list("year", flat=True))
            new = [DataVersion(year=y) for y in wanted if y not in had]
            DataVersion.objects.bulk_create(new, ignore_conflicts=True)
            DataVersion.objects.filter(year__in=[v.year for v in new]).update(**change)
        return dict(DataVersion.objects.filter(year__in=wanted).values_list("year", "number"))


def bump_all() -> None:
    """The agency tree changed (a name, a move): every year is computed again."""
    DataVersion.objects.update(number=F("number") + 1, rebuilt=F("number") + 1)


def current(year: int) -> tuple[int, int]:
    """``(number, rebuilt)`` of ``year`` (one indexed row)."""
    found = DataVersion.objects.filter(year=year).values_list("number", "rebuilt").first()
    return found or (0, 0)
