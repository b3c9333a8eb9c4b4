"""Bulk enrolment from a CSV file: upload, a preview of what each row will do, then confirm.

Encodings and delimiters, bad rows with line numbers and reasons, invitations for new accounts,
all-or-nothing application, and upload tokens bound to their course."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from tests import course_factories as cf
from tests.helpers import fast_user, flashes, link_in_mail, location_path, new_browser, text, upload
from training.audit.models import AuditLog
from training.auth import services as auth_services
from training.auth.models import User
from training.courses import bulk
from training.courses.enrolment import EnrolmentError
from training.courses.models import Enrolment

NEW_PASSWORD = "Monsoon-harbour-88"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """New accounts get a random password hashed at full cost; only the import is under test here."""
    monkeypatch.setattr(
        auth_services, "hash_password", lambda password: generate_password_hash(password, method="scrypt:1024:8:1")
    )


@pytest.fixture
def instructor(db_session):
    return fast_user(db_session, roles=("instructor",))


@pytest.fixture
def staff(client, instructor):
    client.login(instructor)
    return client


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def send(client, course, data: bytes, filename: str = "people.csv"):
    return client.post(
        f"/courses/{course.slug}/enrolments/import",
        {"file": upload(data, filename)},
        content_type="multipart/form-data",
    )


def token_of(response) -> str:
    match = re.search(r'name="token" type="hidden" value="([^"]+)"|name="token" value="([^"]+)"', text(response))
    assert match, "no confirmation token on the preview"
    return match.group(1) or match.group(2)


def preview_rows(response) -> list[tuple[str, str, str, str, str]]:
    """(line, name, email, account, status class) for each row of the preview table."""
    rows = re.findall(
        r"<tr>\s*<td>(\d+)</td><td>(.*?)</td><td>(.*?)</td>\s*<td>(.*?)</td>\s*"
        r'<td><span class="status status-([a-z]+)">',
        text(response),
        re.S,
    )
    return [tuple(html.unescape(v) for v in row) for row in rows]


def problems(response) -> list[str]:
    summary = text(response).split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)
    ]


# --- The happy path ------------------------------------------------------------------------------------


def test_upload_preview_then_confirm_enrols_and_invites(app, staff, db_session, instructor, outbox, make):
    institution = make.institution(name="Thai Environmental Institute")
    course = cf.course(db_session, instructors=[instructor], capacity=3)
    enrolled = fast_user(db_session, name="Already Here", email="already@example.org")
    cf.enrolment(db_session, enrolled, course, "active")
    existing = fast_user(db_session, name="Has Account", email="has.account@example.org")
    db_session.commit()
    users_before = count(db_session, User)
    data = (
        "email,name,country,institution\n"
        "already@example.org,Already Here,TH,\n"
        "HAS.ACCOUNT@example.org,Has Account,JP,\n"
        "siti.rahayu@example.id,Siti Rahayu,ID,Thai Environmental Institute\n"
        "somchai@example.th,สมชาย ใจดี,th,\n"
        "hanako@example.jp,山田 花子,JP,\n"
    ).encode()

    preview = send(staff, course, data)
    assert preview.status_code == 200
    page = text(preview)
    assert "Nothing has changed yet. This is what will happen:" in page
    assert preview_rows(preview) == [
        ("2", "Already Here", "already@example.org", "Already enrolled: no change", "active"),
        ("3", "Has Account", "has.account@example.org", "Existing account", "active"),
        ("4", "Siti Rahayu", "siti.rahayu@example.id", "New account, invited by email", "active"),
        ("5", "สมชาย ใจดี", "somchai@example.th", "New account, invited by email", "waitlisted"),
        ("6", "山田 花子", "hanako@example.jp", "New account, invited by email", "waitlisted"),
    ]
    assert count(db_session, User) == users_before
    assert count(db_session, Enrolment) == 1
    assert outbox == []

    response = staff.post(
        f"/courses/{course.slug}/enrolments/import/confirm", {"token": token_of(preview)}, follow_redirects=True
    )
    assert "4 people enrolled; 3 new accounts invited by email." in flashes(response)
    db_session.expire_all()
    statuses = dict(
        db_session.execute(
            select(User.email, Enrolment.status)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.course_id == course.id)
        ).all()
    )
    assert statuses == {
        "already@example.org": "active",
        "has.account@example.org": "active",
        "siti.rahayu@example.id": "active",
        "somchai@example.th": "waitlisted",
        "hanako@example.jp": "waitlisted",
    }
    siti = db_session.scalar(select(User).where(User.email == "siti.rahayu@example.id"))
    assert (siti.name, siti.country, siti.institution_id) == ("Siti Rahayu", "ID", institution.id)
    assert db_session.scalar(select(User.name).where(User.email == "somchai@example.th")) == "สมชาย ใจดี"
    assert db_session.scalar(select(User.country).where(User.email == "somchai@example.th")) == "TH"
    assert db_session.get(User, existing.id).name == "Has Account"
    created = db_session.scalars(
        select(AuditLog).where(AuditLog.action == "user.created", AuditLog.actor_id == instructor.id)
    ).all()
    assert len(created) == 3
    assert sorted(m["To"] for m in outbox) == ["hanako@example.jp", "siti.rahayu@example.id", "somchai@example.th"]


def test_an_invitation_lets_the_new_person_choose_a_password_and_log_in(app, staff, db_session, instructor, outbox):
    course = cf.course(db_session, instructors=[instructor], title="Waste to energy")
    db_session.commit()
    preview = send(staff, course, b"email,name\nmaria.santos@example.ph,Maria Santos\n")
    staff.post(f"/courses/{course.slug}/enrolments/import/confirm", {"token": token_of(preview)})
    [message] = outbox
    assert "Waste to energy" in message["Subject"]
    link = link_in_mail(message, "/auth/reset/")
    invited = new_browser(app)
    assert invited.get(link).status_code == 200
    response = invited.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert location_path(response) == "/auth/login"
    invited.login(db_session.scalar(select(User).where(User.email == "maria.santos@example.ph")), NEW_PASSWORD)
    assert course.title in text(invited.get("/dashboard"))
    assert invited.get(f"/courses/{course.slug}/learn").status_code == 302
    # The link works once.
    again = new_browser(app).get(link)
    assert location_path(again) == "/auth/forgot"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.replace("\n", "\r\n").encode("utf-8-sig"),
    ],
    ids=["utf8", "utf8-bom", "utf8-bom-crlf"],
)
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_utf8_with_or_without_bom_and_comma_or_semicolon(staff, db_session, instructor, encode, delimiter):
    course = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    content = (
        "\n".join(
            delimiter.join(row)
            for row in [
                ("Email", "Name", "Country"),
                ("nguyen.lan@example.vn", "Nguyễn Thị Lan", "VN"),
                ("fatima@example.my", "فاطمة الزهراء", "MY"),
                ("kim@example.kr", '"Kim, Min-jun"' if delimiter == "," else '"Kim; Min-jun"', "KR"),
            ]
        )
        + "\n"
    )
    preview = send(staff, course, encode(content))
    assert preview.status_code == 200, problems(preview) if preview.status_code == 400 else ""
    separator = "," if delimiter == "," else ";"
    assert [(r[0], r[1], r[2]) for r in preview_rows(preview)] == [
        ("2", "Nguyễn Thị Lan", "nguyen.lan@example.vn"),
        ("3", "فاطمة الزهراء", "fatima@example.my"),
        ("4", f"Kim{separator} Min-jun", "kim@example.kr"),
    ]


# --- Bad files -----------------------------------------------------------------------------------------


def test_bad_rows_are_reported_with_line_numbers_and_nothing_changes(staff, db_session, instructor, make):
    make.institution(name="Known Institute")
    course = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    users_before = count(db_session, User)
    data = (
        b"email,name,country,institution\n"
        b"good.one@example.org,Good One,JP,Known Institute\n"  # 2
        b"not-an-email,Bad Email,JP,\n"  # 3
        b"twice@example.org,First Twice,JP,\n"  # 4
        b"TWICE@example.org,Second Twice,JP,\n"  # 5
        b"country@example.org,Bad Country,ZZ,\n"  # 6
        b"inst@example.org,Bad Institution,JP,Unknown Institute\n"  # 7
        b"fields@example.org,Too Many,JP,,extra\n"  # 8
        b"few@example.org\n"  # 9
        b"noname@example.org,,JP,\n"  # 10
        b"\n"
        b"good.two@example.org,Good Two,,\n"
    )  # 12
    response = send(staff, course, data)
    assert response.status_code == 400
    page = text(response)
    assert "7 rows have problems; nothing has been changed." in page
    assert problems(response) == [
        "Line 3: “not-an-email” is not a valid email address.",
        "Line 5: twice@example.org appears twice (first on line 4).",
        "Line 6: “ZZ” is not a country code such as JP or TH.",
        "Line 7: No institution is called “Unknown Institute”.",
        "Line 8: Expected 4 fields, found 5 (check the delimiter and quotes).",
        "Line 9: Expected 4 fields, found 1 (check the delimiter and quotes).",
        "Line 10: The name is missing or too long.",
    ]
    assert 'name="token"' not in page and "Enrol these people" not in page
    assert count(db_session, User) == users_before
    assert count(db_session, Enrolment) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("email,name\njosé@example.es,José García\n".encode("latin-1"), "The file is not UTF-8 text."),
        ("email,name\nmaria@example.es,“Maria” Núñez\n".encode("cp1252"), "The file is not UTF-8 text."),
        ("email,name\nx@example.org,X\n".encode("utf-16"), "The file is not UTF-8 text."),
        (b"", None),
        (b"\n\n", "The file is empty; the first line must be a header such as: email,name"),
        (b"mail,full name\nx@example.org,X\n", "The header must have the columns email and name"),
        (b"email,name\n", None),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(staff, db_session, instructor, data, message):
    course = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    response = send(staff, course, data)
    assert response.status_code == 400
    page = html.unescape(text(response))
    if message:
        assert message in page
    elif data == b"":
        assert "Choose a CSV file to upload." in page
    else:
        assert "Enrol these people" not in page
    assert count(db_session, User, User.email.like("%example.es")) == 0


def test_a_file_that_is_not_text_at_all_is_refused(staff, db_session, instructor):
    course = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    response = send(staff, course, cf.pdf_bytes(), "people.csv")
    assert response.status_code == 400
    assert "The file is not UTF-8 text." in html.unescape(text(response))


def test_bulk_enrolment_needs_a_published_course(staff, db_session, instructor):
    course = cf.course(db_session, instructors=[instructor], status="draft")
    db_session.commit()
    response = send(staff, course, b"email,name\nx@example.org,X\n")
    assert response.status_code == 400
    assert "People can be enrolled once the course is published." in text(response)
    assert "Enrol these people" not in text(response)
    assert count(db_session, User, User.email == "x@example.org") == 0


# --- All or nothing --------------------------------------------------------------------------------------


def file_of(n: int) -> bytes:
    return ("email,name\n" + "".join(f"person{i}@example.org,Person {i}\n" for i in range(n))).encode()


def test_a_failure_in_the_middle_of_applying_changes_nothing(staff, db_session, instructor, outbox, monkeypatch):
    course = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    users_before = count(db_session, User)
    preview = send(staff, course, file_of(5))
    token = token_of(preview)
    real_enrol, calls = bulk.enrol, []

    def enrol_until_the_third(user, course_, **kwargs):
        calls.append(user.email)
        if len(calls) == 3:
            raise EnrolmentError("not_open")  # e.g. the course was archived between preview and confirm
        return real_enrol(user, course_, **kwargs)

    monkeypatch.setattr(bulk, "enrol", enrol_until_the_third)
    response = staff.post(f"/courses/{course.slug}/enrolments/import/confirm", {"token": token}, follow_redirects=True)
    assert response.status_code == 200
    assert any("nothing was changed" in f for f in flashes(response))
    assert len(calls) == 3
    db_session.expire_all()
    assert count(db_session, User) == users_before
    assert count(db_session, Enrolment) == 0
    assert count(db_session, AuditLog, AuditLog.action.in_(["user.created", "enrolment.active"])) == 0
    assert outbox == []


def test_an_unexpected_error_while_applying_changes_nothing(staff, db_session, instructor, outbox, monkeypatch):
    course = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    users_before = count(db_session, User)
    token = token_of(send(staff, course, file_of(4)))
    real_enrol, calls = bulk.enrol, []

    def crash_on_the_third(user, course_, **kwargs):
        calls.append(user.email)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real_enrol(user, course_, **kwargs)

    monkeypatch.setattr(bulk, "enrol", crash_on_the_third)
    response = staff.post(f"/courses/{course.slug}/enrolments/import/confirm", {"token": token})
    assert response.status_code == 500
    db_session.expire_all()
    assert count(db_session, User) == users_before
    assert count(db_session, Enrolment) == 0
    assert outbox == []
    # The upload is still there: after the problem is fixed, confirming again applies it whole.
    monkeypatch.setattr(bulk, "enrol", real_enrol)
    response = staff.post(f"/courses/{course.slug}/enrolments/import/confirm", {"token": token}, follow_redirects=True)
    assert "4 people enrolled; 4 new accounts invited by email." in flashes(response)
    assert count(db_session, Enrolment) == 4


# --- Upload tokens ---------------------------------------------------------------------------------------


def test_an_upload_token_works_only_for_its_own_course_and_only_once(app, staff, db_session, instructor):
    mine = cf.course(db_session, instructors=[instructor])
    other = cf.course(db_session, instructors=[instructor])
    db_session.commit()
    token = token_of(send(staff, mine, b"email,name\nx@example.org,X\n"))
    assert token.startswith(f"enrolcsv{mine.id}-")
    assert staff.post(f"/courses/{other.slug}/enrolments/import/confirm", {"token": token}).status_code == 400
    for forged in ("../../instance/secret.csv", f"enrolcsv{mine.id}-{'0' * 32}.csv", "logo-0000.png", "", "x" * 200):
        assert staff.post(f"/courses/{other.slug}/enrolments/import/confirm", {"token": forged}).status_code == 400
    assert count(db_session, Enrolment) == 0

    expired = staff.post(
        f"/courses/{mine.slug}/enrolments/import/confirm",
        {"token": f"enrolcsv{mine.id}-{'0' * 32}.csv"},
        follow_redirects=True,
    )
    assert "That upload has expired. Please upload the file again." in flashes(expired)

    staff.post(f"/courses/{mine.slug}/enrolments/import/confirm", {"token": token})
    assert count(db_session, Enrolment) == 1
    again = staff.post(f"/courses/{mine.slug}/enrolments/import/confirm", {"token": token}, follow_redirects=True)
    assert "That upload has expired. Please upload the file again." in flashes(again)


def test_only_the_courses_managers_may_import(app, client, db_session, instructor, make):
    institution = make.institution()
    course = cf.course(db_session, instructors=[instructor], institutions=[(institution, "host")])
    db_session.commit()
    url = f"/courses/{course.slug}/enrolments/import"
    assert location_path(client.get(url)) == "/auth/login"
    for user in (
        fast_user(db_session),
        fast_user(db_session, roles=("instructor",)),
        fast_user(db_session, roles=("partner_admin",), institution_id=institution.id),
    ):
        browser = new_browser(app)
        browser.login(user)
        assert browser.get(url).status_code == 404
        assert (
            browser.post(
                url, {"file": upload(b"email,name\nx@example.org,X\n", "a.csv")}, content_type="multipart/form-data"
            ).status_code
            == 404
        )
        assert browser.post(url + "/confirm", {"token": f"enrolcsv{course.id}-{'0' * 32}.csv"}).status_code == 404


def test_parse_predicts_without_touching_anything(app, db_session, instructor):
    course = cf.course(db_session, instructors=[instructor], capacity=1)
    with app.test_request_context():
        parsed = bulk.parse(b"email,name\na@example.org,A\nb@example.org,B\n", course)
    assert parsed.ok and parsed.errors == []
    assert [(r.line, r.outcome, r.result) for r in parsed.rows] == [
        (2, "new_account", "active"),
        (3, "new_account", "waitlisted"),
    ]
    assert count(db_session, User, User.email.in_(["a@example.org", "b@example.org"])) == 0
