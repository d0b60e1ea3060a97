"""The read API: tokens (stored hashed, revocable) with the web's scopes, pagination and filters, problem+json
errors, ETags, and the indicators as the analysis pages show them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.api.models import ApiToken, digest
from gongkai_web.supervision.models import CollectedReport, CollectedVersion
from web.analysis_data import file, real, small_report
from web.factories import UserFactory

pytestmark = pytest.mark.django_db


def get(path: str, token: str | None = None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(path, params, headers=headers)


def test_a_token_is_stored_hashed_and_can_be_revoked(chief: User, token: str) -> None:
    row = ApiToken.objects.get(user=chief)
    assert row.digest == digest(token) and token not in (row.digest, row.hint)
    assert get("/api/agencies", token).status_code == 200
    row.revoke()
    response = get("/api/agencies", token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401 and "令牌" in response.json()["title"]
    assert get("/api/agencies").status_code == 401
    assert get("/api/agencies", "gk_not-a-token").status_code == 401


def test_scopes_are_the_web_roles(area: dict[str, Agency], token: str) -> None:
    names = [a["name"] for a in get("/api/agencies", token).json()["items"]]
    assert names == ["平潭综合实验区管理委员会", "平潭综合实验区科学技术局", "平潭综合实验区社会事业局"]
    clerk = UserFactory(username="clerk", agency=area["stc"], role=Role.HANDLER)
    own = ApiToken.issue(clerk, "本机构")[1]
    assert [r["agency"] for r in get("/api/reports", own).json()["items"]] == ["平潭综合实验区科学技术局"]
    other = get("/api/reports", token, region=area["other"].pk).json()
    assert other == {"items": [], "count": 0}
    hidden = get("/api/agencies", token).json()["count"]
    assert hidden == 3
    foreign = get(f"/api/agencies/{area['other'].pk}", token)
    assert foreign.status_code == 404 and foreign["Content-Type"] == "application/problem+json"


def test_reports_pagination_filters_and_content(area: dict[str, Agency], token: str) -> None:
    page = get("/api/reports", token, year=2024, page_size=2).json()
    assert page["count"] == 3 and len(page["items"]) == 2
    second = get("/api/reports", token, year=2024, page_size=2, page=2).json()
    assert len(second["items"]) == 1
    city = get("/api/reports", token, kind="government").json()["items"]
    assert {(r["agency"], r["year"]) for r in city} == {("平潭综合实验区管理委员会", y) for y in (2023, 2024)}
    report_id = next(r["id"] for r in city if r["year"] == 2024)
    detail = get(f"/api/reports/{report_id}", token).json()
    assert detail["tables"]["requests"]["received"]["total"] == 218
    assert detail["latest"]["number"] == 1 and len(detail["history"]) == 1
    assert "overview" in detail["sections"]
    version = get(f"/api/reports/{report_id}/versions/1", token).json()
    assert version["data"]["schema"] == "gongkai.annual-report/1"
    assert get(f"/api/reports/{report_id}/versions/2", token).status_code == 404
    findings = get(f"/api/reports/{report_id}/findings", token)
    assert findings.status_code == 200 and isinstance(findings.json(), list)


def test_indicators_as_computed_by_hand(area: dict[str, Agency], token: str) -> None:
    rows = get("/api/indicators", token, agency=area["city"].pk, year=2024).json()["items"]
    assert len(rows) == 1
    rate = rows[0]["indicators"]["disclosure_rate"]
    assert (rate["numerator"], rate["denominator"], rate["display"]) == (100, 218, "45.9%")
    assert rate["label"] == "实质公开率"
    social = get("/api/indicators", token, agency=area["social"].pk).json()["items"][0]
    assert social["indicators"]["review_correction_rate"]["value"] is None  # 0 ÷ 0: undefined, not 0 %
    assert social["indicators"]["review_correction_rate"]["display"] == "—"


def test_errors_are_problems(token: str) -> None:
    response = get("/api/reports", token, year="二〇二四")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "参数无效" and body["errors"][0]["loc"][-1] == "year"
    assert get("/api/reports/999999", token).status_code == 404


def test_etag_and_not_modified(token: str) -> None:
    first = get("/api/reports", token)
    etag = first["ETag"]
    again = Client().get("/api/reports", headers={"Authorization": f"Bearer {token}", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = Client().get(
        "/api/reports", {"page_size": 1}, headers={"Authorization": f"Bearer {token}", "If-None-Match": etag}
    )
    assert other.status_code == 200


def test_schema_and_docs_are_served_without_a_cdn() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert {"/api/agencies", "/api/reports", "/api/indicators"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]
    docs = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_the_token_page(chief: User) -> None:
    client = Client()
    client.force_login(chief)
    page = client.post("/tokens/", {"name": "统计脚本"}).content.decode()
    row = ApiToken.objects.get(user=chief, name="统计脚本")
    token = page.split('id="token-text">', 1)[1].split("<", 1)[0]
    assert digest(token) == row.digest
    assert get("/api/agencies", token).status_code == 200
    client.post(f"/tokens/{row.pk}/revoke/")
    assert get("/api/agencies", token).status_code == 401
    someone = UserFactory(username="someone", role=Role.HANDLER)
    other = ApiToken.issue(someone, "别人的")[0]
    assert client.post(f"/tokens/{other.pk}/revoke/").status_code == 404


def test_region_and_kind_filter_a_subtree(area: dict[str, Agency], token: str) -> None:
    found = get("/api/reports", token, region=area["city"].pk, kind="department").json()
    assert {r["agency"] for r in found["items"]} == {"平潭综合实验区科学技术局", "平潭综合实验区社会事业局"}
    assert found["count"] == 2
    agencies = get("/api/agencies", token, region=area["stc"].pk).json()
    assert [a["name"] for a in agencies["items"]] == ["平潭综合实验区科学技术局"]


def test_findings_are_those_stored_with_the_version(area: dict[str, Agency], token: str) -> None:
    version = CollectedVersion.objects.get(report__agency=area["city"], report__year=2024)
    assert version.checks  # the fixture files versions as the filing service does, checked
    stored = get(f"/api/reports/{version.report_id}/findings", token).json()
    assert [(f["code"], f["message"]) for f in stored] == [(f["code"], f["message"]) for f in version.checks]
    version.checks = [{**version.checks[0], "accepted": "经核实无误"}]
    version.save(update_fields=["checks"])
    again = get(f"/api/reports/{version.report_id}/findings", token).json()
    assert len(again) == 1 and again[0]["accepted"] == "经核实无误"


def test_etags_and_counts_follow_the_data(area: dict[str, Agency], token: str) -> None:
    urls = ("/api/reports", "/api/indicators", "/api/agencies")
    before = {u: get(u, token) for u in urls}
    assert before["/api/reports"].json()["count"] == 4
    file(area["stc"], 2023, small_report())  # a new report: counts and pages change
    after = {u: get(u, token) for u in urls}
    assert after["/api/reports"].json()["count"] == 5 and after["/api/indicators"].json()["count"] == 5
    for u in ("/api/reports", "/api/indicators"):
        assert after[u]["ETag"] != before[u]["ETag"]
    assert after["/api/agencies"]["ETag"] == before["/api/agencies"]["ETag"]  # nothing of theirs changed
    file(area["stc"], 2023, real("2024-pingtan-crawled.txt"), number=2)  # a new version of it
    newer = get("/api/reports", token, agency=area["stc"].pk, year=2023).json()["items"][0]
    assert newer["versions"] == 2 and newer["latest"]["number"] == 2
    area["social"].name = "平潭综合实验区社会事业和民生保障局"
    area["social"].save()
    renamed = get("/api/agencies", token)
    assert renamed["ETag"] != before["/api/agencies"]["ETag"]
    assert "平潭综合实验区社会事业和民生保障局" in {a["name"] for a in renamed.json()["items"]}
    CollectedReport.objects.filter(agency=area["stc"], year=2023).delete()
    assert get("/api/reports", token).json()["count"] == 4
