"""The 台账: the application list's search, filters and sort, defined once for the page and its Excel export.

Search looks in the 查询码 (exact), the applicant's name (only where the user sees names:
:func:`~gongkai_web.agencies.privacy.personal_data_q`), the request's content and the letters' 文号 (each a
substring). On PostgreSQL the name, content and 文号 columns carry trigram (``pg_trgm``) GIN indexes, so a
``LIKE '%…%'`` is an index scan, not a read of every row (migration ``0003_search_trigram_indexes``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies import privacy
from gongkai_web.agencies.models import Role, User
from gongkai_web.agencies.permissions import visible_agencies_q
from gongkai_web.applications.choices import ACTIVE_STATUSES, Status, outcome_choices
from gongkai_web.applications.models import Application
from gongkai_web.common.forms import CleanTextForm

NO_HANDLER = "none"
# The sort orders offered, each with a tie-breaker so that pages never overlap.
SORTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "-id": (_("最新登记在前"), ("-id",)),
    "received_on": (_("收到日期（早→晚）"), ("received_on", "id")),
    "-received_on": (_("收到日期（晚→早）"), ("-received_on", "-id")),
    "due_on": (_("答复期限（近→远）"), ("due_on", "id")),
    "-due_on": (_("答复期限（远→近）"), ("-due_on", "-id")),
}
DATE = forms.DateInput({"type": "date"})
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def handlers_for(user: User) -> QuerySet[User]:
    """The people an application the user sees can be assigned to (承办 and 审核 of those agencies)."""
    return (
        User.objects.filter(role__in=(Role.HANDLER, Role.APPROVER), is_active=True)
        .filter(visible_agencies_q(user))
        .order_by("agency_id", "username")
    )


class LedgerForm(CleanTextForm, forms.Form):
    """The filters, as the GET form of the list page (and of its export link)."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    received_from = forms.DateField(label=_("收到日期自"), required=False, widget=DATE)
    received_to = forms.DateField(label=_("至"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("状态"), required=False)
    outcome = forms.ChoiceField(label=_("办理结果"), required=False)
    handler = forms.ChoiceField(label=_("承办人"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期未答复"), required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False)

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        everything = [("", _("全部"))]
        self.fields["status"].choices = [*everything, *Status.choices]
        self.fields["outcome"].choices = [*everything, *outcome_choices()]
        self.fields["handler"].choices = [
            *everything,
            (NO_HANDLER, _("（未指定）")),
            *((str(u.pk), str(u)) for u in handlers_for(user)),
        ]
        self.fields["sort"].choices = [(k, label) for k, (label, _order) in SORTS.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("received_from", "received_to"):
            day = data.get(name)
            if day is not None and not MIN_DATE <= day <= MAX_DATE:
                self.add_error(name, _("日期应在2000年至2100年之间"))
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("结束日期不能早于开始日期"))
        return data


@dataclass
class Ledger:
    """The filtered, sorted applications a user sees, and the filters in words (for the export's header)."""

    queryset: QuerySet[Application]
    described: list[tuple[str, str]] = field(default_factory=list)


def search_q(user: User, q: str) -> Q:
    """The applications matching the search text ``q`` (see the module's docstring)."""
    from gongkai_web.letters.models import Letter  # the letters app sits on top of applications

    found = Q(tracking_code=q.upper()) | Q(content__contains=q)
    found |= Q(applicant_name__contains=q) & privacy.personal_data_q(user)
    letters = list(Letter.objects.filter(number__contains=q).values_list("application_id", flat=True)[:1000])
    if letters:
        found |= Q(pk__in=letters)
    return found


def find_applications(user: User, form: LedgerForm, today: dt.date) -> Ledger:
    """Apply the valid ``form``'s filters (an invalid field is left out) to what ``user`` sees."""
    data = form.cleaned_data if form.is_valid() else {}
    qs = Application.objects.filter(visible_agencies_q(user)).select_related("agency", "handler")
    described: list[tuple[str, str]] = []

    def say(name: str, value: object) -> None:
        described.append((str(form.fields[name].label), str(value)))

    if q := (data.get("q") or "").strip():
        qs = qs.filter(search_q(user, q))
        say("q", q)
    if start := data.get("received_from"):
        qs = qs.filter(received_on__gte=start)
        say("received_from", start.isoformat())
    if end := data.get("received_to"):
        qs = qs.filter(received_on__lte=end)
        say("received_to", end.isoformat())
    for name in ("status", "outcome"):
        if value := data.get(name):
            qs = qs.filter(**{name: value})
            say(name, dict(form.fields[name].choices)[value])
    if handler := data.get("handler"):
        qs = qs.filter(handler__isnull=True) if handler == NO_HANDLER else qs.filter(handler_id=handler)
        say("handler", dict(form.fields["handler"].choices)[handler])
    if data.get("overdue"):
        qs = qs.filter(status__in=ACTIVE_STATUSES, due_on__lt=today)
        say("overdue", _("是"))
    sort = data.get("sort") or "-id"
    if sort != "-id":
        say("sort", SORTS[sort][0])
    return Ledger(qs.order_by(*SORTS[sort][1]), described)
