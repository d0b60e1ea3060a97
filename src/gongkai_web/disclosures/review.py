"""The review of a catalogue entry (条例第十七条), one function per step of
:data:`~gongkai_web.disclosures.transitions.TRANSITIONS`. Each step, in ONE transaction, checks the table
(permission and current status) and the version the form was opened with, writes the step into the entry's
record (:class:`~gongkai_web.disclosures.models.DisclosureStep`, kept for good), moves the status and writes
the audit entry (:func:`~gongkai_web.common.saving.versioned_update`).

A published entry changes only by :func:`correct` (with a reason) or :func:`retract` (撤稿, with a reason).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai_web.agencies.models import User
from gongkai_web.common.saving import versioned_update
from gongkai_web.disclosures.models import Attribute, Disclosure, DisclosureStep, Step
from gongkai_web.disclosures.services import AUDITED, DisclosureError, apply_changes, next_index_number
from gongkai_web.disclosures.transitions import TRANSITIONS, ensure_allowed

REVIEW_AUDITED = (*AUDITED, "status", "index_number")


@contextmanager
def _step(
    actor: User, item: Disclosure, step: Step, *, expected_version: int | None, **record: str
) -> Iterator[Disclosure]:
    """Take ``step`` on ``item``: yield the locked fresh copy to change, then record the step and move the
    status (the audit entry is written by :func:`versioned_update`)."""
    transition = TRANSITIONS[step]
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission=transition.permission,
        action=step,
        audited=REVIEW_AUDITED,
        saved=("sequence", "year", "published_at"),
        error=DisclosureError,
    ) as fresh:
        ensure_allowed(actor, fresh, transition)
        yield fresh
        fresh.status = transition.target
        DisclosureStep.objects.create(disclosure=fresh, kind=step, actor=actor, **record)
    item.refresh_from_db()


def _required(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise DisclosureError(message, field=field)
    return text.strip()


def submit_for_review(actor: User, item: Disclosure, *, expected_version: int | None) -> None:
    """草稿 → 待审查."""
    with _step(actor, item, Step.SUBMIT, expected_version=expected_version):
        pass


def clear(
    actor: User, item: Disclosure, *, expected_version: int | None, confidentiality: str, legality: str
) -> None:
    """Record the 保密审查 and the 合法性审查 (each with the reviewer's opinion): 待审查 → 审查通过. The
    drafter may not review their own draft."""
    confidentiality = _required(confidentiality, "confidentiality", _("请填写保密审查意见"))
    legality = _required(legality, "legality", _("请填写合法性审查意见"))
    with _step(
        actor,
        item,
        Step.CLEAR,
        expected_version=expected_version,
        confidentiality=confidentiality,
        legality=legality,
    ) as fresh:
        if fresh.drafted_by_id == actor.pk:
            raise DisclosureError(_("拟稿人不能审查本人起草的信息，请由其他审查人员审查"))


def reject(actor: User, item: Disclosure, *, expected_version: int | None, reason: str) -> None:
    """Send the entry back to its drafter with the reason: → 草稿."""
    reason = _required(reason, "reason", _("请填写退回理由"))
    with _step(actor, item, Step.REJECT, expected_version=expected_version, reason=reason):
        pass


def publish(actor: User, item: Disclosure, *, expected_version: int | None) -> None:
    """Publish a reviewed 主动公开 entry: it takes the next 索引号 of its agency and year."""
    with _step(actor, item, Step.PUBLISH, expected_version=expected_version) as fresh:
        if fresh.attribute != Attribute.PROACTIVE:
            raise DisclosureError(
                _("公开属性为“%(attribute)s”的信息不主动公开，请认定不主动公开")
                % {"attribute": fresh.get_attribute_display()}
            )
        fresh.sequence, fresh.index_number = next_index_number(fresh)
        fresh.published_at = timezone.now()


def withhold(actor: User, item: Disclosure, *, expected_version: int | None) -> None:
    """Confirm that a reviewed 依申请公开 / 不予公开 entry is not published (its ground stays recorded)."""
    with _step(actor, item, Step.WITHHOLD, expected_version=expected_version) as fresh:
        if fresh.attribute == Attribute.PROACTIVE:
            raise DisclosureError(_("公开属性为主动公开的信息应当发布，不能认定不主动公开"))


def correct(
    actor: User, item: Disclosure, *, expected_version: int | None, data: dict[str, Any], reason: str
) -> None:
    """Correct a published entry (the 索引号 stays); the reason and the change are kept in its record."""
    reason = _required(reason, "reason", _("请填写更正理由"))
    with _step(actor, item, Step.CORRECT, expected_version=expected_version, reason=reason) as fresh:
        if data.get("attribute", fresh.attribute) != Attribute.PROACTIVE:
            raise DisclosureError(_("已发布的信息不能更正为不主动公开，请撤稿"), field="attribute")
        apply_changes(fresh, data)


def retract(actor: User, item: Disclosure, *, expected_version: int | None, reason: str) -> None:
    """撤稿: the entry leaves the public catalogue; it and the reason stay in the record."""
    reason = _required(reason, "reason", _("请填写撤稿理由"))
    with _step(actor, item, Step.RETRACT, expected_version=expected_version, reason=reason):
        pass


#: Each step with a form → its function (keyword arguments: the form's fields without ``version``).
PERFORM: dict[str, Callable[..., None]] = {
    Step.SUBMIT: submit_for_review,
    Step.CLEAR: clear,
    Step.REJECT: reject,
    Step.PUBLISH: publish,
    Step.WITHHOLD: withhold,
    Step.RETRACT: retract,
}
