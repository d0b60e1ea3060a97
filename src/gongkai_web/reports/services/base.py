"""What the report services share: the error for people, the narrative sections, and who may do what."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai_web.agencies import privacy
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import can
from gongkai_web.common.errors import WebError

# The narrative sections a draft holds (一、总体情况, 五、存在的主要问题及改进情况, 六、其他需要报告的事项).
SECTIONS = ("overview", "problems", "other")


class ReportError(WebError):
    """Not allowed now; ``str()`` is the Chinese reason."""

    subject = gettext_lazy("草稿")


def can_draft(user: User, agency: Agency) -> bool:
    """Handlers and approvers of the agency write the narrative."""
    return can(user, "publish", agency)


def can_approve(user: User, agency: Agency) -> bool:
    """Approvers (审核) lock, publish and import — the office head answers for the report (30号 二（四）)."""
    return can(user, "decide", agency)


def can_see_personal_data(user: User, agency: Agency) -> bool:
    """Applicants' names, ID numbers, phones, addresses: the rule of :mod:`gongkai_web.agencies.privacy`."""
    return privacy.sees_personal_data(user, agency)
