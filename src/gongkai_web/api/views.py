"""The user's page of API tokens: make one (shown once), see when each was last used, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai_web.api.models import ApiToken
from gongkai_web.common.forms import ChineseLabels
from gongkai_web.common.views import staff_required


class TokenForm(ChineseLabels, forms.Form):
    name = forms.CharField(
        label=_("用途"), max_length=80, help_text=_("如“统计分析脚本”，便于日后辨认和撤销")
    )


@staff_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _row, new_token = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user=request.user),
    }
    return render(request, "api/tokens.html", context)


@staff_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    token.revoke()
    messages.success(request, _("已撤销令牌“%(name)s”，使用它的请求将被拒绝。") % {"name": token.name})
    return redirect("api_tokens")
