"""When an agency's annual report is due (Regulation Art. 49; ``spec/supervision.md`` §1).

The date depends on the kind of agency, never on its name: a government department publishes by 31 January,
the people's government's own report (本级政府, published by its 主管部门) by 31 March of the following year.
Townships (乡镇/街道) and other bodies have no national date: they default to the departments' date, and a
region passes its own table as ``deadlines``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

__all__ = ["DEFAULT_DEADLINES", "AgencyKind", "report_deadline"]


class AgencyKind(enum.StrEnum):
    """The kind of agency that decides its annual report's deadline."""

    GOVERNMENT = "government"  # 人民政府: the 本级政府 report
    DEPARTMENT = "department"  # 政府部门 (and its office, 办公厅/室)
    TOWNSHIP = "township"  # 乡镇人民政府、街道办事处: local rules
    OTHER = "other"  # 法律、法规授权的组织 and other bodies

    @property
    def label_zh(self) -> str:
        return _LABELS[self]


_LABELS = {
    AgencyKind.GOVERNMENT: "人民政府",
    AgencyKind.DEPARTMENT: "政府部门",
    AgencyKind.TOWNSHIP: "乡镇（街道）",
    AgencyKind.OTHER: "其他",
}

# (month, day) of the year after the report's year.
DEFAULT_DEADLINES: Mapping[AgencyKind, tuple[int, int]] = {
    AgencyKind.GOVERNMENT: (3, 31),
    AgencyKind.DEPARTMENT: (1, 31),
    AgencyKind.TOWNSHIP: (1, 31),
    AgencyKind.OTHER: (1, 31),
}


def report_deadline(
    year: int, kind: AgencyKind | str, deadlines: Mapping[AgencyKind, tuple[int, int]] = DEFAULT_DEADLINES
) -> dt.date:
    """The last day to publish the report on ``year`` of an agency of ``kind``."""
    month, day = deadlines[AgencyKind(kind)]
    return dt.date(year + 1, month, day)
