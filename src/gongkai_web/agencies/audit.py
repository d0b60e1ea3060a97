"""The audit log: :func:`record` is called inside the service function's transaction, so a change and its
log entry are saved together or not at all."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency, AuditEntry, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON values (foreign keys by id)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(obj, attname))
    return out


def record(
    actor: User | None,
    action: str,
    obj: models.Model,
    *,
    agency: Agency | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor_label: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label or (str(actor) if actor is not None and actor.is_authenticated else ""),
        agency=agency,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


# Every audited action, by key (the labels shown in the audit log and in error messages).
ACTION_LABELS: dict[str, Any] = {
    "submit": _("网上提交申请"),
    "register": _("登记"),
    "request_correction": _("告知补正"),
    "receive_correction": _("登记收到补正"),
    "start_consultation": _("征求意见"),
    "end_consultation": _("登记收到意见"),
    "extend": _("延长答复期限"),
    "fee_notice": _("发出收费通知"),
    "fee_paid": _("登记缴费"),
    "later_deadline": _("确定延迟答复期限"),
    "decide": _("作出答复"),
    "withdraw": _("撤回"),
    "close": _("办结"),
    "attach": _("上传材料"),
    "assign": _("指定承办人"),
    "draft_disclosure": _("起草主动公开信息"),
    "update_disclosure": _("修改主动公开信息草稿"),
    "submit_review": _("提交审查"),
    "clear": _("保密审查、合法性审查通过"),
    "reject_disclosure": _("退回修改"),
    "publish": _("发布主动公开信息"),
    "withhold": _("认定不主动公开"),
    "correct": _("更正已发布信息"),
    "retract": _("撤稿"),
    "draft_interpretation": _("起草政策解读"),
    "update_interpretation": _("修改政策解读草稿"),
    "publish_interpretation": _("发布政策解读"),
    "update_guide": _("修改政府信息公开指南"),
    "set_figure": _("填报表二数据"),
    "file_appeal": _("登记复议、诉讼"),
    "update_appeal": _("更新复议、诉讼进展"),
    "report_draft": _("起草年度报告"),
    "report_lock": _("锁定年度报告"),
    "report_publish": _("发布年度报告"),
    "report_import": _("导入已发布的年度报告"),
    "register_import": _("导入机构登记簿"),
    "deadline_rule": _("设置年报期限规则"),
    "deadline_rule_delete": _("删除年报期限规则"),
    "login_failed": _("登录失败"),
    "view_personal": _("查看申请人个人信息"),
    "login_locked": _("登录失败次数过多，暂时锁定"),
    "intake_batch": _("批量导入年度报告"),
    "intake_assign": _("指定年度报告所属机构"),
    "collected_published": _("更正收集的年度报告的发布日期"),
}


def action_label(key: str) -> str:
    return str(ACTION_LABELS.get(key, key))
