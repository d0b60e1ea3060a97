"""The register match: which agency of the supervisor's region a report's printed name means.

Exact name, short name or a remembered alias score 1; otherwise the closest names by
:class:`difflib.SequenceMatcher` (ratio 0…1). A report is filed by the matcher only when the best score
reaches ``GONGKAI_MATCH_THRESHOLD`` and no second agency comes within ``GONGKAI_MATCH_MARGIN`` of it;
everything else waits for a person."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

from gongkai_web.agencies.models import Agency

_SPACE = re.compile(r"\s+")


def normalise(name: str) -> str:
    """Full-width forms folded (NFKC), spaces removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


@dataclass
class Match:
    agency: Agency | None
    score: float
    how: str  # "exact" | "alias" | "fuzzy" | "none"
    candidates: list[dict[str, object]] = field(default_factory=list)

    @property
    def certain(self) -> bool:
        return self.agency is not None


def match_agency(printed: str, region: Agency, registers: dict[int, list[Agency]] | None = None) -> Match:
    """The agency of ``region`` (itself or below) that ``printed`` names. ``registers``: the region's agencies
    kept by region id between calls (a worker matching many reports of one batch reads them once)."""
    from gongkai_web.supervision.models import AgencyAlias

    name = normalise(printed)
    registers = {} if registers is None else registers
    agencies = registers.get(region.pk)
    if agencies is None:
        agencies = registers[region.pk] = list(
            Agency.objects.filter(path__under=region.path).only("pk", "name", "short_name")
        )
    if not name:
        return Match(None, 0.0, "none")
    for agency in agencies:
        if name in (normalise(agency.name), normalise(agency.short_name)):
            return Match(agency, 1.0, "exact", [_candidate(agency, 1.0)])
    alias = (
        AgencyAlias.objects.filter(name=name, agency__path__under=region.path)
        .select_related("agency")
        .first()
    )
    if alias is not None:
        return Match(alias.agency, 1.0, "alias", [_candidate(alias.agency, 1.0)])
    scored = sorted(((_score(name, a), a) for a in agencies), key=lambda s: -s[0])[:3]
    candidates = [_candidate(a, s) for s, a in scored if s > 0]
    if not scored:
        return Match(None, 0.0, "none")
    best, agency = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best >= settings.GONGKAI_MATCH_THRESHOLD and best - second >= settings.GONGKAI_MATCH_MARGIN:
        return Match(agency, best, "fuzzy", candidates)
    return Match(None, best, "fuzzy", candidates)


def _score(name: str, agency: Agency) -> float:
    return max(
        difflib.SequenceMatcher(None, name, normalise(n)).ratio()
        for n in (agency.name, agency.short_name)
        if n
    )


def _candidate(agency: Agency, score: float) -> dict[str, object]:
    return {"pk": agency.pk, "name": agency.name, "score": round(score, 3)}
