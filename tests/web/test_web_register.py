"""The register of agencies: import from Excel/CSV (validated row by row, all or nothing, audited), export in
the same format (round trip), and the preview-then-confirm pages."""

from __future__ import annotations

import copy
import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai_web.agencies import register as reg
from gongkai_web.agencies.models import Agency, AuditEntry, Role, User
from web.factories import AgencyFactory, UserFactory
from web.register_data import CITY, DONGHU, HEADER, ROWS, XILING, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def rows_of(table: list[list[str]]) -> list[reg.Row]:
    return reg.read_rows(xlsx_bytes(table), "登记簿.xlsx")


def imported(admin: User | None = None) -> reg.Plan:
    admin = admin or UserFactory(agency=None, role=Role.ADMIN)
    return reg.apply_import(admin, reg.read_rows(xlsx_bytes(), "登记簿.xlsx"), None)


def test_an_xlsx_register_builds_the_tree_with_audit() -> None:
    plan = imported()
    assert plan.ok and len(plan.creates) == len(ROWS) and not plan.updates
    city = Agency.objects.get(code=CITY)
    township = Agency.objects.get(name="东湖县城关镇人民政府")
    assert city.parent is None and city.kind == "government"
    assert city.report_url == "https://www.qingshan.gov.cn/zfxxgk/zfxxgknb/"
    assert township.kind == "township" and township.parent.code == DONGHU  # type: ignore[union-attr]
    assert township.path.startswith(city.path) and township.depth == 2
    entries = AuditEntry.objects.filter(action="register_import")
    assert entries.count() == len(ROWS)
    assert entries.get(object_id=str(township.pk)).after["report_url"] == ""  # type: ignore[index]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_register_reads_like_the_xlsx(encoding: str) -> None:
    from_csv = reg.read_rows(csv_bytes(encoding=encoding), "登记簿.csv")
    from_xlsx = reg.read_rows(xlsx_bytes(), "登记簿.xlsx")
    assert [r.values for r in from_csv] == [r.values for r in from_xlsx]
    assert from_csv[0].number == 2 and from_csv[0].values["name"] == "青山市人民政府"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(fmt: str) -> None:
    imported()
    table = reg.export_rows(Agency.objects.all())
    assert table[0] == HEADER
    data = reg.to_xlsx(table, "登记簿") if fmt == "xlsx" else reg.to_csv(table)
    plan = reg.plan_import(reg.read_rows(data, f"back.{fmt}"), None)
    assert plan.ok and plan.creates == [] and plan.updates == [] and plan.unchanged == len(ROWS)


def test_an_edited_row_is_an_update_naming_its_columns() -> None:
    imported()
    table = copy.deepcopy(ROWS)
    table[2][5] = "https://jyj.qingshan.gov.cn/new/"
    table[10][3] = DONGHU  # 西岭县教育局 moved under 东湖县 (a data-entry fix)
    plan = reg.apply_import(UserFactory(agency=None, role=Role.ADMIN), rows_of(table), None)
    assert [(c.code, c.changed) for c in plan.updates] == [
        (ROWS[2][2], ["网站"]),
        (ROWS[10][2], ["上级机构代码"]),
    ]
    moved = Agency.objects.get(code=ROWS[10][2])
    assert moved.parent.code == DONGHU and moved.path.startswith(Agency.objects.get(code=DONGHU).path)  # type: ignore[union-attr]


def test_every_bad_row_is_named_and_nothing_is_written() -> None:
    table = copy.deepcopy(ROWS)
    table[1][3] = "NOPE"  # unknown parent
    table[2][4] = "事业单位"  # unknown kind
    table[3][5] = "www.qingshan.gov.cn"  # no scheme
    table[4][2] = table[1][2]  # duplicate code
    table[6][0] = ""  # no name
    plan = reg.apply_import(UserFactory(agency=None, role=Role.ADMIN), rows_of(table), None)
    assert [str(e) for e in plan.errors] == [
        "第 3 行“上级机构代码”：找不到代码为 NOPE 的机构（登记簿和本文件中都没有）",
        "第 4 行“类别”：未知的类别“事业单位”（可用：人民政府、政府部门、乡镇（街道）、其他）",
        "第 5 行“网站”：网址无效：www.qingshan.gov.cn（须以 http:// 或 https:// 开头）",
        "第 6 行“代码”：代码 11330100QS0000102D 与第 3 行重复",
        "第 8 行“机构名称”：不能为空",
    ]
    assert Agency.objects.count() == 0  # nothing imported
    assert not AuditEntry.objects.filter(action="register_import").exists()


def test_a_cycle_is_refused() -> None:
    imported()
    table = copy.deepcopy(ROWS[:1])
    table[0][3] = DONGHU  # the city under its own county
    plan = reg.plan_import(rows_of(table), None)
    assert [str(e) for e in plan.errors] == [
        f"第 2 行“上级机构代码”：上级关系形成循环：{CITY} → {DONGHU} → {CITY}"
    ]


def test_parent_by_name_and_ambiguous_names() -> None:
    imported()
    header = ["机构名称", "代码", "上级机构名称", "类别"]
    rows = [["东湖县教育局", "DH-JY", "东湖县人民政府", "政府部门"], ["某办", "X1", "不存在的机构", "其他"]]
    plan = reg.plan_import(reg.read_rows(xlsx_bytes(rows, header), "a.xlsx"), None)
    assert [str(e) for e in plan.errors] == ["第 3 行“上级机构名称”：找不到名为“不存在的机构”的机构"]
    AgencyFactory(name="东湖县人民政府", code="DUP")
    plan = reg.plan_import(reg.read_rows(xlsx_bytes(rows[:1], header), "a.xlsx"), None)
    assert "不止一个" in str(plan.errors[0])


def test_a_supervisor_imports_only_inside_the_region() -> None:
    imported()
    donghu = Agency.objects.get(code=DONGHU)
    rows = [
        ["东湖县教育局", "", "DH-JY", DONGHU, "政府部门", "", ""],
        ["西岭县水利局", "", "XL-SL", XILING, "政府部门", "", ""],
        ["东湖县人民政府", "", DONGHU, "", "人民政府", "", ""],
        ["青山市财政局", "", ROWS[1][2], DONGHU, "政府部门", "", ""],
    ]
    plan = reg.plan_import(rows_of(rows), donghu)
    assert [str(e) for e in plan.errors] == [
        "第 3 行“上级机构代码”：上级机构须为本地区（东湖县人民政府）或其下级机构",
        "第 4 行“上级机构代码”：不能更改本地区（东湖县人民政府）的上级机构",
        "第 5 行“代码”：代码 11330100QS0000102D 属于本地区以外的机构“青山市财政局”",
    ]
    assert reg.plan_import(rows_of(rows[:1]), donghu).ok


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a workbook", "a.xlsx", "无法读取该 Excel 文件（不是 .xlsx 格式）"),
        (b"PK\x03\x04 damaged", "a.xlsx", "无法读取该 Excel 文件"),
        (b"%PDF-1.7", "a.pdf", "只能导入 Excel（.xlsx）或 CSV（.csv）文件"),
        ("名称,简称\n某局,局\n".encode(), "a.csv", "缺少“代码”列"),
        (b"", "a.csv", "文件是空的"),
    ],
)
def test_an_unreadable_file_is_one_clear_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(reg.RegisterError, match=message) as caught:
        reg.read_rows(data, name)
    assert caught.value.field == "file"


def test_a_code_typed_as_a_number_keeps_its_digits() -> None:
    rows = reg.read_rows(xlsx_bytes([["某局", "", 110101, "", "政府部门", "", ""]]), "a.xlsx")  # type: ignore[list-item]
    assert rows[0].values["code"] == "110101"


# ---- the pages


@pytest.fixture
def city_supervisor() -> User:
    imported()
    return UserFactory(username="jiandu", agency=Agency.objects.get(code=CITY), role=Role.SUPERVISOR)


def upload(client: Client, region: Agency, data: bytes, name: str = "登记簿.xlsx") -> object:
    return client.post(
        "/agencies/register/import/", {"region": region.pk, "file": SimpleUploadedFile(name, data)}
    )


def test_preview_then_confirm(client: Client, city_supervisor: User) -> None:
    client.force_login(city_supervisor)
    city = Agency.objects.get(code=CITY)
    table = [
        *ROWS,
        ["西岭县应急管理局", "县应急局", "XL-YJ", XILING, "政府部门", "https://yjj.xiling.gov.cn", ""],
    ]
    response = upload(client, city, xlsx_bytes(table))
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "新增 1 个机构，更新 0 个，未变 12 个" in page and "西岭县应急管理局" in page
    assert not Agency.objects.filter(code="XL-YJ").exists()  # a preview writes nothing
    response = client.post("/agencies/register/import/", {"region": city.pk, "confirm": "1"})
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Agency.objects.get(code="XL-YJ").parent.code == XILING  # type: ignore[union-attr]
    # the confirmation is used up
    response = client.post("/agencies/register/import/", {"region": city.pk, "confirm": "1"}, follow=True)
    assert "导入内容已失效" in response.content.decode()  # type: ignore[attr-defined]


def test_a_bad_file_shows_its_errors_and_offers_no_confirmation(
    client: Client, city_supervisor: User
) -> None:
    client.force_login(city_supervisor)
    table = [["东湖县教育局", "", "DH-JY", DONGHU, "教育部门", "", ""]]
    response = upload(client, Agency.objects.get(code=CITY), xlsx_bytes(table))
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400 and "第 2 行“类别”：未知的类别“教育部门”" in page  # type: ignore[attr-defined]
    assert "确认导入" not in page
    response = client.post(
        "/agencies/register/import/",
        {"region": Agency.objects.get(code=CITY).pk, "confirm": "1"},
        follow=True,
    )
    assert "导入内容已失效" in response.content.decode() and not Agency.objects.filter(code="DH-JY").exists()  # type: ignore[attr-defined]
    response = upload(client, Agency.objects.get(code=CITY), b"garbage", "a.xlsx")
    assert response.status_code == 400 and "无法读取该 Excel 文件" in response.content.decode()  # type: ignore[attr-defined]


def test_export_of_a_county_holds_its_subtree(client: Client, city_supervisor: User) -> None:
    client.force_login(city_supervisor)
    donghu = Agency.objects.get(code=DONGHU)
    response = client.get(f"/agencies/register/export.xlsx?region={donghu.pk}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["东湖县人民政府", "东湖县财政局", "东湖县卫生健康局", "东湖县城关镇人民政府"]
    response = client.get(f"/agencies/register/export.csv?region={donghu.pk}")
    assert response.content.decode("utf-8-sig").splitlines()[1].startswith("东湖县人民政府,东湖县政府,")


def test_an_xlsx_that_unpacks_too_large_or_too_long_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reg, "MAX_UNPACKED", 4000)
    with pytest.raises(reg.RegisterError, match="解压后过大"):
        reg.read_rows(xlsx_bytes(), "a.xlsx")
    monkeypatch.setattr(reg, "MAX_ROWS", 5)
    with pytest.raises(reg.RegisterError, match="行数过多（上限 5 行）"):
        reg.read_rows(csv_bytes(), "a.csv")


def test_text_that_looks_like_a_formula_stays_text() -> None:
    imported()
    Agency.objects.filter(code=ROWS[1][2]).update(short_name="=1+1", name="-2+3+cmd|' /C calc'!A0")
    table = reg.export_rows(Agency.objects.all())
    sheet = openpyxl.load_workbook(io.BytesIO(reg.to_xlsx(table, "登记簿"))).worksheets[0]
    assert sheet["B3"].value == "'=1+1" and sheet["B3"].data_type == "s"
    assert sheet["A3"].value == "'-2+3+cmd|' /C calc'!A0"
    lines = list(csv.reader(io.StringIO(reg.to_csv(table).decode("utf-8-sig"))))
    assert lines[2][:2] == ["'-2+3+cmd|' /C calc'!A0", "'=1+1"]
    # Exported, then imported again: the apostrophe is not taken into the register.
    for data, name in ((reg.to_xlsx(table, "登记簿"), "a.xlsx"), (reg.to_csv(table), "a.csv")):
        plan = reg.plan_import(reg.read_rows(data, name), None)
        assert plan.ok and plan.updates == []


def test_planning_a_large_register_does_not_query_per_agency(django_assert_max_num_queries: object) -> None:
    imported()
    rows = reg.read_rows(xlsx_bytes(), "a.xlsx")
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        assert reg.plan_import(rows, Agency.objects.get(code=CITY)).ok
