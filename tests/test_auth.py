"""Account flows through HTTP: register, confirm, log in and out, remember me, reset, profile, CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD
from tests.helpers import (
    error_texts,
    fast_user,
    flashes,
    input_value,
    is_login_redirect,
    link_in_mail,
    location_path,
    new_browser,
    next_param,
    normalised_page,
    text,
)
from training.audit.models import AuditLog
from training.auth import services as auth_services
from training.auth.models import AccountToken, User
from training.db import utcnow

NEW_PASSWORD = "Monsoon-harbour-Penang-88"
LOGIN_FAILED = "That email and password do not match an active account."


def register_data(**overrides) -> dict:
    data = {
        "name": "Nguyễn Thị Lan",
        "email": "lan.nguyen@example.org",
        "password": "Mekong-delta-rice-42",
        "country": "VN",
        "institution_id": "",
    }
    data.update(overrides)
    return data


def find(session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def user_count(session) -> int:
    return session.scalar(select(func.count()).select_from(User))


# --- Registration, confirmation, login -----------------------------------------------------------


def test_register_then_confirm_by_mail_then_log_in(client, db_session, outbox):
    assert client.get("/auth/register").status_code == 200

    response = client.post("/auth/register", register_data(email="  Lan.Nguyen@Example.ORG "))
    assert response.status_code == 302
    assert location_path(response) == "/auth/check-inbox"
    assert "Check your inbox" in text(client.get("/auth/check-inbox"))

    user = find(db_session, "lan.nguyen@example.org")
    assert user is not None, "the email is stored trimmed and lower-case"
    assert user.name == "Nguyễn Thị Lan"
    assert user.roles == {"trainee"}
    assert user.country == "VN"
    assert user.email_confirmed_at is None
    assert user.password_hash.startswith("scrypt:")
    assert "Mekong-delta-rice-42" not in user.password_hash

    assert len(outbox) == 1
    mail = outbox[0]
    assert mail["To"] == "lan.nguyen@example.org"
    assert mail["Subject"] == "Confirm your CAI Training account"
    confirm_path = link_in_mail(mail, "/auth/confirm/")

    # Not confirmed yet: the right password is not enough.
    refused = client.post("/auth/login", {"email": user.email, "password": "Mekong-delta-rice-42"})
    assert refused.status_code == 403
    assert client.get("/dashboard").status_code == 302

    confirmed = client.get(confirm_path)
    assert is_login_redirect(confirmed)
    assert "Your email address is confirmed. You can now log in." in flashes(client.get("/auth/login"))
    db_session.refresh(user)
    assert user.email_confirmed_at is not None

    # The link is single-use.
    again = client.get(confirm_path)
    assert is_login_redirect(again)
    assert any("invalid or has expired" in f for f in flashes(client.get("/auth/login")))

    logged_in = client.post("/auth/login", {"email": "LAN.NGUYEN@example.org", "password": "Mekong-delta-rice-42"})
    assert logged_in.status_code == 302
    assert location_path(logged_in) == "/dashboard"
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert "Nguyễn Thị Lan" in text(dashboard)


def test_unconfirmed_user_logging_in_gets_a_new_confirmation_link(client, db_session, outbox):
    user = fast_user(db_session, email_confirmed_at=None)

    response = client.post("/auth/login", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 403
    assert "Please confirm your email address first. We have sent you a new link." in flashes(response)
    assert client.get("/dashboard").status_code == 302, "not logged in"
    assert len(outbox) == 1
    assert outbox[0]["To"] == user.email
    link = link_in_mail(outbox[0], "/auth/confirm/")
    assert is_login_redirect(client.get(link))
    db_session.refresh(user)
    assert user.email_confirmed_at is not None
    assert client.post("/auth/login", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_login_then_logout(client, db_session):
    user = fast_user(db_session)
    assert user.last_login_at is None

    response = client.post("/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert location_path(response) == "/dashboard"
    assert client.get("/dashboard").status_code == 200
    db_session.refresh(user)
    assert user.last_login_at is not None

    assert client.get("/auth/logout").status_code == 405, "logging out needs a POST (with its CSRF token)"
    logout = client.post("/auth/logout")
    assert logout.status_code == 302
    assert location_path(logout) == "/"
    assert is_login_redirect(client.get("/dashboard"))


def test_logged_in_user_is_sent_away_from_login_and_register(client, db_session):
    client.login(fast_user(db_session))
    for url in ("/auth/login", "/auth/register"):
        response = client.get(url)
        assert response.status_code == 302
        assert location_path(response) == "/dashboard"


def test_remember_me_sets_a_remember_cookie_that_logs_in_a_new_session(app, client, db_session):
    user = fast_user(db_session)

    plain = new_browser(app)
    response = plain.post("/auth/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not any(
        c.startswith("remember_token=") and not c.startswith("remember_token=;")
        for c in response.headers.getlist("Set-Cookie")
    )
    assert plain.get_cookie("remember_token") is None

    response = client.post("/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert len(remember) == 1
    assert "HttpOnly" in remember[0]
    assert "Expires=" in remember[0], "a persistent cookie, not a session cookie"

    # After a browser restart only the remember cookie is left (the session cookie is gone): still logged in.
    assert is_login_redirect(new_browser(app).get("/dashboard"))
    later = new_browser(app)
    later.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert later.get("/dashboard").status_code == 200


def test_wrong_password_unknown_email_and_deactivated_account_get_the_same_answer(client, db_session):
    known = fast_user(db_session, email="known@example.org")
    gone = fast_user(db_session, email="gone@example.org", active=False)

    wrong_password = client.post("/auth/login", {"email": known.email, "password": "Not-the-password-1"})
    unknown_email = client.post("/auth/login", {"email": "nobody@example.org", "password": "Not-the-password-1"})
    deactivated = client.post("/auth/login", {"email": gone.email, "password": PASSWORD})

    for response in (wrong_password, unknown_email, deactivated):
        assert response.status_code == 401
        assert flashes(response) == [LOGIN_FAILED]
    assert (
        normalised_page(wrong_password, known.email)
        == normalised_page(unknown_email, "nobody@example.org")
        == normalised_page(deactivated, gone.email)
    )
    assert client.get("/dashboard").status_code == 302


def test_deactivated_user_loses_a_session_already_open(app, client, db_session):
    admin = fast_user(db_session, roles=("admin",))
    user = fast_user(db_session, name="Siti Rahayu")
    client.post("/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert client.get("/dashboard").status_code == 200

    admin_browser = new_browser(app)
    admin_browser.login(admin)
    response = admin_browser.post(
        f"/admin/users/{user.id}", {"name": user.name, "country": "ID", "institution_id": "", "roles": ["trainee"]}
    )
    assert response.status_code == 302
    db_session.refresh(user)
    assert user.active is False

    # Neither the session nor the remember cookie lets them back in.
    assert is_login_redirect(client.get("/dashboard"))
    assert is_login_redirect(client.get("/auth/profile"))
    relogin = client.post("/auth/login", {"email": user.email, "password": PASSWORD})
    assert relogin.status_code == 401
    assert flashes(relogin) == [LOGIN_FAILED]


# --- Password reset ------------------------------------------------------------------------------


def test_password_reset_by_mail_link_works_once(client, db_session, outbox):
    user = fast_user(db_session, email="reset.me@example.org")

    response = client.post("/auth/forgot", {"email": "Reset.Me@example.org"})
    assert response.status_code == 302
    assert location_path(response) == "/auth/login"
    assert len(outbox) == 1
    assert outbox[0]["To"] == user.email
    assert outbox[0]["Subject"] == "Reset your CAI Training password"
    link = link_in_mail(outbox[0], "/auth/reset/")
    token = link.rsplit("/", 1)[1]
    stored = db_session.scalars(select(AccountToken).where(AccountToken.user_id == user.id)).all()
    assert [t.purpose for t in stored] == ["reset"]
    assert token not in stored[0].token_hash, "only a digest of the token is stored"

    assert client.get(link).status_code == 200
    mismatch = client.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400
    assert "The passwords do not match." in error_texts(mismatch)

    done = client.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert is_login_redirect(done)
    db_session.refresh(user)
    assert user.password_hash.startswith("scrypt:")
    assert (
        db_session.scalar(
            select(AuditLog).where(AuditLog.action == "user.password_reset", AuditLog.object_id == user.id)
        )
        is not None
    )

    # The token is spent: the page and the form both refuse it, and the password stays as set.
    again = {"password": "Another-new-pass-99", "confirm": "Another-new-pass-99"}
    for reuse in (client.get(link), client.post(link, again)):
        assert reuse.status_code == 302
        assert location_path(reuse) == "/auth/forgot"
    assert "This reset link is invalid or has expired. Ask for a new one." in flashes(client.get("/auth/forgot"))

    assert client.post("/auth/login", {"email": user.email, "password": PASSWORD}).status_code == 401
    assert client.post("/auth/login", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_expired_reset_token_is_refused(client, db_session, outbox):
    user = fast_user(db_session)
    client.post("/auth/forgot", {"email": user.email})
    link = link_in_mail(outbox[0], "/auth/reset/")
    assert client.get(link).status_code == 200, "valid before it expires"

    token_row = db_session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    token_row.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    hash_before = user.password_hash

    for attempt in (client.get(link), client.post(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})):
        assert attempt.status_code == 302
        assert location_path(attempt) == "/auth/forgot"
    assert "This reset link is invalid or has expired. Ask for a new one." in flashes(client.get("/auth/forgot"))
    db_session.refresh(user)
    assert user.password_hash == hash_before


def test_forgot_password_answers_the_same_for_unknown_and_known_addresses(client, db_session, outbox):
    known = fast_user(db_session, email="someone@example.org")
    fast_user(db_session, email="inactive@example.org", active=False)
    answers = []
    for email in ("someone@example.org", "nobody-here@example.org", "inactive@example.org"):
        response = client.post("/auth/forgot", {"email": email})
        answers.append((response.status_code, response.headers["Location"], flashes(client.get("/auth/login"))))

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][2] == ["If an account uses that address, we have sent it a link to reset the password."]
    assert [m["To"] for m in outbox] == [known.email], "mail only to the active account"


# --- Profile and password change -----------------------------------------------------------------


def test_profile_edit_saves_name_country_institution_language_and_time_zone(client, db_session, make):
    institution = make.institution(name="Thai Environmental Institute")
    user = fast_user(db_session)
    client.login(user)
    page = client.get("/auth/profile")
    assert page.status_code == 200
    assert input_value(page, "name") == user.name

    response = client.post(
        "/auth/profile",
        {
            "name": "สมชาย ใจดี",
            "country": "TH",
            "institution_id": str(institution.id),
            "locale": "ja",
            "timezone": "Asia/Bangkok",
        },
    )
    assert response.status_code == 302
    assert location_path(response) == "/auth/profile"

    db_session.refresh(user)
    assert (user.name, user.country, user.institution_id, user.locale, user.timezone) == (
        "สมชาย ใจดี",
        "TH",
        institution.id,
        "ja",
        "Asia/Bangkok",
    )
    page = client.get("/auth/profile")
    assert '<html lang="ja">' in text(page), "the page now speaks the chosen language"
    assert input_value(page, "name") == "สมชาย ใจดี"


def test_change_password_needs_the_current_one(client, db_session):
    user = fast_user(db_session)
    client.login(user)
    hash_before = user.password_hash

    wrong = client.post(
        "/auth/password",
        {"pw-current_password": "Not-my-password-7", "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 400
    assert "Your current password is not correct." in error_texts(wrong)
    db_session.refresh(user)
    assert user.password_hash == hash_before

    weak = client.post(
        "/auth/password", {"pw-current_password": PASSWORD, "pw-password": "password123", "pw-confirm": "password123"}
    )
    assert weak.status_code == 400
    assert "This password is too common. Choose one that is harder to guess." in error_texts(weak)

    changed = client.post(
        "/auth/password", {"pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    db_session.refresh(user)
    assert user.password_hash.startswith("scrypt:") and user.password_hash != hash_before
    assert (
        db_session.scalar(
            select(AuditLog).where(AuditLog.action == "user.password_changed", AuditLog.actor_id == user.id)
        )
        is not None
    )
    client.logout()
    assert client.post("/auth/login", {"email": user.email, "password": PASSWORD}).status_code == 401
    assert client.post("/auth/login", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302


# --- Where a login sends you next ----------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/x",
        "/\\evil",
        "/\\\\evil",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\tevil",
    ],
)
def test_login_ignores_a_next_target_off_this_site(client, db_session, target):
    user = fast_user(db_session)
    response = client.post("/auth/login", {"email": user.email, "password": PASSWORD}, query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_login_honours_a_next_path_on_this_site(client, db_session):
    user = fast_user(db_session)
    bounced = client.get("/auth/profile")
    assert is_login_redirect(bounced)
    assert next_param(bounced) == "/auth/profile"

    response = client.post(
        "/auth/login", {"email": user.email, "password": PASSWORD}, query_string={"next": next_param(bounced)}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/profile"
    assert client.get("/auth/profile").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x", "/\\evil", "javascript:alert(1)"])
def test_language_switch_ignores_a_next_target_off_this_site(client, target):
    response = client.post("/auth/language", {"locale": "ja", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert '<html lang="ja">' in text(client.get("/"))
    back = client.post("/auth/language", {"locale": "en", "next": "/objectives/"})
    assert back.headers["Location"] == "/objectives/"


# --- Registration edge cases ---------------------------------------------------------------------


def test_registering_an_existing_email_answers_like_a_new_registration(client, db_session, outbox, monkeypatch):
    existing = fast_user(db_session, email="taken@example.org", name="Maria Santos")
    hashes = []
    real_hash = auth_services.hash_password
    monkeypatch.setattr(auth_services, "hash_password", lambda password: hashes.append(1) or real_hash(password))
    users_before = user_count(db_session)

    new = client.post("/auth/register", register_data(email="brand.new@example.org"))
    new_page = client.get(new.headers["Location"])
    taken = client.post("/auth/register", register_data(email=" Taken@Example.org", name="Someone Else"))
    taken_page = client.get(taken.headers["Location"])

    assert (new.status_code, new.headers["Location"]) == (taken.status_code, taken.headers["Location"])
    assert location_path(new) == "/auth/check-inbox"
    assert normalised_page(new_page) == normalised_page(taken_page)
    assert hashes == [1, 1], "the same slow hashing work either way, so timing does not tell them apart"

    assert user_count(db_session) == users_before + 1
    db_session.refresh(existing)
    assert existing.name == "Maria Santos" and existing.password_hash.startswith("scrypt:1024:")
    assert [(m["To"], m["Subject"]) for m in outbox] == [
        ("brand.new@example.org", "Confirm your CAI Training account"),
        ("taken@example.org", "Someone tried to register with your email address"),
    ]
    assert "/auth/forgot" in outbox[1].get_content()
    assert "/auth/confirm/" not in outbox[1].get_content()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "This field is required."),
        ("Short-1a", "Use at least 10 characters."),
        ("password123", "This password is too common. Choose one that is harder to guess."),
        ("qwertyuiop", "This password is too common. Choose one that is harder to guess."),
        ("1234567890", "This password is too common. Choose one that is harder to guess."),
        ("abababababab", "This password is too common. Choose one that is harder to guess."),
        ("lan.nguyen-2026", "Do not use your name or email address in your password."),
        ("x" * 201, "Use at most 200 characters."),
    ],
)
def test_registration_refuses_weak_passwords_with_a_clear_message(client, db_session, outbox, password, message):
    response = client.post("/auth/register", register_data(password=password))
    assert response.status_code == 400
    assert message in error_texts(response)
    assert input_value(response, "password") == "", "a refused password is not echoed back"
    assert input_value(response, "email") == "lan.nguyen@example.org"
    assert find(db_session, "lan.nguyen@example.org") is None
    assert outbox == []


# --- The create-user command ---------------------------------------------------------------------


def test_cli_create_user_with_password_option(app, db_session):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "Director@Example.org",
            "--name",
            "佐藤 健一",
            "--password",
            "Satoyama-forest-1987",
            "--role",
            "admin",
            "--role",
            "instructor",
            "--country",
            "jp",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created user" in result.output and "admin, instructor" in result.output

    user = find(db_session, "director@example.org")
    assert user.name == "佐藤 健一"
    assert user.roles == {"admin", "instructor"}
    assert user.country == "JP"
    assert user.email_confirmed_at is not None and user.active
    assert user.password_hash.startswith("scrypt:")
    assert auth_services.authenticate("director@example.org", "Satoyama-forest-1987") == user


def test_cli_create_user_reads_the_password_from_stdin(app, db_session):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--email", "stdin@example.org", "--name", "فاطمة الزهراء"],
        input="Coral-triangle-reef-55\n",
    )
    assert result.exit_code == 0, result.output
    user = find(db_session, "stdin@example.org")
    assert user.roles == {"trainee"}
    assert user.name == "فاطمة الزهراء"
    assert auth_services.authenticate("stdin@example.org", "Coral-triangle-reef-55") == user


def test_cli_create_user_refuses_weak_passwords_and_duplicates(app, db_session):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "--email", "weak@example.org", "--name", "Weak"], input="password123\n")
    assert weak.exit_code == 2
    assert "This password is too common" in weak.output
    short = runner.invoke(args=["create-user", "--email", "weak@example.org", "--name", "Weak", "--password", "abc"])
    assert short.exit_code == 2
    assert "Use at least 10 characters." in short.output
    assert find(db_session, "weak@example.org") is None

    fast_user(db_session, email="dup@example.org")
    duplicate = runner.invoke(
        args=["create-user", "--email", "DUP@example.org", "--name", "Dup", "--password", "Satoyama-forest-1987"]
    )
    assert duplicate.exit_code == 1
    assert "An account with the email dup@example.org already exists." in duplicate.output
