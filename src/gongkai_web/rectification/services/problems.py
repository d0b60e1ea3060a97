"""A collected version's findings in full, problems opened from them (one per finding, or one per report
grouping them), and the transitions of a problem's life cycle."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.layout import printed_label
from gongkai.model import Location
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import ACTIONS, can, require, visible_agencies_q
from gongkai_web.common.saving import versioned_update
from gongkai_web.rectification.models import Problem
from gongkai_web.rectification.transitions import (
    ACTIVE,
    TRANSITIONS,
    ProblemError,
    Transition,
    ensure_allowed,
)
from gongkai_web.supervision.models import CollectedReport, CollectedVersion

#: the severities a supervisor is offered as problems (an ``info`` finding is a remark, not an error)
FLAGGED = ("error", "warning")
AUDITED = ("status", "reason")


def label(path: str) -> str:
    """A model path as the table prints it, or ``""`` for what is no table cell (``template``)."""
    try:
        text = printed_label(path)
    except (KeyError, ValueError, IndexError):
        return ""
    return "" if text == path else text


def place(location: dict[str, Any] | None) -> str:
    """Where a value was read (``第2页表3行5列4``), or ``""``."""
    if not location:
        return ""
    text = str(Location.model_validate(location))
    return "" if text == "?" else text


def where(finding: dict[str, Any]) -> str:
    """The cells of a finding as printed, each with where it was read (``…·总计（第2页表3行5列4）``)."""
    labels, places = finding["labels"], finding["places"]
    return "；".join(
        label + (f"（{places[i]}）" if i < len(places) and places[i] else "")
        for i, label in enumerate(labels)
        if label
    )


def finding_key(code: str, paths: Iterable[str]) -> str:
    """What identifies a finding across versions: its rule and its cells (the message may quote values that
    the correction changed)."""
    return f"{code}|{','.join(sorted(paths))}"


def finding_record(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding as the intake kept it (:meth:`gongkai.Finding.to_dict`, in ``CollectedVersion.checks``) as a
    problem is opened from it: its key, its cells as printed and where each was read."""
    paths = list(finding.get("paths") or [])
    return {
        "key": finding_key(finding["code"], paths),
        "code": finding["code"],
        "name": finding.get("name", ""),
        "severity": finding["severity"],
        "message": finding["message"],
        "paths": paths,
        "labels": [label(p) for p in paths],
        # where each cell was read; a finding kept before the intake kept locations has its places as text
        "places": [place(loc) for loc in finding.get("locations") or []] or list(finding.get("places", [])),
    }


def version_findings(version: CollectedVersion) -> list[dict[str, Any]]:
    """Every error and warning of ``version``, once per key: read from the findings kept when the version was
    checked at intake (``CollectedVersion.checks``: the file's document rules included, never read again);
    findings a person accepted are left out."""
    seen: set[str] = set()
    out = []
    for _i, f in version.counted_checks():
        if f["severity"] not in FLAGGED:
            continue
        record = finding_record(f)
        if record["key"] not in seen:
            seen.add(record["key"])
            out.append(record)
    return out


def visible_problems(user: User) -> QuerySet[Problem]:
    """The problems ``user`` may see: a supervisor's region and below; an agency user's own agency."""
    if user.role in ACTIONS["rectify"]:
        return Problem.objects.filter(visible_agencies_q(user))
    if user.role in ACTIONS["answer_rectification"] and user.agency_id is not None:
        return Problem.objects.filter(agency_id=user.agency_id)
    return Problem.objects.none()


def can_see(user: User, agency: Any) -> bool:
    """A supervisor above the agency, or the agency's own staff."""
    return can(user, "rectify", agency) or can(user, "answer_rectification", agency)


def require_see(user: User, agency: Any) -> None:
    if not can_see(user, agency):
        require(user, "rectify", agency)  # raises PermissionDenied with the usual message


def open_problems(
    actor: User, report: CollectedReport, keys: Iterable[str], *, grouped: bool = False
) -> list[Problem]:
    """Open problems for the findings ``keys`` of the report's latest version: one each, or one for all
    (``grouped``). A finding already in an unfinished problem of the report is not opened twice."""
    require(actor, "rectify", report.agency)
    assert actor.agency is not None
    version = report.versions.order_by("-number").first()
    if version is None:
        raise ProblemError(_("该报告还没有收到任何版本"))
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        raise ProblemError(_("请至少选择一个问题"), field="keys")
    with transaction.atomic():
        CollectedReport.objects.select_for_update().get(pk=report.pk)  # two clicks open nothing twice
        taken = {
            k
            for p in report.problems.filter(status__in=ACTIVE)
            for k in p.keys  # type: ignore[attr-defined]
        }
        by_key = {f["key"]: f for f in version_findings(version)}
        chosen = [by_key[k] for k in wanted if k in by_key and k not in taken]
        if not chosen:
            raise ProblemError(_("所选问题已全部登记，或在最新版本中已不存在"), field="keys")
        groups = [chosen] if grouped else [[f] for f in chosen]
        opened = []
        for findings in groups:
            summary = (
                findings[0]["message"]
                if len(findings) == 1
                else _("%(n)s 项问题：%(first)s……") % {"n": len(findings), "first": findings[0]["message"]}
            )
            problem = Problem.objects.create(
                region=actor.agency,
                agency=report.agency,
                report=report,
                found_in=version,
                findings=findings,
                summary=summary[:300],
                opened_by=actor,
            )
            audit.record(
                actor,
                "problem_open",
                problem,
                agency=report.agency,
                before=None,
                after={"status": problem.status, "findings": [f["key"] for f in findings]},
            )
            opened.append(problem)
    return opened


def take(
    actor: User,
    problem: Problem,
    name: str,
    *,
    expected_version: int | None,
    reason: str = "",
) -> Problem:
    """Take the transition ``name`` of :data:`~gongkai_web.rectification.transitions.TRANSITIONS`."""
    transition: Transition | None = TRANSITIONS.get(name)
    if transition is None:
        raise ProblemError(_("没有这项操作"))
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise ProblemError(_("请说明认可不改的理由"), field="reason")
    with versioned_update(
        actor,
        problem,
        expected_version=expected_version,
        permission=transition.permission,
        action=transition.action,
        audited=AUDITED,
        error=ProblemError,
    ) as fresh:
        ensure_allowed(actor, fresh, transition)
        fresh.status = transition.target
        if transition.needs_reason:
            fresh.reason = reason
    return fresh
