"""Records can be corrected, and bad dates refused (issue 13 §3): appeal dates checked against the application
and its statutory clock, corrections with a reason (audited, old → new), voiding instead of deleting (out of
表四), and the admin that cannot change ledger records behind the audit log's back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.appeals.models import Appeal
from gongkai_web.appeals.services import AppealError, correct_appeal, file_appeal, update_appeal, void_appeal
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application
from gongkai_web.reports.tables import appeal_table, cell_records
from web.factories import make_application

pytestmark = pytest.mark.django_db
D = dt.date


AUGUST_1 = D(2024, 8, 1)


def _received(staff: dict[str, User], day: dt.date = AUGUST_1) -> Application:
    return make_application(staff[Role.REGISTRAR], received_on=day)


def _decide(staff: dict[str, User], app: Application, day: dt.date) -> Application:
    return s.record_decision(
        staff[Role.APPROVER], app, expected_version=app.version, date=day, outcome="granted"
    )


# ---- appeal dates ---------------------------------------------------------------------------------------


def test_an_appeal_filed_before_the_application_was_received_is_refused_on_its_field(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    """The issue's case: received on 28 September, an appeal dated 1 September was accepted."""
    app = _received(staff, D(2024, 9, 27))
    client.force_login(staff[Role.HANDLER])
    response = client.post(
        reverse("appeals:create", args=[app.pk]),
        {"kind": "review", "body": "测试市人民政府", "filed_on": "2024-09-01"},
    )
    assert response.status_code == 200 and not Appeal.objects.exists()
    errors = response.context["form"].errors["filed_on"]
    assert errors == [
        "申请或起诉日期（2024-09-01）早于收到申请之日（2024-09-27）："
        "复议、诉讼应在答复之后，或答复期限届满仍未答复时提出"
    ]
    assert "早于收到申请之日" in response.text


def test_before_the_reply_only_once_the_statutory_deadline_has_passed(
    frozen: object, staff: dict[str, User]
) -> None:
    # Received Thursday 1 August 2024: 20 working days (no holiday in August) → due Thursday 29 August.
    app = _received(staff)
    h = staff[Role.HANDLER]
    assert app.due_on == D(2024, 8, 29)
    with pytest.raises(AppealError, match="答复期限至 2024-08-29，2024-08-29 时尚未届满") as refused:
        file_appeal(h, app, kind="review", body="市政府", filed_on=D(2024, 8, 29))
    assert refused.value.field == "filed_on"
    # the day after the deadline, still without a reply: the applicant may appeal
    review = file_appeal(h, app, kind="review", body="市政府", filed_on=D(2024, 8, 30))
    # a reply that came later does not make that appeal early
    _decide(staff, app, D(2024, 9, 10))
    assert file_appeal(h, app, kind="suit_direct", body="区法院", filed_on=D(2024, 9, 2)).pk
    assert review.pk


def test_after_the_reply_from_its_day(frozen: object, staff: dict[str, User]) -> None:
    app = _decide(staff, _received(staff), D(2024, 8, 15))
    h = staff[Role.HANDLER]
    with pytest.raises(AppealError, match="早于答复日期（2024-08-15），当时答复期限（2024-08-29）也未届满"):
        file_appeal(h, app, kind="review", body="市政府", filed_on=D(2024, 8, 14))
    assert file_appeal(h, app, kind="review", body="市政府", filed_on=D(2024, 8, 15)).pk


def test_awaiting_correction_there_is_no_deadline_to_pass(frozen: object, staff: dict[str, User]) -> None:
    app = _received(staff)
    app = s.request_correction(
        staff[Role.HANDLER], app, expected_version=app.version, date=D(2024, 8, 2), period_end=D(2024, 8, 20)
    )
    with pytest.raises(AppealError, match="没有答复期限（等待补正）"):
        file_appeal(staff[Role.HANDLER], app, kind="review", body="市政府", filed_on=D(2024, 10, 8))


# ---- correcting and voiding an appeal ---------------------------------------------------------------------


def _review(staff: dict[str, User]) -> Appeal:
    app = _decide(staff, _received(staff), D(2024, 8, 15))
    return file_appeal(staff[Role.HANDLER], app, kind="review", body="市政府", filed_on=D(2024, 9, 2))


def test_correcting_an_appeal_needs_a_reason_and_is_audited(frozen: object, staff: dict[str, User]) -> None:
    review = _review(staff)
    h = staff[Role.HANDLER]
    fields = {
        "kind": "review",
        "body": "测试市人民政府",
        "filed_on": D(2024, 9, 3),
        "case_number": "测复〔2024〕5号",
    }
    with pytest.raises(AppealError, match="请填写理由"):
        correct_appeal(h, review, expected_version=review.version, reason=" ", **fields)
    with pytest.raises(AppealError, match="早于答复日期"):
        correct_appeal(
            h, review, expected_version=review.version, reason="录错", **{**fields, "filed_on": D(2024, 8, 1)}
        )
    fixed = correct_appeal(
        h, review, expected_version=review.version, reason="复议决定书载明的申请日期为9月3日", **fields
    )
    assert (fixed.filed_on, fixed.body, fixed.version) == (D(2024, 9, 3), "测试市人民政府", 2)
    entry = AuditEntry.objects.get(action="correct_appeal")
    assert entry.before["filed_on"] == "2024-09-02" and entry.after["filed_on"] == "2024-09-03"
    assert entry.after["reason"] == "复议决定书载明的申请日期为9月3日"
    with pytest.raises(AppealError, match="已被他人修改"):
        correct_appeal(h, review, expected_version=1, reason="再改", **fields)


def test_a_voided_appeal_stays_on_record_out_of_table_four(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    review = _review(staff)
    agency = review.agency
    assert appeal_table(agency, 2024)["review"]["total"] == 1
    h = staff[Role.HANDLER]
    with pytest.raises(AppealError, match="请填写理由"):
        void_appeal(h, review, expected_version=review.version, reason="")
    with pytest.raises(PermissionDenied):
        void_appeal(staff[Role.REGISTRAR], review, expected_version=review.version, reason="误登")
    client.force_login(h)
    response = client.post(
        reverse("appeals:void", args=[review.pk]), {"void-version": review.version, "void-reason": "重复登记"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_void and review.void_reason == "重复登记" and review.version == 2
    assert appeal_table(agency, 2024)["review"] == dict.fromkeys(appeal_table(agency, 2024)["review"], 0)
    assert not cell_records(agency, 2024, "appeals.review.total").queryset.exists()
    entry = AuditEntry.objects.get(action="void_appeal")
    assert entry.after["reason"] == "重复登记" and entry.after["voided_at"]
    # shown as 已作废 in the list, on its page and on the application's page; no more forms
    assert "已作废" in client.get(reverse("appeals:list")).text
    page = client.get(reverse("appeals:detail", args=[review.pk])).text
    assert "已作废" in page and "重复登记" in page and "更新进展" not in page and "作废本案件" not in page
    assert "已作废" in client.get(reverse("applications:detail", args=[review.application_id])).text
    with pytest.raises(AppealError, match="已作废"):
        update_appeal(h, review, expected_version=2, stage="hearing", outcome="pending")
    assert Appeal.objects.count() == 1  # kept, not deleted


def test_a_review_named_by_a_suit_is_voided_after_the_suit(frozen: object, staff: dict[str, User]) -> None:
    review = _review(staff)
    h = staff[Role.HANDLER]
    review = update_appeal(
        h, review, expected_version=1, stage="decided", outcome="upheld", decided_on=D(2024, 9, 20)
    )
    suit = file_appeal(
        h,
        review.application,
        kind="suit_after_review",
        body="中院",
        filed_on=D(2024, 9, 25),
        prior_review=review,
    )
    with pytest.raises(AppealError, match="请先作废该诉讼案件"):
        void_appeal(h, review, expected_version=review.version, reason="误登")
    void_appeal(h, suit, expected_version=suit.version, reason="误登")
    assert void_appeal(h, review, expected_version=review.version, reason="误登").is_void


# ---- correcting an application's intake details --------------------------------------------------------


def test_correcting_intake_details_with_a_reason(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    app = _received(staff, D(2024, 9, 30))
    url = reverse("applications:correct", args=[app.pk])
    client.force_login(staff[Role.HANDLER])
    assert client.get(url).status_code == 403  # 登记 and 审核 correct what was registered
    client.force_login(staff[Role.REGISTRAR])
    form = client.get(url)
    assert form.status_code == 200 and "张三" in form.text
    assert form.context["form"]["received_on"].value() == D(2024, 9, 30)  # the stored day, to correct
    data = {
        "version": app.version,
        "channel": "mail",
        "receipt_basis": "mail",
        "received_on": "2024-09-27",
        "applicant_type": "natural_person",
        "applicant_name": "张叁",
        "phone": "13800000000",
        "content": "申请公开某地块的土地出让合同",
        "format_wanted": "paper",
        "delivery": "post",
    }
    missing = client.post(url, data)
    assert missing.status_code == 400 and "reason" in missing.context["form"].errors
    assert client.post(url, {**data, "reason": "姓名录入错误；信件签收日为9月27日"}).status_code == 302
    app.refresh_from_db()
    assert (app.applicant_name, app.received_on, app.version) == ("张叁", D(2024, 9, 27), 2)
    assert app.due_on == D(2024, 10, 30)  # re-derived from the corrected day of receipt
    entry = AuditEntry.objects.get(action="correct_application")
    assert entry.before["applicant_name"] == "张三" and entry.after["applicant_name"] == "张叁"
    assert entry.before["received_on"] == "2024-09-30" and entry.after["received_on"] == "2024-09-27"
    assert entry.after["reason"] == "姓名录入错误；信件签收日为9月27日"
    stale = client.post(url, {**data, "version": 1, "reason": "再改"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text


def test_a_day_of_receipt_after_what_happened_is_refused(frozen: object, staff: dict[str, User]) -> None:
    app = _received(staff)
    app = s.request_correction(
        staff[Role.HANDLER], app, expected_version=app.version, date=D(2024, 8, 5), period_end=D(2024, 8, 20)
    )
    with pytest.raises(s.TransitionError, match="不能晚于已登记的办理事件") as refused:
        s.correct_application(
            staff[Role.REGISTRAR],
            app,
            expected_version=app.version,
            reason="改日期",
            received_on=D(2024, 8, 6),
        )
    assert refused.value.field == "received_on"
    with pytest.raises(s.TransitionError, match="没有需要更正的内容"):
        s.correct_application(
            staff[Role.REGISTRAR], app, expected_version=app.version, reason="无", applicant_name="张三"
        )


# ---- voiding an application registered by mistake ---------------------------------------------------------


def test_a_voided_application_is_kept_and_counted_nowhere(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    app = _received(staff, D(2024, 9, 30))
    twin = _received(staff, D(2024, 9, 30))  # the same letter registered twice
    agency = app.agency
    assert cell_records(agency, 2024, "requests.received.total").queryset.count() == 2
    act = reverse("applications:act", args=[twin.pk, "void"])
    client.force_login(staff[Role.HANDLER])
    assert 'id="action-void"' not in client.get(reverse("applications:detail", args=[twin.pk])).text
    assert client.post(act, {"void-version": twin.version, "void-reason": "重复"}).status_code == 403
    client.force_login(staff[Role.APPROVER])
    assert 'id="action-void"' in client.get(reverse("applications:detail", args=[twin.pk])).text
    blank = client.post(act, {"void-version": twin.version, "void-reason": " "})
    assert blank.status_code == 409 and Application.objects.get(pk=twin.pk).status == "open"
    done = client.post(act, {"void-version": twin.version, "void-reason": "同一封信件重复登记"})
    assert done.status_code == 302
    twin.refresh_from_db()
    assert (twin.status, twin.void_reason) == ("voided", "同一封信件重复登记")
    entry = AuditEntry.objects.get(action="void", object_id=str(twin.pk))
    assert entry.after["reason"] == "同一封信件重复登记" and entry.before["status"] == "open"
    # counted nowhere: 表三, the work queue; shown as 已作废 with its reason
    assert list(cell_records(agency, 2024, "requests.received.total").queryset) == [app]
    page = client.get(reverse("applications:detail", args=[twin.pk])).text
    assert "已作废" in page and "同一封信件重复登记" in page and 'id="action-' not in page
    assert "更正登记信息" not in page and "登记复议或诉讼" not in page
    assert twin.tracking_code not in client.get(reverse("applications:queue")).text
    assert "已作废" in client.get(reverse("applications:list")).text
    # an application with a live review is voided only after the review
    app = _decide(staff, app, D(2024, 10, 8))
    review = file_appeal(staff[Role.HANDLER], app, kind="review", body="市政府", filed_on=D(2024, 10, 8))
    with pytest.raises(s.TransitionError, match="请先作废这些案件"):
        s.void_application(staff[Role.APPROVER], app, expected_version=app.version, reason="误登")
    void_appeal(staff[Role.HANDLER], review, expected_version=review.version, reason="误登")
    assert (
        s.void_application(staff[Role.APPROVER], app, expected_version=app.version, reason="误登").status
        == "voided"
    )
    app.refresh_from_db()
    with pytest.raises(AppealError, match="已作废"):
        file_appeal(staff[Role.HANDLER], app, kind="review", body="市政府", filed_on=D(2024, 10, 8))


# ---- the admin: read-only for ledger records, audited for the set-up it is the place for -----------------


def test_the_admin_cannot_change_ledger_records(
    client: Client, frozen: object, staff: dict[str, User]
) -> None:
    from gongkai_web.disclosures.models import AnnualFigure, Disclosure
    from gongkai_web.disclosures.services import set_annual_figure
    from gongkai_web.guides.models import GuideDetails
    from gongkai_web.interpretations.models import Interpretation
    from web.factories import DisclosureFactory

    review = _review(staff)
    agency = review.agency
    item = DisclosureFactory(agency=agency)
    set_annual_figure(
        staff[Role.HANDLER], agency, year=2024, key="fees.amount", value=Decimal(1), source="财务科"
    )
    GuideDetails.objects.create(agency=agency)
    records = {
        Application: review.application,
        Appeal: review,
        Disclosure: item,
        AnnualFigure: AnnualFigure.objects.get(),
        GuideDetails: GuideDetails.objects.get(),
        Interpretation: None,
    }
    client.force_login(staff[Role.ADMIN])
    for model, obj in records.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200
        assert client.get(reverse(f"{name}_add")).status_code == 403, model
        if obj is not None:
            version = getattr(obj, "version", None)
            assert client.post(reverse(f"{name}_change", args=[obj.pk]), {}).status_code == 403, model
            assert client.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
            obj.refresh_from_db()
            assert getattr(obj, "version", None) == version
    assert Appeal.objects.filter(pk=review.pk).exists()


def _unchanged(form: forms.Form) -> dict[str, object]:
    """The admin form's fields as it shows them, posted back unchanged."""
    posted: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if isinstance(field, forms.BooleanField):
            if value:
                posted[name] = "on"
        elif isinstance(field, forms.SplitDateTimeField):
            if value is not None:
                posted[f"{name}_0"], posted[f"{name}_1"] = f"{value:%Y-%m-%d}", f"{value:%H:%M:%S}"
        elif isinstance(field, forms.ModelMultipleChoiceField):
            posted[name] = [getattr(v, "pk", v) for v in value or ()]
        elif value is not None:
            posted[name] = getattr(value, "pk", value)
    return posted


def test_admin_changes_to_users_groups_and_memberships_are_audited(
    client: Client, frozen: object, staff: dict[str, User], agency: Agency
) -> None:
    from django.contrib.auth.models import Group, Permission

    admin_user, handler = staff[Role.ADMIN], staff[Role.HANDLER]
    client.force_login(admin_user)
    # A group and its permissions.
    perm = Permission.objects.get(codename="view_auditentry")
    response = client.post(reverse("admin:auth_group_add"), {"name": "审计查阅", "permissions": [perm.pk]})
    assert response.status_code == 302
    group = Group.objects.get(name="审计查阅")
    added = AuditEntry.objects.get(action="admin_add", object_type="auth.group")
    assert added.actor == admin_user and added.after == {"name": "审计查阅", "permissions": str(perm)}
    # A user's role, active flag, group membership and own permissions, changed in one save.
    url = reverse("admin:agencies_user_change", args=[handler.pk])
    posted = _unchanged(client.get(url).context["adminform"].form)
    posted |= {"role": Role.APPROVER, "groups": [group.pk], "user_permissions": [perm.pk]}
    posted.pop("is_active")
    response = client.post(url, posted)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(action="admin_change", object_type="agencies.user")
    assert entry.actor == admin_user and entry.agency == handler.agency and entry.object_id == str(handler.pk)
    assert (entry.before["role"], entry.after["role"]) == (Role.HANDLER, Role.APPROVER)
    assert (entry.before["is_active"], entry.after["is_active"]) == (True, False)
    assert (entry.before["groups"], entry.after["groups"]) == ("", "审计查阅")
    assert entry.after["user_permissions"] == str(perm)
    assert "password" not in entry.before and "password" not in entry.after  # never the hash
    # A password set by the administrator: audited, without it.
    response = client.post(
        reverse("admin:auth_user_password_change", args=[handler.pk]),
        {"password1": "Xk9#mq2-vLp7", "password2": "Xk9#mq2-vLp7", "usable_password": "true"},
    )
    assert response.status_code == 302
    password = AuditEntry.objects.get(action="admin_password")
    assert password.after == {"usable_password": True} and "Xk9" not in str(password.after)
    # Deleting a group and a user.
    client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    client.post(reverse("admin:agencies_user_delete", args=[handler.pk]), {"post": "yes"})
    deleted = AuditEntry.objects.filter(action="admin_delete").values_list("object_type", flat=True)
    assert sorted(deleted) == ["agencies.user", "auth.group"]
    page = client.get(reverse("audit")).text
    assert "在管理后台设置密码" in page and "审计查阅" in page


def test_admin_changes_to_agencies_and_categories_are_audited(
    client: Client, frozen: object, staff: dict[str, User], agency: Agency
) -> None:
    from gongkai_web.disclosures.models import Category

    client.force_login(staff[Role.ADMIN])
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    form = client.get(url).context["adminform"].form
    posted: dict[str, object] = {}
    for name, field in form.fields.items():  # the form as the admin shows it, unchanged
        value = form.initial.get(name)
        if isinstance(field, forms.BooleanField):
            if value:
                posted[name] = "on"
        elif value is not None:
            posted[name] = getattr(value, "pk", value)
    posted["address"] = "测试市人民路1号"
    response = client.post(url, posted)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(action="admin_change", object_type="agencies.agency")
    assert entry.after["address"] == "测试市人民路1号" and entry.actor == staff[Role.ADMIN]
    assert (
        client.post(reverse("admin:agencies_agency_delete", args=[agency.pk]), {"post": "yes"}).status_code
        == 403
    )
    add = client.post(
        reverse("admin:disclosures_category_add"),
        {"name": "测试分类", "code": "test", "agency": agency.pk, "order": 9},
    )
    assert add.status_code == 302
    created = AuditEntry.objects.get(action="admin_add", object_type="disclosures.category")
    assert created.after["name"] == "测试分类" and created.object_id == str(
        Category.objects.get(code="test").pk
    )
    assert "在管理后台修改" in client.get(reverse("audit")).text
