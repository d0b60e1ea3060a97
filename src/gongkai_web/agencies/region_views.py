"""A supervisor's pages for their region: the register of agencies (list, export, import with preview), the
annual-report deadline rules, and the roster of a year with its Excel export.

Only supervisors and administrators open them (others: 403); a region outside the supervisor's own agency and
those below it is not found (404)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.clock import AgencyKind
from gongkai_web.agencies import audit
from gongkai_web.agencies import register as reg
from gongkai_web.agencies import roster as rst
from gongkai_web.agencies.models import Agency, DeadlineRule, Role, User
from gongkai_web.agencies.permissions import ACTIONS, can
from gongkai_web.common.forms import ChineseLabels
from gongkai_web.common.views import staff_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "register_import"
MIN_YEAR = 2019


def _region(request: HttpRequest, pk: object = None) -> Agency:
    """The region asked for (default: the user's agency): 403 for a role that supervises nothing, 404 for a
    region the user does not supervise."""
    user: User = request.user  # type: ignore[assignment]
    if user.role not in ACTIONS["keep_register"]:
        raise PermissionDenied
    pk = pk or request.GET.get("region") or user.agency_id
    if pk is None:
        region = Agency.objects.filter(parent__isnull=True).first()
        if region is None:
            raise Http404
        return region
    try:
        region = get_object_or_404(Agency, pk=int(str(pk)))
    except ValueError as exc:
        raise Http404 from exc
    if not can(user, "keep_register", region):
        raise Http404
    return region


def _regions(user: User) -> list[Agency]:
    """The regions (agencies with agencies below them, and the user's own) the user may choose."""
    qs = Agency.objects.filter(children__isnull=False).distinct()
    if user.agency_id is not None and user.agency is not None:
        qs = Agency.objects.filter(path__under=user.agency.path, children__isnull=False).distinct()
    return sorted({*qs, *([user.agency] if user.agency else [])}, key=lambda a: a.path)


def _file_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ---- register


class ImportForm(ChineseLabels, forms.Form):
    file = forms.FileField(label=_("登记簿文件（Excel .xlsx 或 CSV）"))


def _subtree(region: Agency) -> list[Agency]:
    """The region's agencies (itself and all below), parents first."""
    return reg.tree_order(Agency.objects.filter(path__under=region.path).select_related("parent"))


def _register_page(request: HttpRequest, region: Agency, form: ImportForm, status: int = 200) -> HttpResponse:
    context = {
        "region": region,
        "regions": _regions(request.user),  # type: ignore[arg-type]
        "agencies": _subtree(region),
        "form": form,
        "headers": [h for _f, h, _a in reg.COLUMNS],
    }
    return render(request, "agencies/register.html", context, status=status)


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    return _register_page(request, _region(request), ImportForm())


@staff_required
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    region = _region(request)
    table = reg.export_rows(_subtree(region))
    name = f"{region.code}-机构登记簿"
    if fmt == "xlsx":
        return _file_response(reg.to_xlsx(table, "机构登记簿", reg.EXPORT_WIDTHS), XLSX, f"{name}.xlsx")
    if fmt == "csv":
        return _file_response(reg.to_csv(table), "text/csv; charset=utf-8", f"{name}.csv")
    raise Http404


@staff_required
@require_POST
def register_import(request: HttpRequest) -> HttpResponse:
    """Step 1 (a file): read and validate it, show the plan. Step 2 (``confirm``): apply what was shown."""
    region = _region(request, request.POST.get("region"))
    user: User = request.user  # type: ignore[assignment]
    scope = None if user.role == Role.ADMIN and not user.agency_id else region
    if "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("region") != region.pk:
            messages.error(request, _("导入内容已失效，请重新上传文件"))
            return redirect(f"{reverse('agencies:register')}?region={region.pk}")
        rows = [reg.Row(int(n), dict(v)) for n, v in stored["rows"]]
        plan = reg.apply_import(request.user, rows, scope)  # type: ignore[arg-type]
        del request.session[SESSION_KEY]
        if plan.ok:
            messages.success(
                request,
                _("已导入：新增 %(c)s 个机构，更新 %(u)s 个，未变 %(n)s 个")
                % {"c": len(plan.creates), "u": len(plan.updates), "n": plan.unchanged},
            )
            return redirect(f"{reverse('agencies:register')}?region={region.pk}")
        return render(request, "agencies/register_preview.html", {"region": region, "plan": plan})
    form = ImportForm(request.POST, request.FILES)
    plan = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = reg.read_rows(upload.read(), upload.name)
        except reg.RegisterError as exc:
            form.add_error("file", exc.message)
        else:
            plan = reg.plan_import(rows, scope)
            if plan.ok:
                request.session[SESSION_KEY] = {
                    "region": region.pk,
                    "rows": [(r.number, r.values) for r in rows],
                }
    if plan is None:
        return _register_page(request, region, form, status=400)
    return render(
        request,
        "agencies/register_preview.html",
        {"region": region, "plan": plan},
        status=200 if plan.ok else 400,
    )


# ---- deadline rules


class RuleForm(ChineseLabels, forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = ("region", "kind", "expected", "month", "day")

    def __init__(self, *args: Any, regions: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in regions])


@staff_required
def deadlines(request: HttpRequest) -> HttpResponse:
    region = _region(request, request.POST.get("scope"))
    subtree = _subtree(region)
    form = RuleForm(regions=subtree, initial={"region": region, "month": 1, "day": 31})
    if request.method == "POST":
        form = RuleForm(request.POST, regions=subtree)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                rule = DeadlineRule.objects.filter(region=data["region"], kind=data["kind"]).first()
                fields = ("expected", "month", "day")
                before = audit.snapshot(rule, fields) if rule else None
                rule = rule or DeadlineRule(region=data["region"], kind=data["kind"])
                for name in fields:
                    setattr(rule, name, data[name])
                rule.save()
                audit.record(
                    request.user,
                    "deadline_rule",
                    rule,
                    agency=rule.region,
                    before=before,
                    after=audit.snapshot(rule, fields),
                )  # type: ignore[arg-type]
            messages.success(request, _("已保存期限规则：%(r)s") % {"r": rule})
            return redirect(f"{reverse('agencies:deadlines')}?region={region.pk}")
    rules = DeadlineRule.objects.filter(region__path__under=region.path).select_related("region")
    year = timezone.localdate().year - 1
    defaults = [(k.label_zh, rst.default_deadline(year, k), k in rst.EXPECTED_BY_DEFAULT) for k in AgencyKind]
    return render(
        request,
        "agencies/deadlines.html",
        {"region": region, "rules": rules, "form": form, "defaults": defaults, "year": year},
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_POST
def deadline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(DeadlineRule.objects.select_related("region"), pk=pk)
    region = _region(request, rule.region_id)
    with transaction.atomic():
        before = audit.snapshot(rule, ("expected", "month", "day"))
        audit.record(
            request.user, "deadline_rule_delete", rule, agency=rule.region, before=before, after=None
        )  # type: ignore[arg-type]
        rule.delete()
    messages.success(request, _("已删除期限规则"))
    return redirect(f"{reverse('agencies:deadlines')}?region={region.pk}")


# ---- roster


def _year(request: HttpRequest) -> int:
    latest = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year") or latest)
    except ValueError as exc:
        raise Http404 from exc
    if not MIN_YEAR <= year <= latest + 1:
        raise Http404
    return year


@staff_required
def roster(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    year = _year(request)
    lines = rst.roster(region, year)
    return render(
        request,
        "agencies/roster.html",
        {
            "region": region,
            "regions": _regions(request.user),  # type: ignore[arg-type]
            "year": year,
            "years": list(range(timezone.localdate().year, MIN_YEAR - 1, -1)),
            "lines": lines,
            "counts": rst.counts(lines),
        },
    )


@staff_required
def roster_export(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    year = _year(request)
    header = ["机构名称", "代码", "类别", "上级机构", "报送期限", "期限依据", "状态", "发布日期", "逾期天数"]
    table: list[list[object]] = [header]
    for line in rst.roster(region, year):
        a = line.agency
        table.append(
            [
                a.name,
                a.code,
                a.kind_label,
                a.parent_name,
                line.deadline,
                line.rule.source.name if line.rule.source else _("条例第四十九条"),
                line.status_label,
                line.published or "",
                line.days_late or "",
            ]
        )
    data = reg.to_xlsx(table, f"{year}年度报告报送名单", (30, 22, 12, 24, 12, 22, 20, 12, 10))
    return _file_response(data, XLSX, f"{region.code}-{year}-年报报送名单.xlsx")
