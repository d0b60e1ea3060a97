"""The read API at ``/api/`` (django-ninja): JSON for agencies, collected reports (tables, sections,
versions), their findings and indicators, with the OpenAPI schema generated from this code
(``/api/openapi.json``) and its docs page (``/api/docs``: Swagger UI from ninja's own static files, no CDN).

Authentication: a personal token (``Authorization: Bearer gk_…``, made on the user's token page) or the web
session. Either way the caller sees what the user sees on the web: an administrator everything, a supervisor
their agency and every agency below it, anyone else their own agency (``agencies.permissions``). Lists are
paginated (``page``, ``page_size`` ≤ 200) and filter by ``region`` (an agency and those below it), ``year``
and ``kind``. Errors are ``application/problem+json``; successful answers carry an ETag.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, django_auth
from pydantic import Field

from gongkai.supervise import format_value, indicator_label
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import is_staff_member, visible_agencies_q
from gongkai_web.analysis import versions
from gongkai_web.analysis.models import IndicatorRow
from gongkai_web.analysis.services import refresh
from gongkai_web.api.models import ApiToken, digest
from gongkai_web.api.problems import ERRORS, PROBLEM, problem
from gongkai_web.api.schemas import (
    AgencyOut,
    FindingOut,
    IndicatorRowOut,
    Kind,
    ReportDetail,
    ReportOut,
    VersionDetail,
)
from gongkai_web.common.memo import Recent
from gongkai_web.supervision.models import CollectedReport, CollectedVersion

PAGE_SIZE = 50
MAX_ID = 2**31 - 1  # a database id (integer column)
MAX_PAGE_SIZE = 200


class TokenAuth(HttpBearer):
    """A personal token (only its SHA-256 is stored); its user must be active staff."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        row = (
            ApiToken.objects.select_related("user", "user__agency")
            .filter(digest=digest(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active or not is_staff_member(row.user):
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class StaffSession(type(django_auth)):  # type: ignore[misc]
    """The web session, for staff (the docs page's "try it out" from a signed-in browser)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and is_staff_member(user) else None


class GongkaiAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Error responses are documented as ``application/problem+json``, as they are sent."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if str(status).startswith("4") and content and "application/json" in content:
                        response["content"] = {PROBLEM: content.pop("application/json")}
        return schema


api = GongkaiAPI(
    title="gongkai 政府信息公开年度报告数据接口",
    version="1",
    description=__doc__ or "",
    auth=[TokenAuth(), StaffSession()],
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = problem(401)
    response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return problem(422, "请求参数不符合要求", errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404)  # what one may not see does not exist for them


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc))


class Page(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="页码，从1起")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，默认{PAGE_SIZE}")


class Filters(Schema):
    region: int | None = Field(None, ge=1, le=MAX_ID, description="地区：该机构及其下所有机构的 id")
    year: int | None = Field(None, ge=2000, le=2100, description="报告年度")
    kind: Kind | None = Field(None, description="机构类别")  # type: ignore[valid-type]
    agency: int | None = Field(None, ge=1, le=MAX_ID, description="只看这一机构")


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _filter(qs: QuerySet[Any], f: Filters, field: str) -> QuerySet[Any]:
    """Region, kind and agency filters on ``field`` (the agency relation; ``""``: the agencies themselves)."""
    prefix = f"{field}__" if field else ""
    if f.region is not None:
        region = Agency.objects.filter(pk=f.region).first()
        if region is None:
            return qs.none()
        qs = qs.filter(**{f"{prefix}path__under": region.path})
    if f.kind is not None:
        qs = qs.filter(**{f"{prefix}kind": f.kind.value})
    if f.agency is not None:
        qs = qs.filter(**{f"{field}_id" if field else "pk": f.agency})
    return qs


# ---- agencies


@api.get("/agencies", response={200: list[AgencyOut], **ERRORS}, tags=["机构"], summary="机构列表")
@paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def agencies(request: HttpRequest, filters: Query[Filters]) -> Any:
    qs = Agency.objects.filter(visible_agencies_q(_user(request), "")).order_by("path")
    return _Mapped(_filter(qs, filters, ""), lambda ids: _in_order(Agency.objects.all(), ids))


@api.get("/agencies/{agency_id}", response={200: AgencyOut, **ERRORS}, tags=["机构"], summary="一个机构")
def agency(request: HttpRequest, agency_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return get_object_or_404(Agency.objects.filter(visible_agencies_q(_user(request), "")), pk=agency_id)


# ---- reports

_LATEST = Prefetch("versions", queryset=CollectedVersion.objects.order_by("-number").defer("data"))


def _reports(request: HttpRequest) -> QuerySet[CollectedReport]:
    return CollectedReport.objects.filter(visible_agencies_q(_user(request))).select_related("agency")


def _version(v: CollectedVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "created_at": v.created_at,
        "template": v.template,
        "content_hash": v.content_hash,
        "source_name": v.source_name,
        "changed_cells": v.changed_cells,
        "findings": v.severity_counts,
    }


def _report(r: CollectedReport, latest: CollectedVersion | None, count: int) -> dict[str, Any]:
    return {
        "id": r.pk,
        "agency_id": r.agency_id,
        "agency": r.agency.name,
        "year": r.year,
        "versions": count,
        "latest": None if latest is None else _version(latest),
    }


@api.get("/reports", response={200: list[ReportOut], **ERRORS}, tags=["年度报告"], summary="收集的年度报告")
@paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def reports(request: HttpRequest, filters: Query[Filters]) -> Any:
    qs = _filter(_reports(request), filters, "agency")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return _Mapped(qs.order_by("agency__path", "-year"), _report_page)


#: the columns of a version a list shows (not its JSON, not its findings in detail)
_SHOWN = ("report_id", "number", "created_at", "template", "content_hash", "source_name", "changed_cells")


def _report_page(ids: list[int]) -> list[dict[str, Any]]:
    """The page's reports with their agencies (one query), their latest versions and version counts (one)."""
    reports = CollectedReport.objects.select_related("agency").only("agency_id", "year", "agency__name")
    page = _in_order(reports, ids)
    found: dict[int, list[CollectedVersion]] = {}
    shown = CollectedVersion.objects.filter(report_id__in=ids).only(*_SHOWN, "errors", "warnings", "infos")
    for v in shown.order_by("report_id", "-number"):
        found.setdefault(v.report_id, []).append(v)
    return [_report(r, (found.get(r.pk) or [None])[0], len(found.get(r.pk, ()))) for r in page]


def _one_report(request: HttpRequest, report_id: int) -> CollectedReport:
    return get_object_or_404(_reports(request).prefetch_related(_LATEST), pk=report_id)


@api.get(
    "/reports/{report_id}", response={200: ReportDetail, **ERRORS}, tags=["年度报告"], summary="一份报告"
)
def report(request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    r = _one_report(request, report_id)
    history = list(r.versions.all())
    latest = history[0] if history else None
    data = {} if latest is None else CollectedVersion.objects.get(pk=latest.pk).data
    return {
        **_report(r, latest, len(history)),
        "title": data.get("title"),
        "sections": data.get("sections") or {},
        "tables": {k: data.get(k) or {} for k in ("proactive", "requests", "appeals")},
        "history": [_version(v) for v in history],
    }


@api.get(
    "/reports/{report_id}/versions/{number}",
    response={200: VersionDetail, **ERRORS},
    tags=["年度报告"],
    summary="报告的一个版本",
)
def version(
    request: HttpRequest,
    report_id: int = Path(..., ge=1, le=MAX_ID),
    number: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    r = _one_report(request, report_id)
    v = get_object_or_404(CollectedVersion, report=r, number=number)
    return {**_version(v), "report_id": r.pk, "data": v.data}


@api.get(
    "/reports/{report_id}/findings",
    response={200: list[FindingOut], **ERRORS},
    tags=["年度报告"],
    summary="最新版本的检查问题",
)
def findings(request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    r = _one_report(request, report_id)
    latest = r.versions.all().first()
    if latest is None:
        return []
    return [
        {k: f.get(k) for k in ("code", "name", "severity", "message", "paths", "accepted")}
        for f in latest.checks  # as checked when the version was filed (with the file's own facts)
    ]


# ---- indicators


def _indicators(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "report_id": row["report_id"],
        "agency_id": row["agency_id"],
        "agency": row["agency__name"],
        "year": row["year"],
        "version": row["version__number"],
        "indicators": {
            key: {
                "label": indicator_label(key),
                "value": v,
                "numerator": n,
                "denominator": d,
                "display": format_value(key, v),
            }
            for key, (v, n, d) in row["values"].items()
        },
        "flags": row["flags"],
    }


@api.get(
    "/indicators",
    response={200: list[IndicatorRowOut], **ERRORS},
    tags=["指标"],
    summary="各报告的指标（supervision.md §4）",
)
@paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def indicators(request: HttpRequest, filters: Query[Filters]) -> Any:
    reports = _filter(_reports(request), filters, "agency")
    if filters.year is not None:
        reports = reports.filter(year=filters.year)
    return _Mapped(reports.order_by("agency__path", "-year"), _indicator_page)


def _indicator_page(ids: list[int]) -> list[dict[str, Any]]:
    """The page's indicator rows, filling in those of reports filed in bulk (no signal) first."""
    refresh(CollectedReport.objects.filter(pk__in=ids))
    columns = ("report_id", "agency_id", "agency__name", "year", "version__number", "values", "flags")
    rows = {row["report_id"]: row for row in IndicatorRow.objects.filter(report_id__in=ids).values(*columns)}
    return [_indicators(rows[i]) for i in ids if i in rows]


def _in_order(qs: QuerySet[Any], ids: list[int]) -> list[Any]:
    found = qs.in_bulk(ids)
    return [found[i] for i in ids if i in found]


class _Mapped:
    """A paginated list: a page is its ids first (the ordered query narrow enough to sort in the index or in
    memory, whatever the OFFSET), turned into answers by one call of ``fn`` (its rows fetched in a batch by
    id); the count is taken once per data version (:mod:`gongkai_web.analysis.versions`) and query: an exact
    count over 25,000 reports costs more than the page itself."""

    def __init__(self, qs: QuerySet[Any], fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def count(self) -> int:
        try:
            sql, params = self.qs.query.sql_with_params()
        except EmptyResultSet:  # (an unknown region: ``none()``)
            return 0
        key = (versions.current(versions.ALL)[0], sql, tuple(params))
        found = _COUNTS.get(key)
        if found is None:
            found = self.qs.count()
            _COUNTS.put(key, found)
        return found

    def all(self) -> "_Mapped":
        return self

    def __getitem__(self, s: slice) -> list[Any]:
        return self.fn(list(self.qs.values_list("pk", flat=True)[s]))  # type: ignore[no-any-return]


_COUNTS: Recent[tuple[Any, ...], int] = Recent(512)


# ---- 汇总 (issue 15 §1): the region-totals branch adds its endpoints here, e.g.
# GET /summaries?region=&year=, built from gongkai.supervise's summary, with the same Filters and scopes.
