"""The audit log: :func:`record` is called inside the service function's transaction, so a change and its
log entry are saved together or not at all."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency, AuditEntry, User

#: The key of an entry's ``after`` that holds the reason a person gave (a correction, a voiding).
REASON = "reason"


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
    "issue_letter": _("出具文书"),
    "letter_template": _("修改文书模板"),
    "letter_template_reset": _("恢复默认文书模板"),
    "letter_numbering": _("设置文号格式"),
    "export_ledger": _("导出台账"),
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
    "correct_appeal": _("更正复议、诉讼案件信息"),
    "void_appeal": _("作废复议、诉讼案件"),
    "correct_application": _("更正申请登记信息"),
    "void": _("作废（误登记）"),
    "admin_add": _("在管理后台新增"),
    "admin_change": _("在管理后台修改"),
    "admin_delete": _("在管理后台删除"),
    "admin_password": _("在管理后台设置密码"),
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
    "problem_open": _("登记整改问题"),
    "problem_notify": _("通知整改"),
    "problem_confirm": _("确认已整改"),
    "problem_accept": _("认可不改"),
    "problem_close": _("关闭整改问题"),
    "problem_proposed": _("复查未再发现问题，建议确认已整改"),
    "problem_found_again": _("复查仍发现问题"),
    "notice_draft": _("起草整改通知"),
    "notice_edit": _("修改整改通知草稿"),
    "notice_issue": _("签发整改通知"),
    "notice_template": _("修改整改通知模板"),
    "correction_upload": _("报送整改后的年度报告"),
    "collected_published": _("更正收集的年度报告的发布日期"),
}


def action_label(key: str) -> str:
    return str(ACTION_LABELS.get(key, key))


# ---- showing an entry to people: fields by their Chinese names, values as the pages show them ----------

#: Keys of ``before`` / ``after`` that are not a field of the object, and fields without a verbose name.
KEY_LABELS: dict[str, Any] = {
    REASON: _("理由"),
    "clock_status": _("计时状态"),
    "document": _("材料编号"),
    "viewed": _("查看内容"),
    "number": _("版本号"),
    "checked": _("检查时的内容校验值"),
    "content_hash": _("内容校验值"),
    "file": _("文件"),
    "agency_in_file": _("报告中的机构名称"),
    "confirm_reason": _("确认理由"),
    "username": _("登录名"),
    "ip": _("来源地址"),
    "source": _("来源"),
    "files": _("文件数"),
    "urls": _("网址数"),
    "alias": _("别名"),
    "usable_password": _("可用密码登录"),
}
CLOCK_STATUS_LABELS: dict[str, Any] = {
    "running": _("计时中"),
    "paused": _("暂停计时"),
    "awaiting_correction": _("等待补正"),
    "answered": _("已答复"),
    "closed_no_correction": _("逾期未补正"),
    "closed_unpaid_fee": _("逾期未缴费"),
}


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return django_apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def key_label(object_type: str, key: str) -> str:
    """The Chinese name of ``key`` in an entry about ``object_type`` (the field's verbose name)."""
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    field = _field(_model(object_type), key)
    if field is not None and field.verbose_name and str(field.verbose_name) != key.replace("_", " "):
        return str(field.verbose_name)
    return key


def describe_changes(
    entries: Iterable[tuple[str, list[tuple[str, object, object]]]],
) -> list[list[tuple[str, str, str]]]:
    """Each entry's changes ``(object_type, [(key, before, after)])`` as people read them: the field's
    Chinese name, a choice by its label, a person or an agency by name, 是 / 否, dates as they are.
    Related objects are fetched once per model for all the entries (no query per row)."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[object]] = {}
    for object_type, changes in entries:
        model = _model(object_type)
        for key, before, after in changes:
            field = _field(model, key)
            if field is not None and field.is_relation and field.related_model is not None:
                related = field.related_model
                assert isinstance(related, type)
                wanted.setdefault(related, set()).update(v for v in (before, after) if isinstance(v, int))
    found = {m: m._default_manager.in_bulk(list(pks)) for m, pks in wanted.items() if pks}
    out = []
    for object_type, changes in entries:
        model = _model(object_type)
        rows = []
        for key, before, after in changes:
            field = _field(model, key)
            shown = (_value(field, key, before, found), _value(field, key, after, found))
            if shown[0] != shown[1]:  # None and "" are both "—": no change to show
                rows.append((key_label(object_type, key), *shown))
        out.append(rows)
    return out


def _value(
    field: models.Field[Any, Any] | None,
    key: str,
    value: object,
    found: dict[type[models.Model], dict[Any, models.Model]],
) -> str:
    if value is None or value == "":
        return "—"
    if key == "clock_status":
        return str(CLOCK_STATUS_LABELS.get(str(value), value))
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if field is not None:
        if field.is_relation and field.related_model is not None:
            obj = found.get(field.related_model, {}).get(value)  # type: ignore[arg-type]
            return str(obj) if obj is not None else str(value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))  # type: ignore[arg-type]
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            return f"{timezone.localtime(moment) if timezone.is_aware(moment) else moment:%Y-%m-%d %H:%M}"
    return str(value)
