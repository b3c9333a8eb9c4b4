"""User administration: list, search, filter, pages, edit roles, deactivate, the last admin, audit, query count."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from tests.factories import PASSWORD
from tests.helpers import error_texts, fast_user, flashes, location_path, new_browser, text, users_in_bulk
from training.audit.models import AuditLog
from training.auth.models import User

LAST_ADMIN = "At least one active administrator must remain."


def listed_names(response) -> list[str]:
    """The names in the users table, in order."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<td><a href="/admin/users/\d+">(.*?)</a></td>', text(response), re.S)
    ]


def checked_roles(response) -> list[str]:
    tags = re.findall(r'<input\b[^>]*name="roles"[^>]*>', text(response))
    return [re.search(r'value="([^"]+)"', tag).group(1) for tag in tags if re.search(r"\bchecked\b", tag)]


def edit_form(user: User, **changes) -> dict:
    data = {
        "name": user.name,
        "country": user.country or "",
        "institution_id": str(user.institution_id or ""),
        "roles": sorted(user.roles),
        "active": "y" if user.active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}  # an unchecked box is not sent


@pytest.fixture
def admin(client, db_session):
    user = fast_user(db_session, roles=("admin",), name="Daniel Goh", email="admin@example.org")
    client.login(user)
    return user


def test_the_list_shows_each_user_with_roles_institution_and_status(client, db_session, make, admin):
    institution = make.institution(name="Thai Environmental Institute", short_name="TEI")
    fast_user(
        db_session,
        name="สมชาย ใจดี",
        email="somchai@example.org",
        roles=("trainee", "instructor"),
        institution_id=institution.id,
        country="TH",
    )
    fast_user(db_session, name="Gone Away", email="gone@example.org", active=False)

    page = client.get("/admin/users")

    assert page.status_code == 200
    html = text(page)
    assert set(listed_names(page)) == {"Daniel Goh", "สมชาย ใจดี", "Gone Away"}
    assert "somchai@example.org" in html and "TEI" in html
    row = re.search(r"<tr>\s*<td><a[^>]*>สมชาย ใจดี</a>.*?</tr>", html, re.S).group(0)
    assert "Instructor" in row and "Trainee" in row and "Active" in row
    gone = re.search(r"<tr>\s*<td><a[^>]*>Gone Away</a>.*?</tr>", html, re.S).group(0)
    assert "Deactivated" in gone
    assert "3 accounts" in html


def test_search_by_name_or_email_ignoring_case(client, db_session, admin):
    fast_user(db_session, name="山田 花子", email="hanako.yamada@example.org")
    fast_user(db_session, name="Ana Cruz", email="ana.cruz@example.org")
    fast_user(db_session, name="Budi Santoso", email="budi@NUSANTARA.example".lower())

    assert listed_names(client.get("/admin/users", query_string={"q": "山田"})) == ["山田 花子"]
    assert listed_names(client.get("/admin/users", query_string={"q": "ANA CRUZ"})) == ["Ana Cruz"]
    assert listed_names(client.get("/admin/users", query_string={"q": "nusantara"})) == ["Budi Santoso"]
    assert listed_names(client.get("/admin/users", query_string={"q": " yamada@ "})) == ["山田 花子"]
    empty = client.get("/admin/users", query_string={"q": "nobody-by-this-name"})
    assert empty.status_code == 200 and listed_names(empty) == []
    assert "No user matches this search." in text(empty)
    page = text(client.get("/admin/users", query_string={"q": "<b>bold</b>"}))
    assert 'value="&lt;b&gt;bold&lt;/b&gt;"' in page, "the search box keeps the query, escaped"


def test_search_takes_percent_underscore_and_backslash_literally(client, db_session, admin):
    fast_user(db_session, name="Ana_Cruz", email="ana_cruz@example.org")
    fast_user(db_session, name="AnaXCruz", email="anaxcruz@example.org")
    fast_user(db_session, name="100% Green", email="green@example.org")
    fast_user(db_session, name="Back\\slash", email="backslash@example.org")

    assert listed_names(client.get("/admin/users", query_string={"q": "ana_"})) == ["Ana_Cruz"]
    assert listed_names(client.get("/admin/users", query_string={"q": "ana_cruz@"})) == ["Ana_Cruz"]
    assert listed_names(client.get("/admin/users", query_string={"q": "%"})) == ["100% Green"]
    assert listed_names(client.get("/admin/users", query_string={"q": "k\\s"})) == ["Back\\slash"]
    assert listed_names(client.get("/admin/users", query_string={"q": "\x00"})) != [], "control characters ignored"


def test_filter_by_role_and_combine_with_search(client, db_session, admin):
    fast_user(db_session, name="Meera Iyer", roles=("instructor",))
    fast_user(db_session, name="Li Na", roles=("instructor", "trainee"))
    fast_user(db_session, name="Wang Wei", roles=("trainee",))
    fast_user(db_session, name="Lee Seoyeon", roles=("partner_admin",))

    assert sorted(listed_names(client.get("/admin/users", query_string={"role": "instructor"}))) == [
        "Li Na",
        "Meera Iyer",
    ]
    assert sorted(listed_names(client.get("/admin/users", query_string={"role": "trainee"}))) == ["Li Na", "Wang Wei"]
    assert listed_names(client.get("/admin/users", query_string={"role": "admin"})) == ["Daniel Goh"]
    assert listed_names(client.get("/admin/users", query_string={"role": "instructor", "q": "meera"})) == ["Meera Iyer"]
    # An unknown role is ignored rather than matching nobody.
    assert len(listed_names(client.get("/admin/users", query_string={"role": "superuser"}))) == 5
    selected = text(client.get("/admin/users", query_string={"role": "partner_admin"}))
    assert '<option value="partner_admin" selected>' in selected


def test_pagination_shows_the_oldest_accounts_on_page_two(client, db_session, admin):
    bulk = users_in_bulk(db_session, 30)  # created a day ago, one second apart; the admin is newest

    first = client.get("/admin/users")
    second = client.get("/admin/users", query_string={"page": 2})

    assert listed_names(first) == ["Daniel Goh"] + [f"Bulk {i:03d}" for i in range(29, 5, -1)]
    assert listed_names(second) == [f"Bulk {i:03d}" for i in range(5, -1, -1)]
    assert "Page 1 of 2" in text(first) and "Page 2 of 2" in text(second)
    assert 'rel="next" href="/admin/users?page=2"' in text(first)
    assert 'rel="prev" href="/admin/users?page=1"' in text(second)
    assert client.get("/admin/users", query_string={"page": 3}).status_code == 404
    assert len(bulk) == 30


def test_pagination_keeps_the_search_and_filter(client, db_session, admin):
    users_in_bulk(db_session, 27, prefix="Mentor", roles=("instructor",))
    users_in_bulk(db_session, 3, prefix="Other")
    first = text(client.get("/admin/users", query_string={"q": "mentor", "role": "instructor"}))
    assert "Page 1 of 2" in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    assert "q=mentor" in next_link and "role=instructor" in next_link and "page=2" in next_link
    second = client.get(next_link.replace("&amp;", "&"))
    assert listed_names(second) == ["Mentor 001", "Mentor 000"]


def test_admin_edits_roles_and_institution_and_the_change_is_audited(client, db_session, make, admin):
    institution = make.institution(name="Beijing Institute of Environmental Science", short_name="BIES")
    user = fast_user(db_session, name="Zhang Hua", roles=("trainee",), country="CN")
    page = client.get(f"/admin/users/{user.id}")
    assert page.status_code == 200
    assert checked_roles(page) == ["trainee"]

    response = client.post(
        f"/admin/users/{user.id}", edit_form(user, roles=["trainee", "instructor"], institution_id=str(institution.id))
    )

    assert response.status_code == 302
    assert location_path(response) == "/admin/users"
    assert "Zhang Hua has been updated." in flashes(client.get("/admin/users"))
    assert checked_roles(client.get(f"/admin/users/{user.id}")) == ["trainee", "instructor"]
    db_session.refresh(user)
    assert user.roles == {"trainee", "instructor"}
    assert user.institution_id == institution.id
    [entry] = db_session.scalars(select(AuditLog).where(AuditLog.action == "user.updated")).all()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (admin.id, "users", user.id)
    assert entry.details["before"] == {"roles": ["trainee"], "active": True, "institution_id": None}
    assert entry.details["after"] == {
        "roles": ["instructor", "trainee"],
        "active": True,
        "institution_id": institution.id,
    }


def test_saving_without_a_change_leaves_no_audit_entry(client, db_session, admin):
    user = fast_user(db_session, name="Unchanged", roles=("trainee",))
    assert client.post(f"/admin/users/{user.id}", edit_form(user)).status_code == 302
    assert db_session.scalars(select(AuditLog).where(AuditLog.action == "user.updated")).all() == []


def test_admin_deactivates_a_user_who_then_cannot_log_in(app, client, db_session, admin):
    user = fast_user(db_session, name="Phạm Quốc Huy", email="huy@example.org")
    response = client.post(f"/admin/users/{user.id}", edit_form(user, active=""))
    assert response.status_code == 302
    db_session.refresh(user)
    assert user.active is False
    [entry] = db_session.scalars(select(AuditLog).where(AuditLog.action == "user.updated")).all()
    assert (entry.details["before"]["active"], entry.details["after"]["active"]) == (True, False)
    assert "Deactivated" in text(client.get("/admin/users", query_string={"q": "huy"}))

    browser = new_browser(app)
    assert browser.post("/auth/login", {"email": "huy@example.org", "password": PASSWORD}).status_code == 401

    # And back again.
    assert client.post(f"/admin/users/{user.id}", edit_form(user, active="y")).status_code == 302
    assert browser.post("/auth/login", {"email": "huy@example.org", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "change",
    [{"roles": ["trainee"]}, {"active": ""}, {"roles": [], "active": ""}],
    ids=["remove admin role", "deactivate", "both"],
)
def test_the_last_active_admin_cannot_be_removed(client, db_session, admin, change):
    # Another admin who is deactivated does not count.
    fast_user(db_session, name="Former Admin", roles=("admin",), active=False)

    response = client.post(f"/admin/users/{admin.id}", edit_form(admin, **change))

    assert response.status_code == 400
    assert LAST_ADMIN in error_texts(response)
    assert 'value="Daniel Goh"' in text(response), "the form is shown again as submitted"
    db_session.refresh(admin)
    assert admin.roles == {"admin"} and admin.active is True
    assert db_session.scalars(select(AuditLog).where(AuditLog.action == "user.updated")).all() == []
    assert client.get("/admin/users").status_code == 200, "still an administrator"


def test_an_admin_can_be_removed_while_another_active_admin_remains(client, db_session, admin):
    other = fast_user(db_session, name="Mori Kenji", roles=("admin",))
    response = client.post(f"/admin/users/{other.id}", edit_form(other, roles=["instructor"]))
    assert response.status_code == 302
    db_session.refresh(other)
    assert other.roles == {"instructor"}
    # Now the remaining admin is the last one.
    refused = client.post(f"/admin/users/{admin.id}", edit_form(admin, roles=["trainee"]))
    assert refused.status_code == 400 and LAST_ADMIN in error_texts(refused)


def test_the_users_page_runs_the_same_queries_for_5_and_50_users(client, db_session, make, admin, count_queries):
    institutions = [make.institution() for _ in range(3)]

    def add_users(n: int, prefix: str):
        for i, user in enumerate(users_in_bulk(db_session, n, prefix=prefix, roles=("trainee", "instructor"))):
            user.institution_id = institutions[i % 3].id
        db_session.flush()

    def page_queries() -> tuple[list[str], list[str]]:
        client.get("/admin/users")  # warm-up: the first request after changes may load more
        db_session.expire_all()  # nothing served from the session's memory: every row is loaded again
        with count_queries() as queries:
            response = client.get("/admin/users")
        assert response.status_code == 200
        return list(queries), listed_names(response)

    add_users(4, "Few")
    few_queries, few_names = page_queries()  # 5 users with the admin
    add_users(46, "Many")
    many_queries, many_names = page_queries()  # 50 users with the admin

    assert (len(few_names), len(many_names)) == (5, 25)
    assert len(few_queries) == len(many_queries), many_queries
    assert len(many_queries) <= 6

    # Roles come in one SELECT ... IN (...) per batch (selectin), institutions in the same row (joined).
    assert inspect(User).relationships["role_rows"].lazy == "selectin"
    assert inspect(User).relationships["institution"].lazy == "joined"
    role_loads = [q for q in many_queries if "FROM user_roles" in q]
    assert len(role_loads) == 2, "one for the logged-in user, one for the whole page"
    in_lists = [re.search(r"user_roles.user_id IN \((.*)\)\s*$", q, re.S) for q in role_loads]
    placeholders = [len(re.findall(r"\?|%\(\w+\)s", m.group(1))) for m in in_lists if m]  # SQLite, psycopg
    assert max(placeholders) == 25
    page_select = [q for q in many_queries if "LEFT OUTER JOIN institutions" in q and "LIMIT" in q.upper()]
    assert len(page_select) == 1
    assert not [q for q in many_queries if re.search(r"FROM institutions\s+WHERE", q)], "no per-row institution query"
