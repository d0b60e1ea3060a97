"""Art. 49 deadlines follow the agency's kind (a field set in the admin and the demo data), not its name."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, User
from gongkai_web.reports import services as svc
from web.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_the_kind_decides_not_the_name() -> None:
    named_like_a_government = AgencyFactory(name="测试市人民政府", kind="department")
    a_government = AgencyFactory(name="测试市政府", kind="government")
    township = AgencyFactory(name="测试镇人民政府", kind="township")
    assert svc.deadline(named_like_a_government, 2024) == dt.date(2025, 1, 31)
    assert svc.deadline(a_government, 2024) == dt.date(2025, 3, 31)
    assert svc.deadline(township, 2024) == dt.date(2025, 1, 31)
    assert AgencyFactory().kind == "department"


def test_existing_agencies_keep_their_deadline_after_the_migration() -> None:
    gov = AgencyFactory(name="测试市人民政府")
    office = AgencyFactory(name="测试市人民政府办公室")
    migration = importlib.import_module("gongkai_web.agencies.migrations.0002_agency_kind")
    migration.from_names(django_apps, None)
    assert Agency.objects.get(pk=gov.pk).kind == "government"
    assert Agency.objects.get(pk=office.pk).kind == "department"


def test_demo_data_and_admin_set_the_kind(client: Client) -> None:
    call_command("load_demo", stdout=io.StringIO())
    kinds = dict(Agency.objects.values_list("name", "kind"))
    assert kinds["示例市人民政府"] == "government"
    assert kinds["示例市人民政府办公室"] == kinds["示例市生态环境局"] == "department"
    client.force_login(User.objects.get(username="admin"))
    gov = Agency.objects.get(name="示例市人民政府")
    page = client.get(reverse("admin:agencies_agency_change", args=[gov.pk])).content.decode()
    assert 'name="kind"' in page and "机构类别" in page
