"""Review before publishing (条例第十七条): each step by the role allowed to take it, refused to the others
and from the wrong status; the record kept; published entries changed only by correction or 撤稿; the
table two counts only what is published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from gongkai_web.disclosures import review
from gongkai_web.disclosures.models import Category, Disclosure, DisclosureStep, withholding_grounds
from gongkai_web.disclosures.services import DisclosureError, count_documents, draft_disclosure
from gongkai_web.disclosures.transitions import TRANSITIONS
from gongkai_web.reports.tables import document_table
from web.factories import AgencyFactory, category, publish_reviewed

pytestmark = pytest.mark.django_db
D = dt.date
OPINIONS = {"confidentiality": "不涉及国家秘密和个人隐私", "legality": "属于第二十条规定的主动公开范围"}


def data(**kw: object) -> dict[str, object]:
    return {
        "title": "测试市国土空间规划实施办法",
        "category": category(),
        "publisher": "测试市自然资源局",
        "issued_on": D(2024, 3, 1),
        "is_normative": True,
    } | kw


def in_status(status: str, staff: dict[str, User], agency: Agency, **kw: object) -> Disclosure:
    """An entry brought to ``status`` by the service functions."""
    h, r, a = staff[Role.HANDLER], staff[Role.REVIEWER], staff[Role.APPROVER]
    if status == "withheld":
        kw = {"attribute": "on_request", "withholding_ground": "refused_internal_affairs"} | kw
    item = draft_disclosure(h, agency, data(**kw))
    if status == "draft":
        return item
    review.submit_for_review(h, item, expected_version=None)
    if status == "review":
        return item
    review.clear(r, item, expected_version=None, **OPINIONS)
    if status == "cleared":
        return item
    if status == "withheld":
        review.withhold(a, item, expected_version=None)
    else:
        review.publish(a, item, expected_version=None)
    if status == "retracted":
        review.retract(a, item, expected_version=None, reason="内容有误")
    return item


def test_the_whole_review_is_recorded_and_audited(
    handler: User, reviewer: User, approver: User, agency: Agency
) -> None:
    item = publish_reviewed(handler, reviewer, approver, agency, data())
    assert item.status == "published" and item.index_number == "ZR01/2024-00001"
    assert item.published_at is not None and item.drafted_by == handler
    steps = list(item.steps.values_list("kind", "actor__username"))
    assert steps == [("submit_review", "handler"), ("clear", "reviewer"), ("publish", "approver")]
    cleared = item.steps.get(kind="clear")
    assert cleared.confidentiality == "不涉密" and cleared.legality == "属于主动公开范围"
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["draft_disclosure", "submit_review", "clear", "publish"]
    assert AuditEntry.objects.get(action="publish").after["status"] == "published"
    assert item.version == 4


# (step, the status it starts from, the roles that may take it)
MATRIX = [
    ("submit_review", "draft", {Role.HANDLER, Role.APPROVER, Role.ADMIN}),
    ("clear", "review", {Role.REVIEWER, Role.APPROVER, Role.ADMIN}),
    ("reject_disclosure", "review", {Role.REVIEWER, Role.APPROVER, Role.ADMIN}),
    ("reject_disclosure", "cleared", {Role.REVIEWER, Role.APPROVER, Role.ADMIN}),
    ("publish", "cleared", {Role.APPROVER, Role.ADMIN}),
    ("retract", "published", {Role.APPROVER, Role.ADMIN}),
]
ARGS = {"clear": OPINIONS, "reject_disclosure": {"reason": "文号有误"}, "retract": {"reason": "重复发布"}}


@pytest.mark.parametrize(("step", "start", "roles"), MATRIX)
def test_each_step_by_role(
    staff: dict[str, User], agency: Agency, step: str, start: str, roles: set[str]
) -> None:
    for role, user in staff.items():
        item = in_status(start, staff, agency)
        call = review.PERFORM[step]
        if role in roles:
            call(user, item, expected_version=item.version, **ARGS.get(step, {}))
            item.refresh_from_db()
            assert item.status == TRANSITIONS[step].target, role
            assert item.steps.last().kind == step  # type: ignore[union-attr]
        else:
            with pytest.raises(PermissionDenied):
                call(user, item, expected_version=item.version, **ARGS.get(step, {}))
            item.refresh_from_db()
            assert item.status == start, role


@pytest.mark.parametrize("start", ["draft", "review", "published", "withheld", "retracted"])
def test_publish_is_refused_before_review(staff: dict[str, User], agency: Agency, start: str) -> None:
    item = in_status(start, staff, agency)
    with pytest.raises(DisclosureError, match="不能发布"):
        review.publish(staff[Role.ADMIN], item, expected_version=None)


def test_the_drafter_does_not_review_their_own_draft(approver: User, agency: Agency) -> None:
    item = draft_disclosure(approver, agency, data())
    review.submit_for_review(approver, item, expected_version=None)
    with pytest.raises(DisclosureError, match="拟稿人不能审查"):
        review.clear(approver, item, expected_version=None, **OPINIONS)
    assert Disclosure.objects.get().status == "review"


def test_review_needs_both_opinions_and_rejection_a_reason(
    staff: dict[str, User], reviewer: User, agency: Agency
) -> None:
    item = in_status("review", staff, agency)
    with pytest.raises(DisclosureError, match="保密审查意见") as exc:
        review.clear(reviewer, item, expected_version=None, confidentiality=" ", legality="合法")
    assert exc.value.field == "confidentiality"
    with pytest.raises(DisclosureError, match="合法性审查意见"):
        review.clear(reviewer, item, expected_version=None, confidentiality="不涉密", legality="")
    with pytest.raises(DisclosureError, match="退回理由"):
        review.reject(reviewer, item, expected_version=None, reason="")
    review.reject(reviewer, item, expected_version=None, reason="标题与正文不符")
    item.refresh_from_db()
    assert item.status == "draft" and item.steps.last().reason == "标题与正文不符"  # type: ignore[union-attr]


def test_stale_step_is_refused(staff: dict[str, User], reviewer: User, agency: Agency) -> None:
    item = in_status("review", staff, agency)
    with pytest.raises(DisclosureError, match="已被他人修改"):
        review.clear(reviewer, item, expected_version=item.version - 1, **OPINIONS)
    assert not DisclosureStep.objects.filter(kind="clear").exists()


def test_attribute_and_ground(staff: dict[str, User], handler: User, approver: User, agency: Agency) -> None:
    with pytest.raises(DisclosureError, match="不主动公开的理由") as exc:
        draft_disclosure(handler, agency, data(attribute="on_request"))
    assert exc.value.field == "withholding_ground"
    grounds = dict(withholding_grounds())
    assert grounds["refused_process_information"] == "6.属于四类过程性信息"  # from the catalog
    item = in_status(
        "cleared", staff, agency, attribute="not_disclosed", withholding_ground="refused_process_information"
    )
    with pytest.raises(DisclosureError, match="不主动公开"):
        review.publish(approver, item, expected_version=None)
    review.withhold(approver, item, expected_version=None)
    item.refresh_from_db()
    assert (item.status, item.index_number) == ("withheld", None)
    proactive = in_status("cleared", staff, agency)
    with pytest.raises(DisclosureError, match="应当发布"):
        review.withhold(approver, proactive, expected_version=None)
    # a proactive entry keeps no ground
    assert (
        draft_disclosure(handler, agency, data(withholding_ground="refused_state_secret")).withholding_ground
        == ""
    )


def test_published_entries_change_only_by_correction_or_retraction(
    staff: dict[str, User], handler: User, approver: User, reviewer: User, agency: Agency
) -> None:
    from gongkai_web.disclosures.services import update_disclosure

    item = in_status("published", staff, agency)
    with pytest.raises(DisclosureError, match="只有草稿可以修改"):
        update_disclosure(handler, item, expected_version=None, data={"title": "悄悄改"})
    with pytest.raises(PermissionDenied):
        review.correct(reviewer, item, expected_version=None, data={"title": "x"}, reason="错字")
    with pytest.raises(DisclosureError, match="更正理由"):
        review.correct(approver, item, expected_version=None, data={"title": "x"}, reason=" ")
    number = item.index_number
    review.correct(approver, item, expected_version=None, data={"title": "更正后的标题"}, reason="标题错字")
    item.refresh_from_db()
    assert (item.title, item.index_number, item.status) == ("更正后的标题", number, "published")
    entry = AuditEntry.objects.get(action="correct")
    assert entry.before["title"] != entry.after["title"] == "更正后的标题"
    review.retract(approver, item, expected_version=None, reason="文件已被上级撤销")
    item.refresh_from_db()
    assert item.status == "retracted" and item.index_number == number  # kept in the record
    assert [s.kind for s in item.steps.all()][-2:] == ["correct", "retract"]


def test_table_two_counts_only_published_entries(staff: dict[str, User], agency: Agency) -> None:
    for status in ("draft", "review", "cleared", "published", "retracted"):
        in_status(status, staff, agency)
    in_status("withheld", staff, agency)
    assert count_documents(agency, 2024)["normative_documents"].issued == 1
    table = document_table(agency, 2024, "2021")
    assert table["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 1}


def test_categories_form_the_agency_catalogue_tree(client: Client, agency: Agency) -> None:
    law = category("law")
    own = Category.objects.create(code="law-plan", name="规划文件", parent=law, agency=agency)
    other = Category.objects.create(code="x-only", name="他机构类别", agency=AgencyFactory())
    assert str(own) == "法规文件 › 规划文件"
    ids = set(Category.for_agency(agency).values_list("pk", flat=True))
    assert own.pk in ids and law.pk in ids and other.pk not in ids
    assert set(law.subtree_ids()) >= {law.pk, own.pk}
    law.parent = own  # a branch cannot hang below itself
    with pytest.raises(ValidationError, match="上级类别"):
        law.full_clean()
    law.parent = None
    from web.factories import DisclosureFactory

    DisclosureFactory(agency=agency, title="规划类文件", category=own)
    listed = client.get(reverse("disclosures:catalogue"), {"category": law.pk}).text
    assert "规划类文件" in listed  # a branch shows what is filed below it


# ---- pages


def _buttons(client: Client, user: User, item: Disclosure) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("disclosures:detail", args=[item.pk]))
    assert page.status_code == 200
    return set(re.findall(r'id="action-(\w+)"', page.text))


def test_buttons_follow_the_table(client: Client, staff: dict[str, User], agency: Agency) -> None:
    item = in_status("review", staff, agency)
    assert _buttons(client, staff[Role.REVIEWER], item) == {"clear", "reject_disclosure"}
    assert _buttons(client, staff[Role.HANDLER], item) == set()
    item = in_status("cleared", staff, agency)
    assert _buttons(client, staff[Role.APPROVER], item) == {"reject_disclosure", "publish", "withhold"}
    assert _buttons(client, staff[Role.REVIEWER], item) == {"reject_disclosure"}


def test_review_pages(client: Client, staff: dict[str, User], agency: Agency) -> None:
    item = in_status("review", staff, agency)
    client.force_login(staff[Role.REVIEWER])
    work = client.get(reverse("disclosures:work")).text
    assert item.title in work and "待审查" in work
    url = reverse("disclosures:act", args=[item.pk, "clear"])
    empty = client.post(
        url, {"clear-version": item.version, "clear-confidentiality": " ", "clear-legality": "x"}
    )
    assert empty.status_code == 409 and "保密审查意见" in empty.text
    ok = client.post(url, {"clear-version": item.version, **{f"clear-{k}": v for k, v in OPINIONS.items()}})
    assert ok.status_code == 302
    client.force_login(staff[Role.APPROVER])
    item.refresh_from_db()
    url = reverse("disclosures:act", args=[item.pk, "publish"])
    assert client.post(url, {"publish-version": item.version}).status_code == 302
    item.refresh_from_db()
    page = client.get(reverse("disclosures:detail", args=[item.pk])).text
    assert item.index_number in page and OPINIONS["confidentiality"] in page
    # the correction page needs a reason; the public sees the correction, not the review record
    edit = reverse("disclosures:edit", args=[item.pk])
    form = {
        "title": "更正标题",
        "category": item.category_id,
        "publisher": item.publisher,
        "issued_on": "2024-03-01",
        "validity": "valid",
        "attribute": "proactive",
        "version": item.version,
    }
    assert "更正理由" in client.post(edit, form).text
    assert client.post(edit, form | {"reason": "标题错字"}).status_code == 302
    public = Client().get(reverse("disclosures:detail", args=[item.pk])).text
    assert "更正标题" in public and "标题错字" in public and OPINIONS["confidentiality"] not in public
    # a reviewer cannot publish, even by posting the form
    client.force_login(staff[Role.REVIEWER])
    other = in_status("cleared", staff, agency)
    url = reverse("disclosures:act", args=[other.pk, "publish"])
    assert client.post(url, {"publish-version": other.version}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_entries_made_before_review_stay_published() -> None:
    """Migration ``disclosures.0005``: every entry that existed was published at once, and stays so."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    agencies = ("agencies", "0003_reviewer_role")
    before = [("disclosures", "0004_figure_keys_by_path"), agencies]
    after = [("disclosures", "0005_review"), agencies]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    agency = old.get_model("agencies", "Agency").objects.create(name="旧机构", code="OLD01", path="/x/")
    cat = old.get_model("disclosures", "Category").objects.create(code="old-cat", name="旧类别")
    old.get_model("disclosures", "Disclosure").objects.create(
        agency=agency,
        index_number="OLD01/2020-00001",
        year=2020,
        sequence=1,
        title="条例施行前发布的文件",
        category=cat,
        publisher="旧机构",
        issued_on=D(2020, 5, 1),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    entry = new.get_model("disclosures", "Disclosure").objects.get()
    assert (entry.status, entry.index_number, entry.attribute) == (
        "published",
        "OLD01/2020-00001",
        "proactive",
    )
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert Disclosure.objects.published().count() == 1
    assert Disclosure(agency_id=1).status == "draft"  # what is made from now on starts as a draft


def test_work_list_keeps_withheld_and_retracted_in_view(
    client: Client, staff: dict[str, User], agency: Agency
) -> None:
    withheld = in_status("withheld", staff, agency, title="认定依申请公开的文件")
    retracted = in_status("retracted", staff, agency, title="已撤稿的文件")
    client.force_login(staff[Role.REVIEWER])
    page = client.get(reverse("disclosures:work")).text
    assert withheld.title in page and retracted.title in page and "已撤稿（1）" in page
    assert "起草信息" not in page  # a reviewer drafts nothing
    assert "起草信息" not in client.get(reverse("disclosures:catalogue")).text
    client.force_login(staff[Role.HANDLER])
    assert "起草信息" in client.get(reverse("disclosures:catalogue")).text
