"""Permissions per role: the action matrix, agency scoping, supervisors read-only below their agency."""

from __future__ import annotations

import pytest

from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.agencies.permissions import ACTIONS, can
from web.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    Role.REGISTRAR: {
        "view",
        "register",
        "receive_correction",
        "attach",
        "correct_intake",
        "answer_rectification",
    },
    Role.HANDLER: {
        "view",
        "receive_correction",
        "handle",
        "attach",
        "publish",
        "appeal",
        "answer_rectification",
    },
    Role.APPROVER: {
        *("view", "handle", "extend", "decide", "attach", "publish", "appeal", "audit"),
        *("review_disclosure", "release_disclosure", "edit_guide", "answer_rectification"),
        *("correct_intake", "void_application"),
    },
    Role.REVIEWER: {"view", "review_disclosure"},
    Role.SUPERVISOR: {"view", "audit", "supervise", "keep_register", "rectify", "analyse", "summarise"},
    # batch intake and 整改 are the supervising office's and the agency's own work
    Role.ADMIN: set(ACTIONS) - {"supervise", "rectify", "answer_rectification"},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_action_matrix_in_own_agency(staff: dict[str, User], agency: Agency, role: str) -> None:
    allowed = {a for a in ACTIONS if can(staff[role], a, agency)}
    assert allowed == EXPECTED[role]


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.REVIEWER])
def test_nothing_in_another_agency(staff: dict[str, User], role: str) -> None:
    other = AgencyFactory()
    assert not any(can(staff[role], a, other) for a in ACTIONS)


def test_supervisor_reads_the_agencies_below(db: None) -> None:
    gov = AgencyFactory(name="市政府")
    dept = AgencyFactory(parent=gov)
    sibling_gov = AgencyFactory()
    sup = UserFactory(agency=gov, role=Role.SUPERVISOR)
    assert can(sup, "view", dept) and can(sup, "audit", dept) and can(sup, "supervise", dept)
    assert can(sup, "rectify", dept) and not can(sup, "rectify", sibling_gov)
    assert can(sup, "summarise", gov) and can(sup, "summarise", dept)
    assert not can(sup, "summarise", sibling_gov)
    assert not can(sup, "answer_rectification", dept)  # the agency answers for itself
    assert not can(sup, "handle", dept) and not can(sup, "decide", dept)
    assert not can(sup, "view", sibling_gov) and not can(sup, "supervise", sibling_gov)
    dept_sup = UserFactory(agency=dept, role=Role.SUPERVISOR)
    assert not can(dept_sup, "view", gov) and not can(dept_sup, "summarise", gov)


def test_agency_path_follows_a_move(db: None) -> None:
    a, b = AgencyFactory(), AgencyFactory()
    child = AgencyFactory(parent=a)
    grandchild = AgencyFactory(parent=child)
    assert grandchild.path == f"/{a.pk}/{child.pk}/{grandchild.pk}/" and grandchild.depth == 2
    child.parent = b
    child.save()
    grandchild.refresh_from_db()
    assert grandchild.path == f"/{b.pk}/{child.pk}/{grandchild.pk}/"


def test_path_under_is_the_agency_and_those_below_it_and_no_sibling_sharing_digits(db: None) -> None:
    """``path__under`` (one definition of a subtree, through relations too): ``/900004/`` is not a prefix
    test on text that would take ``/9000040/``; on SQLite a range the index serves, not a LIKE."""
    from django.db import connection

    top = Agency.objects.create(pk=900004, name="甲", code="U-1")
    near = Agency.objects.create(pk=9000040, name="乙", code="U-2")
    below = AgencyFactory(parent=top)
    deeper = AgencyFactory(parent=below)
    AgencyFactory(parent=near)
    found = set(Agency.objects.filter(path__under=top.path).values_list("pk", flat=True))
    assert found == {top.pk, below.pk, deeper.pk}
    assert set(Agency.objects.filter(path__under=below.path)) == {below, deeper}
    assert set(Agency.objects.filter(parent__path__under=top.path)) == {below, deeper}
    sql = str(Agency.objects.filter(path__under=top.path).query)
    assert ("LIKE" in sql) == (connection.vendor == "postgresql")


def test_inactive_and_anonymous_users_can_do_nothing(staff: dict[str, User], agency: Agency) -> None:
    user = staff[Role.APPROVER]
    user.is_active = False
    assert not can(user, "view", agency)
    assert not can(None, "view", agency)
