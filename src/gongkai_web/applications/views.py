"""Application pages: the public form and tracking, the staff list, work queue, intake and detail page.

Every state change is a POST to :func:`act`, which calls one service function; the view never saves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.clock import default_calendar, explain_clock
from gongkai_web.agencies import privacy
from gongkai_web.agencies.audit import action_label, describe_changes
from gongkai_web.agencies.models import AuditEntry, User
from gongkai_web.agencies.permissions import (
    can,
    require,
    visible_agencies,
    visible_agencies_q,
)
from gongkai_web.applications import export, ledger
from gongkai_web.applications import forms as f
from gongkai_web.applications import services as s
from gongkai_web.applications.choices import ACTIVE_STATUSES, Status, outcome_label
from gongkai_web.applications.models import APPLICANT_FIELDS, Application, ApplicationEvent, Document
from gongkai_web.applications.transitions import TRANSITIONS, Transition, allowed
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import perform_with_form, staff_required
from gongkai_web.consultations.services import awaiting_feedback, pending_comments
from gongkai_web.interpretations.services import missing_interpretations

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The work queue shows the most urgent rows of each section, each with its clock explanation.
QUEUE_SIZE = 25


# ---- public ----


def public_apply(request: HttpRequest) -> HttpResponse:
    if sum(len(files) for _name, files in request.FILES.lists()) > settings.GONGKAI_APPLY_MAX_FILES:
        raise TooManyFilesSent(_("一份申请最多附 %(n)d 个文件") % {"n": settings.GONGKAI_APPLY_MAX_FILES})
    form = f.PublicApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in APPLICANT_FIELDS}
        try:
            app = s.submit_online_application(
                agency=form.cleaned_data["agency"], data=data, upload=form.cleaned_data.get("attachment")
            )
        except s.TransitionError as exc:
            add_form_error(form, exc, upload="attachment")
        else:
            return redirect("applications:done", code=app.tracking_code)
    return render(request, "applications/apply.html", {"form": form})


def public_done(request: HttpRequest, code: str) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("agency"), tracking_code=code)
    return render(request, "applications/done.html", {"app": app})


def track(request: HttpRequest) -> HttpResponse:
    form = f.TrackForm(request.GET or None)
    app = None
    if form.is_valid():
        app = (
            Application.objects.select_related("agency")
            .filter(tracking_code=form.cleaned_data["code"].strip().upper())
            .first()
        )
        if app is None:
            form.add_error("code", _("没有找到该查询码对应的申请，请核对后重试"))
    return render(request, "applications/track.html", {"form": form, "app": app})


# ---- staff lists ----


def _ledger(request: HttpRequest) -> tuple[ledger.LedgerForm, ledger.Ledger]:
    form = ledger.LedgerForm(request.GET, user=request.user)
    return form, ledger.find_applications(request.user, form, s.today())


@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    """The 台账: search, filters, sort, pages, the export of what is shown and the batch assignment."""
    user = request.user
    form, found = _ledger(request)
    page = Paginator(found.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    mine = user.agency if user.agency is not None and can(user, "handle", user.agency) else None
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "today": s.today(),
            # the filters besides the search text, which stands in its box (and in the export's header)
            "described": [(k, v) for k, v in found.described if k != str(form.fields["q"].label)],
            "handlers": ledger.handlers_for(user).filter(agency=mine) if mine else [],
            "may_assign": mine is not None,
            "may_edit_letters": can(user, "edit_guide", user.agency) or user.role == "admin",
        },
        status=200 if form.is_valid() else 400,
    )


@staff_required
def export_list(request: HttpRequest) -> HttpResponse:
    """The 台账 as Excel: every field, the filters of the list applied and stated in the file."""
    user = request.user
    form, found = _ledger(request)
    if not form.is_valid():
        return application_list(request)
    data, n = export.render_ledger_xlsx(user, export.with_letters(found.queryset), found.described, s.today())
    AuditEntry.objects.create(
        actor=user,
        actor_label=str(user)[:60],
        agency=user.agency,
        action="export_ledger",
        object_type="applications.application",
        object_id="",
        object_repr=_("台账导出（%(n)d 件）") % {"n": n},
        before=None,
        after={"filters": dict(found.described), "rows": n},
    )
    response = HttpResponse(data, content_type=XLSX)
    name = f"依申请公开台账-{s.today().isoformat()}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@staff_required
@require_POST
def batch_assign(request: HttpRequest) -> HttpResponse:
    """Assign the chosen handler to the ticked rows (``pk:version`` each), all or none."""
    user = request.user
    if user.agency is None or not can(user, "handle", user.agency):
        raise PermissionDenied
    back = reverse("applications:list") + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    try:
        selected = [tuple(int(x) for x in item.split(":", 1)) for item in request.POST.getlist("selected")]
        handler = ledger.handlers_for(user).filter(agency=user.agency).get(pk=int(request.POST["handler"]))
    except (ValueError, KeyError, TypeError, User.DoesNotExist):
        messages.error(request, _("请勾选申请并选择本机构的承办人"))
        return redirect(back)
    try:
        n = s.assign_handlers(user, [(pk, version) for pk, version in selected], handler)
    except s.TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已为 %(n)d 件申请指定承办人 %(who)s") % {"n": n, "who": handler})
    return redirect(back)


@dataclass
class QueueRow:
    app: Application
    due: dt.date | None
    left: int | None
    overdue: bool
    late: int
    status_text: str
    steps: list[str]


def _queue_rows(apps: list[Application], today: dt.date) -> list[QueueRow]:
    cal = default_calendar()
    rows = []
    for app in apps:
        clock = app.derive_clock(as_of=today)
        assert clock is not None
        rows.append(
            QueueRow(
                app,
                clock.due,
                clock.left,
                bool(clock.overdue),
                -clock.left if clock.left is not None and clock.left < 0 else 0,
                app.get_status_display(),
                [step.text for step in explain_clock(clock, cal)],
            )
        )
    return rows


@staff_required
def work_queue(request: HttpRequest) -> HttpResponse:
    """Overdue and due-soon applications (cached due date, indexed), each with its live clock explanation."""
    user = request.user
    today = s.today()
    horizon = default_calendar().add_workdays(today, settings.GONGKAI_DUE_SOON_WORKDAYS)
    visible = Application.objects.filter(visible_agencies_q(user))
    events = Prefetch("events", queryset=ApplicationEvent.objects.order_by("date", "id"))
    base = visible.filter(status__in=ACTIVE_STATUSES, due_on__isnull=False).select_related(
        "agency", "handler"
    )
    overdue = list(
        base.filter(due_on__lt=today).order_by("due_on", "id").prefetch_related(events)[:QUEUE_SIZE]
    )
    soon = list(
        base.filter(due_on__gte=today, due_on__lte=horizon)
        .order_by("due_on", "id")
        .prefetch_related(events)[:QUEUE_SIZE]
    )
    submitted = list(
        visible.filter(status=Status.SUBMITTED).select_related("agency").order_by("submitted_at")[:QUEUE_SIZE]
    )
    correction = list(
        visible.filter(status=Status.AWAITING_CORRECTION)
        .select_related("agency")
        .order_by("received_on")[:QUEUE_SIZE]
    )
    soon_q = base.filter(due_on__gte=today, due_on__lte=horizon)
    counts = {
        "overdue": base.filter(due_on__lt=today).count(),
        "soon": soon_q.count(),
        "submitted": visible.filter(status=Status.SUBMITTED).count(),
        "correction": visible.filter(status=Status.AWAITING_CORRECTION).count(),
    }
    return render(
        request,
        "applications/queue.html",
        {
            "counts": counts,
            "queue_size": QUEUE_SIZE,
            "today": today,
            "horizon": horizon,
            "overdue": _queue_rows(overdue, today),
            "soon": _queue_rows(soon, today),
            "submitted": submitted,
            "correction": correction,
            "late_interpretations": sum(
                m.overdue for m in missing_interpretations(visible_agencies_q(user), today)
            ),
            "late_feedback": sum(a.overdue for a in awaiting_feedback(visible_agencies_q(user), today)),
            "pending_comments": pending_comments(visible_agencies_q(user, "consultation__agency")),
        },
    )


# ---- intake ----


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    user = request.user
    agencies = [a for a in visible_agencies(user) if can(user, "register", a)]
    if not agencies:
        raise PermissionDenied
    agency = agencies[0] if user.agency is None or user.agency not in agencies else user.agency
    form = f.IntakeForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in APPLICANT_FIELDS}
        try:
            app = s.register_application(
                user,
                agency=agency,
                data=data,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                basis=form.cleaned_data["receipt_basis"],
                handler=form.cleaned_data.get("handler"),
            )
        except s.TransitionError as exc:
            add_form_error(form, exc)
        else:
            return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/intake.html", {"form": form, "agency": agency})


# ---- detail and actions ----


def _make_form(transition: Transition, app: Application, data: Any = None) -> forms.Form:
    assert transition.form is not None
    kwargs: dict[str, Any] = {"initial": {"version": app.version}, "prefix": transition.name}
    if transition.form is f.RegisterForm:
        kwargs["agency"] = app.agency
    return transition.form(data, **kwargs)


def _load(request: HttpRequest, pk: int) -> Application:
    app = get_object_or_404(Application.objects.select_related("agency", "handler"), pk=pk)
    require(request.user, "view", app.agency)
    return app


def _detail(
    request: HttpRequest,
    app: Application,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
    upload_form: forms.Form | None = None,
) -> HttpResponse:
    user = request.user
    today = s.today()
    clock = app.derive_clock(as_of=today)
    steps = explain_clock(clock) if clock is not None else []
    available = [
        (t, bound[1] if bound and bound[0] == t.name else _make_form(t, app))
        for t in allowed(user, app)
        if t.form is not None
    ]
    # an action refused because it is no longer possible has no form left to show its reason in
    shown = {t.name for t, _form in available}
    refused = bound[1].errors.get("__all__", []) if bound and bound[0] not in shown else []
    audit = AuditEntry.objects.filter(
        object_type="applications.application", object_id=str(app.pk)
    ).select_related("actor")
    audit = list(audit)
    described = describe_changes((e.object_type, privacy.shown_changes(user, e)) for e in audit)
    entries = [(e, action_label(e.action), changes) for e, changes in zip(audit, described, strict=True)]
    personal = privacy.sees_personal_data(user, app.agency)
    if personal:
        privacy.record_personal_view(user, app, agency=app.agency, what="申请详情", once_a_day=True)
    context = {
        "personal": personal,
        "app": app,
        "clock": clock,
        "steps": steps,
        "events": app.events.select_related("actor"),
        "documents": app.documents.all(),
        "appeals": app.appeals.all(),
        "actions": available,
        "open_action": bound[0] if bound else "",
        "refused": refused,
        "audit": entries,
        "outcome_text": outcome_label(app.outcome) if app.outcome else "",
        "upload_form": upload_form
        or (f.UploadForm(prefix="upload") if can(user, "attach", app.agency) else None),
        "can_appeal": can(user, "appeal", app.agency) and app.is_registered and app.status != Status.VOIDED,
        "can_correct": can(user, "correct_intake", app.agency) and app.status != Status.VOIDED,
        "today": today,
        "late": -clock.left if clock is not None and clock.left is not None and clock.left < 0 else 0,
    }
    return render(request, "applications/detail.html", context, status=status)


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _load(request, pk))


@staff_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = _load(request, pk)
    transition = TRANSITIONS.get(action)
    if transition is None or transition.form is None:
        raise Http404
    require(request.user, transition.permission, app.agency)
    form = _make_form(transition, app, request.POST)
    if perform_with_form(form, s.PERFORM[transition.name], request.user, app):
        return redirect("applications:detail", pk=app.pk)
    app.refresh_from_db()
    return _detail(request, app, (transition.name, form), status=409 if form.errors else 200)


@staff_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the intake details (applicant, request, receipt) with a reason; the audit log keeps both."""
    app = _load(request, pk)
    require(request.user, "correct_intake", app.agency)
    if not privacy.sees_personal_data(request.user, app.agency):
        raise PermissionDenied  # the form shows the applicant's details as they are
    # the form validates against its own copy, so the page shows the stored values beside the errors
    form = f.IntakeCorrectionForm(
        request.POST or None,
        instance=Application.objects.get(pk=app.pk),
        initial={"version": app.version},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k in s.CORRECTABLE}
            try:
                s.correct_application(
                    request.user,
                    app,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    **fields,
                )
            except s.TransitionError as exc:
                add_form_error(form, exc)
            else:
                return redirect("applications:detail", pk=app.pk)
        status = 409 if form.non_field_errors() else 400
    privacy.record_personal_view(request.user, app, agency=app.agency, what="更正登记信息", once_a_day=True)
    return render(request, "applications/correct.html", {"form": form, "app": app}, status=status)


@staff_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    app = _load(request, pk)
    require(request.user, "attach", app.agency)
    form = f.UploadForm(request.POST, request.FILES, prefix="upload")
    if form.is_valid():
        try:
            s.attach_document(
                request.user, app, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except s.TransitionError as exc:
            add_form_error(form, exc, default="file", upload="file")
        else:
            return redirect("applications:detail", pk=app.pk)
    return _detail(request, app, status=400, upload_form=form)


@staff_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(Document.objects.select_related("application__agency"), pk=pk)
    require(request.user, "view", doc.application.agency)
    if not privacy.sees_personal_data(request.user, doc.application.agency):
        raise PermissionDenied
    privacy.record_personal_view(request.user, doc, agency=doc.application.agency, what="下载材料")
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.name, content_type=doc.content_type
    )
