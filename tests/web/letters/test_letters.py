"""Letters to applicants: numbered per agency and year, written from the agency's templates, dated by the
event they tell of, kept as DOCX and PDF that read back, never issued twice, audited on the application."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from docx import Document

from gongkai_web.agencies.models import AuditEntry, Role, User
from gongkai_web.applications import services as a
from gongkai_web.applications.choices import DECISION_ARTICLES, outcome_choices
from gongkai_web.applications.models import Application
from gongkai_web.letters import services as s
from gongkai_web.letters.defaults import REMEDY, TemplateKind
from gongkai_web.letters.fill import TemplateError
from gongkai_web.letters.models import Letter, LetterCounter
from web.factories import make_application

pytestmark = pytest.mark.django_db
D = dt.date
RECEIVED = D(2024, 9, 27)


def docx_text(letter: Letter) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs)


def pdf_text(letter: Letter) -> str:
    with pdfplumber.open(io.BytesIO(bytes(letter.pdf))) as pdf:
        return "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")


@pytest.fixture
def app(frozen: object, registrar: User) -> Application:
    return make_application(registrar, received_on=RECEIVED, applicant_name="李四", content="某地块出让合同")


def test_receipt_is_numbered_dated_on_receipt_and_reads_back(app: Application, registrar: User) -> None:
    letter = s.issue_letter(registrar, app, "receipt")
    assert letter.number == "测试市自然资源局依申请公开〔2024〕1号"
    assert letter.issued_on == RECEIVED
    text = docx_text(letter)
    assert "政府信息公开申请受理回执" in text and letter.number in text
    assert "李四：" in text and "2024年9月27日" in text and "某地块出让合同" in text
    assert "2024年10月30日" in text  # the due date of the clock
    assert letter.number in pdf_text(letter)
    entry = AuditEntry.objects.filter(object_id=str(app.pk), action="issue_letter").get()
    assert entry.after == {"letter": "受理回执", "number": letter.number, "date": "2024-09-27"}


def test_a_letter_is_issued_once(app: Application, registrar: User) -> None:
    s.issue_letter(registrar, app, "receipt")
    with pytest.raises(s.LetterError, match="已出具过受理回执"):
        s.issue_letter(registrar, app, "receipt")
    assert Letter.objects.count() == 1


def test_no_letter_without_its_event(app: Application, handler: User) -> None:
    for kind in ("correction", "extension", "fee", "reply"):
        with pytest.raises(s.LetterError, match="尚无对应的办理事件"):
            s.issue_letter(handler, app, kind)
    assert not LetterCounter.objects.filter(last__gt=0).exists()  # nothing numbered


def test_correction_letter_carries_the_event_date_period_and_items(app: Application, handler: User) -> None:
    app = a.request_correction(
        handler, app, expected_version=app.version, date=D(2024, 9, 30), period_end=D(2024, 10, 20),
        note="请写明地块的具体位置",
    )  # fmt: skip
    letter = s.issue_letter(handler, app, "correction")
    assert letter.issued_on == D(2024, 9, 30)
    text = docx_text(letter)
    assert "2024年10月20日" in text and "请写明地块的具体位置" in text and "第三十条" in text


@pytest.mark.parametrize(
    "outcome", [k for k, _ in outcome_choices() if k not in ("other_no_correction", "other_unpaid_fee")]
)
def test_every_reply_states_its_article_and_the_remedies(
    app: Application, approver: User, outcome: str
) -> None:
    app = a.record_decision(
        approver,
        app,
        expected_version=app.version,
        date=D(2024, 10, 8),
        outcome=outcome,
        summary="答复要点甲",
    )
    letter = s.issue_letter(approver, app, "reply")
    assert letter.issued_on == D(2024, 10, 8)  # the reply's event date
    text = docx_text(letter)
    article = DECISION_ARTICLES[outcome]
    if article:
        assert article in text
    assert REMEDY in text and "60日" in text and "6个月" in text
    assert "答复要点甲" in text


def test_numbers_run_per_agency_and_year(frozen: object, registrar: User, staff: dict[str, User]) -> None:
    apps = [make_application(registrar, received_on=RECEIVED) for _ in range(3)]
    numbers = [s.issue_letter(registrar, x, "receipt").sequence for x in apps]
    assert numbers == [1, 2, 3]
    late = make_application(registrar, received_on=D(2023, 12, 29))
    assert s.issue_letter(registrar, late, "receipt").sequence == 1  # 2023 has its own sequence


def test_edited_template_and_pattern_are_used(app: Application, approver: User, registrar: User) -> None:
    agency = app.agency
    s.save_pattern(approver, agency, "ZR〔{year}〕{kind}{seq:03d}号", expected_version=0)
    s.save_template(
        approver, agency, "receipt", title="收件回执", body="{申请人}：\n\n我局已于{收到申请日期}收到申请。",
        expected_version=0,
    )  # fmt: skip
    letter = s.issue_letter(registrar, app, "receipt")
    assert letter.number == "ZR〔2024〕受001号"
    assert "收件回执" in docx_text(letter) and "我局已于2024年9月27日收到申请。" in docx_text(letter)
    actions = set(AuditEntry.objects.filter(agency=agency).values_list("action", flat=True))
    assert {"letter_template", "letter_numbering", "issue_letter"} <= actions


def test_a_template_with_unknown_or_missing_placeholders_is_refused(agency: object, approver: User) -> None:
    with pytest.raises(TemplateError, match="未知的占位符"):
        s.save_template(approver, agency, "receipt", title="回执", body="{申请人姓名}", expected_version=0)
    with pytest.raises(TemplateError, match="花括号须成对出现"):
        s.save_template(approver, agency, "receipt", title="回执", body="{申请人", expected_version=0)
    with pytest.raises(TemplateError, match="法律依据和救济途径"):
        s.save_template(
            approver,
            agency,
            TemplateKind.REPLY_REFUSED,
            title="答复",
            body="不予公开。{法律依据}",
            expected_version=0,
        )
    with pytest.raises(s.LetterError, match="顺序号"):
        s.save_pattern(approver, agency, "{year}年", expected_version=0)


def test_a_stale_template_form_saves_nothing(agency: object, approver: User) -> None:
    s.save_template(approver, agency, "receipt", title="甲", body="{申请人}", expected_version=0)
    with pytest.raises(TemplateError, match="已被他人修改"):
        s.save_template(approver, agency, "receipt", title="乙", body="{申请人}", expected_version=0)
    assert s.template_text(agency, "receipt")[0] == "甲"


def test_only_editors_edit_and_only_staff_of_the_agency_issue(
    app: Application, handler: User, supervisor: User
) -> None:
    with pytest.raises(PermissionDenied):
        s.save_template(handler, app.agency, "receipt", title="甲", body="{申请人}", expected_version=0)
    with pytest.raises(PermissionDenied):
        s.issue_letter(supervisor, app, "receipt")


def test_control_characters_never_reach_the_docx(app: Application, handler: User) -> None:
    app = a.request_correction(
        handler, app, expected_version=app.version, date=D(2024, 9, 30), period_end=D(2024, 10, 20),
        note="第一项\x0b第二项\x01",
    )  # fmt: skip
    letter = s.issue_letter(handler, app, "correction")
    assert "第一项第二项" in docx_text(letter)


def test_issue_and_download_through_the_pages(
    client: object, app: Application, registrar: User, supervisor: User
) -> None:
    client.force_login(registrar)  # type: ignore[attr-defined]
    page = client.get(reverse("applications:detail", args=[app.pk]))  # type: ignore[attr-defined]
    assert "出具受理回执" in page.content.decode()
    r = client.post(reverse("letters:issue", args=[app.pk, "receipt"]))  # type: ignore[attr-defined]
    assert r.status_code == 302
    letter = Letter.objects.get()
    r = client.get(reverse("letters:download", args=[letter.pk, "docx"]))  # type: ignore[attr-defined]
    assert r.status_code == 200 and r.content == bytes(letter.docx)
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = client.post(reverse("letters:issue", args=[app.pk, "receipt"]))  # type: ignore[attr-defined]
    assert r.status_code == 409 and "已出具过受理回执" in r.content.decode()
    client.force_login(supervisor)  # type: ignore[attr-defined]
    assert client.get(reverse("letters:download", args=[letter.pk, "pdf"])).status_code == 403  # type: ignore[attr-defined]


def test_template_pages(client: object, agency: object, approver: User) -> None:
    client.force_login(approver)  # type: ignore[attr-defined]
    r = client.get(reverse("letters:edit", args=["reply_refused"]))  # type: ignore[attr-defined]
    assert r.status_code == 200 and "{法律依据}" in r.content.decode()
    r = client.post(  # type: ignore[attr-defined]
        reverse("letters:edit", args=["reply_refused"]), {"title": "答复书", "body": "{坏}", "version": "0"}
    )
    assert r.status_code == 409 and "未知的占位符" in r.content.decode()
    r = client.post(reverse("letters:templates"), {"pattern": "{year}-{seq}", "version": "0"})  # type: ignore[attr-defined]
    assert r.status_code == 302
    assert "2024-1" in client.get(reverse("letters:templates")).content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_concurrent_letters_get_distinct_numbers(frozen: object, staff: dict[str, User]) -> None:
    """Eight threads issue receipts at once: eight distinct, gapless numbers (PostgreSQL: the row lock;
    SQLite in memory shares one connection, so there the threads run one after another)."""
    registrar = staff[Role.REGISTRAR]
    apps = [make_application(registrar, received_on=RECEIVED) for _ in range(8)]
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with a connection per thread (GONGKAI_TEST_DATABASE_URL=postgres://…)")
    barrier = threading.Barrier(len(apps))
    errors: list[BaseException] = []

    def issue(app: Application) -> None:
        try:
            barrier.wait()
            s.issue_letter(registrar, app, "receipt")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(x,)) for x in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Letter.objects.values_list("sequence", flat=True)) == list(range(1, 9))
