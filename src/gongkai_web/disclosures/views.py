"""The public 主动公开 catalogue, staff editing, and the yearly 表二 page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.layout import proactive_rows, template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import can, is_staff_member, visible_agencies
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.paging import CappedPaginator
from gongkai_web.common.views import staff_required
from gongkai_web.disclosures import review, workflow
from gongkai_web.disclosures.forms import CatalogueFilter, CorrectionForm, DisclosureForm, FigureForm
from gongkai_web.disclosures.models import (
    AnnualFigure,
    Disclosure,
    Status,
    figure_choices,
    figure_specs,
)
from gongkai_web.disclosures.services import (
    EDITABLE,
    DisclosureError,
    count_documents,
    draft_disclosure,
    set_annual_figure,
    update_disclosure,
)
from gongkai_web.interpretations.services import with_interpretation


def catalogue_search_q(text: str) -> Q:
    """The public search: title, 文号 and summary containing ``text`` (trigram-indexed on PostgreSQL,
    migration 0006), or the exact 索引号."""
    return (
        Q(title__icontains=text)
        | Q(document_number__icontains=text)
        | Q(summary__icontains=text)
        | Q(index_number=text)
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilter(request.GET or None)
    qs = with_interpretation(Disclosure.objects.published().select_related("agency", "category"))
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(catalogue_search_q(d["q"]))
        if d["category"]:
            qs = qs.filter(category__in=d["category"].subtree_ids())
        if d["validity"]:
            qs = qs.filter(validity=d["validity"])
        if d["kind"] == "rule":
            qs = qs.filter(is_rule=True)
        elif d["kind"] == "normative":
            qs = qs.filter(is_normative=True)
        if d["year"]:
            qs = qs.filter(year=d["year"])
    page = CappedPaginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_draft = is_staff_member(request.user) and any(
        can(request.user, "publish", a) for a in visible_agencies(request.user)
    )
    context = {"form": form, "page": page, "query": query.urlencode(), "can_draft": can_draft}
    return render(request, "disclosures/catalogue.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Disclosure.objects.select_related("agency", "category"), pk=pk)
    if item.status != Status.PUBLISHED and not can(request.user, "view", item.agency):
        raise Http404
    return workflow.render_detail(request, item)


def _agency_to_draft(request: HttpRequest) -> Agency:
    agencies = [a for a in visible_agencies(request.user) if can(request.user, "publish", a)]
    if not agencies:
        raise PermissionDenied
    return request.user.agency if request.user.agency in agencies else agencies[0]


@staff_required
def create(request: HttpRequest) -> HttpResponse:
    agency = _agency_to_draft(request)
    form = DisclosureForm(request.POST or None, initial={"publisher": agency.name}, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = draft_disclosure(request.user, agency, {k: form.cleaned_data[k] for k in EDITABLE})
        except DisclosureError as exc:
            add_form_error(form, exc)
        else:
            return redirect("disclosures:detail", pk=item.pk)
    return render(request, "disclosures/form.html", {"form": form, "agency": agency, "item": None})


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft is edited as such; a published entry only corrected, with a reason."""
    item = get_object_or_404(Disclosure.objects.select_related("agency"), pk=pk)
    correcting = item.status == Status.PUBLISHED
    if not can(request.user, "release_disclosure" if correcting else "publish", item.agency):
        raise PermissionDenied
    if item.status not in (Status.DRAFT, Status.PUBLISHED):
        return redirect("disclosures:detail", pk=item.pk)
    form_class = CorrectionForm if correcting else DisclosureForm
    form = form_class(
        request.POST or None, instance=item, initial={"version": item.version}, agency=item.agency
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EDITABLE}
        version = form.cleaned_data["version"]
        try:
            if correcting:
                review.correct(
                    request.user,
                    item,
                    expected_version=version,
                    data=data,
                    reason=form.cleaned_data["reason"],
                )
            else:
                update_disclosure(request.user, item, expected_version=version, data=data)
        except DisclosureError as exc:
            add_form_error(form, exc)
        else:
            return redirect("disclosures:detail", pk=item.pk)
    context = {"form": form, "agency": item.agency, "item": item, "correcting": correcting}
    return render(request, "disclosures/form.html", context)


# The first year of the report templates (2019 format) whose 表二 is kept here.
FIRST_YEAR = 2019


def _table_two_year(raw: str | None) -> int | None:
    """The year asked for (this year when none), or ``None`` when it is not a year 表二 can be kept for."""
    this_year = timezone.localdate().year
    if not raw:
        return this_year
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= this_year else None


@staff_required
def table_two(request: HttpRequest) -> HttpResponse:
    """表二 for one agency and year: document counts from the catalogue, the other figures as entered."""
    user = request.user
    agencies = visible_agencies(user)
    if not agencies:
        raise PermissionDenied
    asked = request.GET.get("agency")
    if asked:
        # an agency the user may not see is refused, never silently replaced by the user's own
        agency = next((a for a in agencies if str(a.pk) == asked), None)
        if agency is None:
            raise PermissionDenied
    else:
        agency = user.agency if user.agency in agencies else agencies[0]
    year = _table_two_year(request.GET.get("year"))
    if year is None:
        return render(
            request,
            "400.html",
            {
                "message": _("年度应为 %(first)s 至 %(last)s 之间的年份")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year}
            },
            status=400,
        )
    editable = can(user, "publish", agency)
    template = template_for_year(year)
    form = FigureForm(request.POST or None, year=year)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                set_annual_figure(user, agency, year=year, **form.cleaned_data)
            except DisclosureError as exc:
                add_form_error(form, exc)
            else:
                return redirect(f"{request.path}?agency={agency.pk}&year={year}")
    figures = {
        f.key: f for f in AnnualFigure.objects.filter(agency=agency, year=year).select_related("entered_by")
    }
    specs = figure_specs(template)
    rows = [(spec, figures.pop(spec.key, None)) for spec in specs]
    labels = dict(figure_choices())
    return render(
        request,
        "disclosures/table_two.html",
        {
            "agency": agency,
            "agencies": agencies,
            "year": year,
            "template": template,
            "documents": _document_rows(agency, year, template),
            "rows": rows,
            "stray": [(labels.get(f.key, f.key), f) for f in sorted(figures.values(), key=lambda f: f.key)],
            "form": form if editable else None,
        },
    )


def _document_rows(agency: Agency, year: int, template: str) -> dict[str, Any]:
    """第二十条第（一）项 in the columns of ``template`` (2019: 本年新制作/本年新公开 = issued in the year,
    对外公开总数量 = in force on 31 December, as the report counts them)."""
    counts = count_documents(agency, year)
    rows = proactive_rows(template)
    columns = list(rows[0].columns.values())
    out = []
    for row in rows[:2]:
        c = counts[row.key]
        if template == "2021":
            values = (c.issued, c.repealed, c.in_force)
        else:
            values = (c.issued, c.issued, c.in_force)
        out.append((row.label, values))
    return {"columns": columns, "rows": out}
