"""The shipped wording of a notice and a 通报, and the placeholders a template may use (listed on the
template page). A supervising office edits its own copy (:class:`~.models.NoticeTemplate`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai_web.rectification.models import NoticeKind

#: placeholder → what it becomes; ``{问题清单}`` alone on a line is where the table of findings goes
PLACEHOLDERS = {
    "机构": _("主送单位名称（通报为所列单位，以顿号分隔）"),
    "监督机构": _("发文的监督机构名称"),
    "文号": _("通知编号，签发时生成，如“平潭整改〔2026〕3号”"),
    "年度": _("所涉年度报告的年度"),
    "问题数": _("所列问题的数量"),
    "机构数": _("所涉单位的数量"),
    "整改期限": _("整改期限，如“2026年12月16日”"),
    "签发日期": _("签发日期"),
    "问题清单": _("问题清单表格（规则、问题、单元格和位置）；须单独成行"),
}
TABLE = "{问题清单}"

DEFAULTS = {
    NoticeKind.NOTICE: (
        "关于{年度}年度政府信息公开工作年度报告整改的通知",
        "{机构}：\n"
        "经检查，你单位公开的{年度}年度政府信息公开工作年度报告存在以下问题（共{问题数}项）：\n"
        "{问题清单}\n"
        "请对照《中华人民共和国政府信息公开条例》第五十条和年度报告格式要求逐项整改，"
        "于{整改期限}前重新公开整改后的年度报告，并报送{监督机构}。\n"
        "特此通知。",
    ),
    NoticeKind.BULLETIN: (
        "关于{年度}年度政府信息公开工作年度报告检查情况的通报",
        "各有关单位：\n"
        "{监督机构}对本辖区{年度}年度政府信息公开工作年度报告进行了检查，"
        "现将发现的问题通报如下（涉及{机构数}个单位、{问题数}项问题）：\n"
        "{问题清单}\n"
        "请{机构}于{整改期限}前完成整改，重新公开年度报告，并报送{监督机构}。\n"
        "特此通报。",
    ),
}

#: the office's short code in a notice number, by kind: 平潭整改〔2026〕3号, 平潭通报〔2026〕1号
NUMBER_WORDS = {NoticeKind.NOTICE: "整改", NoticeKind.BULLETIN: "通报"}
