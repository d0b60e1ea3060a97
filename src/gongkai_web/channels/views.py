"""The staff pages of an agency's channels: the register with a year's counts, a new-media account's posts per
month and their import, the online messages and their import, and where a catalogue entry went."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import can, visible_agencies
from gongkai_web.channels import services as s
from gongkai_web.channels.forms import ChannelForm, ImportForm
from gongkai_web.channels.models import Channel, Message
from gongkai_web.common.errors import add_form_error
from gongkai_web.common.views import staff_required
from gongkai_web.disclosures.models import Disclosure

MESSAGES_SHOWN = 50


def _agency(request: HttpRequest) -> Agency:
    agencies = visible_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    wanted = request.GET.get("agency") or request.POST.get("agency")
    for a in agencies:
        if wanted and str(a.pk) == wanted:
            return a
    return request.user.agency if request.user.agency in agencies else agencies[0]


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _result_message(request: HttpRequest, result: s.ImportResult) -> None:
    if result.errors:
        messages.error(
            request,
            _("未导入任何数据，请改正后重新导入：")
            + "；".join(result.errors[:20])
            + ("……" if len(result.errors) > 20 else ""),
        )
    else:
        saved = "，".join(f"{k} {v}" for k, v in result.saved.items())
        messages.success(request, _("已导入 %(n)d 行：%(saved)s") % {"n": result.rows, "saved": saved or "—"})


@staff_required
def index(request: HttpRequest, form: ChannelForm | None = None, status: int = 200) -> HttpResponse:
    agency, year = _agency(request), _year(request)
    agency_q = s.Q(agency=agency)
    context = {
        "agency": agency,
        "agencies": visible_agencies(request.user),
        "year": year,
        "rows": s.year_counts(agency_q, year),
        "messages_year": s.message_counts(agency_q, year),
        "latest": Message.objects.filter(agency=agency, received_on__year=year).select_related("channel")[
            :MESSAGES_SHOWN
        ],
        "form": form or ChannelForm(),
        "import_form": ImportForm(),
        "can_register": can(request.user, "edit_guide", agency),
        "can_record": can(request.user, "publish", agency),
        "channels": Channel.objects.filter(agency=agency),
    }
    return render(request, "channels/index.html", context, status=status)


@staff_required
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = ChannelForm(request.POST)
    if form.is_valid():
        try:
            s.add_channel(request.user, agency, form.cleaned_data)
        except s.ChannelError as exc:
            add_form_error(form, exc)
        else:
            return redirect(f"{reverse('channels:index')}?agency={agency.pk}")
    return index(request, form=form, status=400)


@staff_required
def channel(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Channel.objects.select_related("agency"), pk=pk)
    if not can(request.user, "view", item.agency):
        raise PermissionDenied
    context = {
        "item": item,
        "months": item.monthly_posts.all(),  # type: ignore[attr-defined]
        "import_form": ImportForm(),
        "can_record": can(request.user, "publish", item.agency),
    }
    return render(request, "channels/channel.html", context)


@staff_required
@require_POST
def import_posts(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Channel.objects.select_related("agency"), pk=pk)
    if not can(request.user, "publish", item.agency):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = s.import_posts(request.user, item, upload.read(s.MAX_IMPORT_BYTES + 1), upload.name)
        except s.ChannelError as exc:
            messages.error(request, exc.message)
        else:
            _result_message(request, result)
    else:
        messages.error(request, _("请选择要导入的 CSV 文件"))
    return redirect("channels:channel", pk=item.pk)


@staff_required
@require_POST
def import_messages(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if not can(request.user, "publish", agency):
        raise PermissionDenied
    channel = Channel.objects.filter(agency=agency, pk=request.POST.get("channel") or None).first()
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = s.import_messages(request.user, agency, channel, upload.read(s.MAX_IMPORT_BYTES + 1))
        except s.ChannelError as exc:
            messages.error(request, exc.message)
        else:
            _result_message(request, result)
    else:
        messages.error(request, _("请选择要导入的 CSV 文件"))
    return redirect(f"{reverse('channels:index')}?agency={agency.pk}")


@staff_required
@require_POST
def place(request: HttpRequest, disclosure: int) -> HttpResponse:
    item = get_object_or_404(Disclosure.objects.select_related("agency"), pk=disclosure)
    if not can(request.user, "publish", item.agency):
        raise PermissionDenied
    chosen = Channel.objects.filter(pk__in=[v for v in request.POST.getlist("channels") if v.isdigit()])
    try:
        s.place(request.user, item, chosen)
    except s.ChannelError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("发布渠道已保存"))
    return redirect(reverse("disclosures:detail", args=[item.pk]) + "#channels")
