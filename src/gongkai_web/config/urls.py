"""URL map: public pages (catalogue, online application, tracking) and the staff ledger behind login."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from gongkai_web.agencies import views as agency_views
from gongkai_web.api import views as api_views
from gongkai_web.api.api import api

admin.site.site_header = "政府信息公开工作台·系统管理"
admin.site.site_title = "政府信息公开工作台"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="disclosures:catalogue", permanent=False), name="home"),
    path("login/", agency_views.LoginView.as_view(), name="login"),
    path("logout/", agency_views.LogoutView.as_view(), name="logout"),
    path("audit/", agency_views.audit_log, name="audit"),
    path("agencies/", include("gongkai_web.agencies.urls")),
    path("disclosures/", include("gongkai_web.disclosures.urls")),
    path("interpretations/", include("gongkai_web.interpretations.urls")),
    path("consultations/", include("gongkai_web.consultations.urls")),
    path("channels/", include("gongkai_web.channels.urls")),
    path("guide/", include("gongkai_web.guides.urls")),
    path("", include("gongkai_web.applications.urls")),
    path("", include("gongkai_web.letters.urls")),
    path("appeals/", include("gongkai_web.appeals.urls")),
    path("reports/", include("gongkai_web.reports.urls")),
    path("supervision/", include("gongkai_web.supervision.urls")),
    path("watch/", include("gongkai_web.watch.urls")),
    path("rectification/", include("gongkai_web.rectification.urls")),
    path("summaries/", include("gongkai_web.summaries.urls")),
    path("analysis/", include("gongkai_web.analysis.urls")),
    path("api/", api.urls),
    path("tokens/", api_views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", api_views.revoke, name="api_token_revoke"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_STATIC:
    urlpatterns.append(re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}))
