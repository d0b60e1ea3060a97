"""The letters an office sends an applicant, their placeholders and the texts shipped as defaults.

An agency edits each letter's title and body (:class:`~gongkai_web.letters.models.LetterTemplate`); what it
may write in ``{…}`` is :data:`PLACEHOLDERS`, filled by :mod:`gongkai_web.letters.fill` from the
application. The legal basis of a reply is the article the decision cites — set from
:data:`gongkai_web.applications.choices.DECISION_ARTICLES` when the decision is recorded — so a letter never
states an article of its own. :data:`REMEDY` is the one statement of the applicant's remedies (行政复议法
第二十条: 60 日; 行政诉讼法 第四十六条: 6 个月).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

REGULATION = "《中华人民共和国政府信息公开条例》"
REMEDY = (
    "如对本答复不服，可以自收到本答复书之日起60日内依法申请行政复议，"
    "或者自收到本答复书之日起6个月内依法向人民法院提起行政诉讼。"
)
DEFAULT_NUMBER_PATTERN = "{agency}依申请公开〔{year}〕{seq}号"
NUMBER_PATTERN_FIELDS = {
    "agency": _("机构简称（未设简称时为机构名称）"),
    "code": _("机构代码"),
    "year": _("出具年份"),
    "seq": _("本机构本年度的顺序号（可写作 {seq:03d} 补足三位）"),
    "kind": _("文书简称：受、补、延、费、答"),
}


class LetterKind(models.TextChoices):
    """A letter as issued (one of each per application)."""

    RECEIPT = "receipt", _("受理回执")
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("答复书")


KIND_SHORT = {"receipt": "受", "correction": "补", "extension": "延", "fee": "费", "reply": "答"}


class TemplateKind(models.TextChoices):
    """An editable template: one per letter, the 答复书 one per kind of outcome (表三's groups)."""

    RECEIPT = "receipt", _("受理回执")
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    FEE = "fee", _("收费通知书")
    REPLY_GRANTED = "reply_granted", _("答复书（予以公开）")
    REPLY_PARTIAL = "reply_partial", _("答复书（部分公开）")
    REPLY_REFUSED = "reply_refused", _("答复书（不予公开）")
    REPLY_UNABLE = "reply_unable", _("答复书（无法提供）")
    REPLY_NOT_PROCESSED = "reply_not_processed", _("答复书（不予处理）")
    REPLY_OTHER = "reply_other", _("答复书（其他处理）")


# 表三's outcome groups (gongkai.layout: a row's ``group``; the two single rows by key) → the reply template.
REPLY_TEMPLATE_BY_GROUP = {
    "granted": TemplateKind.REPLY_GRANTED,
    "partially_granted": TemplateKind.REPLY_PARTIAL,
    "refused": TemplateKind.REPLY_REFUSED,
    "unable": TemplateKind.REPLY_UNABLE,
    "not_processed": TemplateKind.REPLY_NOT_PROCESSED,
    "other_sub": TemplateKind.REPLY_OTHER,
}


@dataclass(frozen=True)
class Placeholder:
    name: str  # what the template writes inside {…}
    meaning: object  # a lazy Chinese string


PLACEHOLDERS: tuple[Placeholder, ...] = tuple(
    Placeholder(n, m)
    for n, m in (
        ("申请人", _("申请人姓名或名称")),
        ("查询码", _("申请的查询码")),
        ("文号", _("本文书的文号")),
        ("出具日期", _("本文书的日期（即对应办理事件的日期）")),
        ("收到申请日期", _("收到申请之日（条例第三十一条）")),
        ("申请内容", _("所申请信息的名称或描述")),
        ("答复期限", _("当前的答复期限")),
        ("补正期限", _("补正期限的最后一日")),
        ("补正事项", _("需要补正的事项（告知补正时填写的说明）")),
        ("延长日数", _("延长的工作日数")),
        ("延长理由", _("延长答复期限的理由")),
        ("收费金额", _("信息处理费金额（元）")),
        ("收费说明", _("收费的计算方式与缴费方式（发出收费通知时填写的说明）")),
        ("办理结果", _("表三中的办理结果")),
        ("答复要点", _("答复要点（作出答复时填写）")),
        ("法律依据", _("所依据的条例条款（作出答复时确定）")),
        ("救济途径", _("行政复议（60日内）和行政诉讼（6个月内）的告知")),
        ("机构名称", _("本机构名称")),
        ("机构地址", _("本机构受理地址")),
        ("联系电话", _("本机构咨询电话")),
    )
)
PLACEHOLDER_NAMES = frozenset(p.name for p in PLACEHOLDERS)
# A reply must state its legal basis and the applicant's remedies: a template without them is refused.
REQUIRED = {kind: ("法律依据", "救济途径") for kind in TemplateKind.values if kind.startswith("reply_")}

_REPLY_TAIL = "\n\n{救济途径}\n\n特此告知。\n\n联系电话：{联系电话}"
DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    TemplateKind.RECEIPT: (
        "政府信息公开申请受理回执",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "根据{条例}第三十三条的规定，本机关将在收到申请之日起20个工作日内（即{答复期限}前）予以答复；"
        "需要延长答复期限的，将另行告知。您可凭查询码查询办理进度。\n\n"
        "受理地址：{机构地址}　联系电话：{联系电话}",
    ),
    TemplateKind.CORRECTION: (
        "政府信息公开申请补正告知书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}）。经审查，您的申请内容不明确，"
        "根据{条例}第三十条的规定，请您于{补正期限}前对以下事项作出补正：\n\n{补正事项}\n\n"
        "答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为您放弃申请，"
        "本机关不再处理该政府信息公开申请。\n\n联系电话：{联系电话}",
    ),
    TemplateKind.EXTENSION: (
        "政府信息公开申请延期答复告知书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}）。因{延长理由}，"
        "本机关不能在规定期限内作出答复。根据{条例}第三十三条第二款的规定，"
        "经政府信息公开工作机构负责人同意，答复期限延长{延长日数}个工作日，"
        "本机关将于{答复期限}前作出答复。\n\n联系电话：{联系电话}",
    ),
    TemplateKind.FEE: (
        "政府信息公开信息处理费缴费通知书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}）。根据{条例}第四十二条和"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您应缴纳信息处理费{收费金额}元。"
        "\n\n{收费说明}\n\n"
        "请您自收到本通知之日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "缴费期间不计算在答复期限内。\n\n联系电话：{联系电话}",
    ),
    TemplateKind.REPLY_GRANTED: (
        "政府信息公开申请答复书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "经审查，您所申请的政府信息属于可以公开的政府信息。根据{法律依据}的规定，现予以公开。\n\n{答复要点}"
        + _REPLY_TAIL,
    ),
    TemplateKind.REPLY_PARTIAL: (
        "政府信息公开申请答复书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "经审查，您所申请的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。"
        "根据{法律依据}的规定，本机关向您提供可以公开的部分，并说明理由如下：\n\n{答复要点}" + _REPLY_TAIL,
    ),
    TemplateKind.REPLY_REFUSED: (
        "政府信息公开申请答复书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "经审查，本机关认定：{办理结果}。根据{法律依据}的规定，本机关决定不予公开。"
        "理由如下：\n\n{答复要点}" + _REPLY_TAIL,
    ),
    TemplateKind.REPLY_UNABLE: (
        "政府信息公开申请答复书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "经审查，本机关认定：{办理结果}。根据{法律依据}的规定，本机关无法提供。"
        "\n\n{答复要点}" + _REPLY_TAIL,
    ),
    TemplateKind.REPLY_NOT_PROCESSED: (
        "政府信息公开申请答复书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "经审查，本机关认定：{办理结果}。根据{法律依据}的规定，本机关不予处理。\n\n{答复要点}" + _REPLY_TAIL,
    ),
    TemplateKind.REPLY_OTHER: (
        "政府信息公开申请处理结果告知书",
        "{申请人}：\n\n"
        "本机关于{收到申请日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请内容为：{申请内容}。\n\n"
        "本机关认定：{办理结果}。根据{法律依据}的规定，本机关不再处理。\n\n{答复要点}" + _REPLY_TAIL,
    ),
}
# {条例} in the shipped texts is the Regulation's title, filled in once here (not a placeholder an agency
# needs: it writes the title as it likes).
DEFAULT_TEXTS = {k: (t, b.replace("{条例}", REGULATION)) for k, (t, b) in DEFAULT_TEXTS.items()}


def template_kind_for(letter_kind: str, outcome: str, group: str) -> str:
    """The template a letter of ``letter_kind`` is written from; a reply's by its outcome's 表三 group."""
    if letter_kind != LetterKind.REPLY:
        return letter_kind
    return str(REPLY_TEMPLATE_BY_GROUP.get(outcome) or REPLY_TEMPLATE_BY_GROUP[group])
