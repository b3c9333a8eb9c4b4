"""Request protections, checked over HTTP on every kind of answer the site gives.

Headers (CSP without 'unsafe-inline' for scripts, no framing, nosniff, a referrer policy, HSTS only over
HTTPS) on HTML, JSON, PDF and stored-file answers and on every error page; session and remember cookies
HttpOnly and SameSite=Lax always, Secure with the production configuration; a 429 from every rate limit; a
413 for a request over MAX_CONTENT_LENGTH with nothing stored; and each upload's own size limit refused
next to its field. The CSRF checks of every POST route are in tests/test_csrf.py.
"""

from __future__ import annotations

import io
import os
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from tests.factories import PASSWORD, csrf_token_of
from tests.helpers import (
    build_world,
    count_rows,
    error_texts,
    fast_user,
    flashes,
    post_multipart_in_memory,
    text,
)
from training.assessments.models import Question
from training.auth.models import User
from training.config import load_config
from training.courses.models import Enrolment, ModuleAttachment
from training.extensions import limiter
from training.institutions.models import Institution


@pytest.fixture
def fresh_limits():
    limiter.reset()
    yield
    limiter.reset()


def stored_files(app) -> set[str]:
    root = Path(app.config["STORAGE_ROOT"])
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def post(client, url: str, data: dict, base_url: str):
    """A form post with the session's CSRF token, as a browser on ``base_url`` sends it (HTTPS requires a
    same-site Referer)."""
    token = client.csrf_token(base_url=base_url)
    return client.client.post(
        url, data={**data, "csrf_token": token}, base_url=base_url, headers={"Referer": f"{base_url}/"}
    )


def noise_png(size=(120, 120)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def directives(csp: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in csp.split(";") if part.strip())
    return {part[0]: (part[1] if len(part) > 1 else "") for part in parts}


def assert_safe_headers(response, *, https: bool):
    policy = directives(response.headers["Content-Security-Policy"])
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None, "no script-src nor default-src: scripts from anywhere"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    assert policy.get("frame-ancestors") == "'none'" or response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    if https:
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    else:
        assert "Strict-Transport-Security" not in response.headers


# --- Headers on every kind of answer -------------------------------------------------------------


def _answers(app, client, db_session, monkeypatch, base_url: str) -> dict[str, object]:
    world = build_world(db_session)
    admin = fast_user(db_session, roles=("admin",))
    db_session.commit()  # the 500 page rolls the session back
    get = lambda path, **kw: client.get(path, base_url=base_url, **kw)  # noqa: E731
    answers = {
        "html page": get("/"),
        "json (healthz)": get("/healthz"),
        "json (verification)": get(f"/verify/{world.certificate.serial}.json"),
        "404 page": get("/no-such-page"),
        "404 json": get("/verify/0000.json"),
        "405 page": get("/auth/logout"),
        "400 csrf page": client.post("/auth/login", {"email": "a@example.org"}, csrf=False, base_url=base_url),
    }
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    answers["413 page"] = client.post("/auth/forgot", {"email": "x" * 2048}, csrf=False, base_url=base_url)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 16 * 1024 * 1024)
    monkeypatch.setitem(app.config, "RESET_RATE_LIMIT", "1 per minute")
    limiter.reset()
    for _ in range(2):
        answers["429 page"] = post(client, "/auth/forgot", {"email": "a@example.org"}, base_url)
    limiter.reset()

    def boom():
        raise RuntimeError("an unexpected failure")

    monkeypatch.setitem(app.view_functions, "objectives.index", boom)
    answers["500 page"] = get("/objectives/")
    assert post(client, "/auth/login", {"email": admin.email, "password": PASSWORD}, base_url).status_code == 302
    answers["certificate pdf"] = get(f"/certificates/{world.certificate.serial}.pdf")
    answers["stored file (logo)"] = get(f"/institutions/{world.this.id}/logo")
    answers["csv export"] = get(f"/courses/{world.course.slug}/gradebook", query_string={"format": "csv"})
    for response in answers.values():  # a streamed body holds an app context until it is read and closed
        response.get_data()
        response.close()
    return answers


EXPECTED_CODES = {
    "html page": 200,
    "json (healthz)": 200,
    "json (verification)": 200,
    "404 page": 404,
    "404 json": 404,
    "405 page": 405,
    "400 csrf page": 400,
    "413 page": 413,
    "429 page": 429,
    "500 page": 500,
    "certificate pdf": 200,
    "stored file (logo)": 200,
    "csv export": 200,
}


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_kind_of_answer_carries_the_security_headers(app, client, db_session, monkeypatch, scheme):
    answers = _answers(app, client, db_session, monkeypatch, f"{scheme}://localhost")
    assert {name: response.status_code for name, response in answers.items()} == EXPECTED_CODES
    assert answers["certificate pdf"].mimetype == "application/pdf"
    assert answers["json (healthz)"].mimetype == "application/json"
    for name, response in answers.items():
        try:
            assert_safe_headers(response, https=scheme == "https")
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error


def test_the_site_policy_allows_scripts_and_styles_only_from_the_site(client):
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


# --- Cookies ---------------------------------------------------------------------------------------


def _login_cookies(client, user, base_url: str) -> dict[str, str]:
    response = post(client, "/auth/login", {"email": user.email, "password": PASSWORD, "remember": "y"}, base_url)
    assert response.status_code == 302
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        cookies[name] = header
    return cookies


def _attributes(header: str) -> set[str]:
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_session_and_remember_cookies_are_http_only_and_same_site_lax(client, db_session):
    cookies = _login_cookies(client, fast_user(db_session), "http://localhost")
    assert {"session", "remember_token"} <= set(cookies)
    for name in ("session", "remember_token"):
        attributes = _attributes(cookies[name])
        assert "httponly" in attributes, cookies[name]
        assert "samesite=lax" in attributes, cookies[name]
        assert "secure" not in attributes, "the test configuration is served over plain HTTP"


def test_the_production_configuration_marks_both_cookies_secure(app, client, db_session, monkeypatch, tmp_path):
    monkeypatch.setenv("TRAINING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    production = load_config(str(tmp_path))
    keys = [f"{kind}_COOKIE_{what}" for kind in ("SESSION", "REMEMBER") for what in ("SECURE", "HTTPONLY", "SAMESITE")]
    assert {key: production[key] for key in keys} == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
    }
    for key in keys:
        monkeypatch.setitem(app.config, key, production[key])
    cookies = _login_cookies(client, fast_user(db_session), "https://localhost")
    for name in ("session", "remember_token"):
        assert {"secure", "httponly", "samesite=lax"} <= _attributes(cookies[name]), cookies[name]


# --- Rate limits -------------------------------------------------------------------------------------


def _key_course(db_session):
    world = build_world(db_session)
    world.course.enrolment_mode = "key"
    world.course.enrolment_key_hash = generate_password_hash("Mangrove-key-7", "pbkdf2:sha256:1000")
    db_session.flush()
    return world


LIMITED = {
    # name: (config knob, who is logged in, request made repeatedly)
    "login": ("LOGIN_RATE_LIMIT", None, lambda w: ("/auth/login", {"email": w.target.email, "password": "wrong-1"})),
    "password reset request": ("RESET_RATE_LIMIT", None, lambda w: ("/auth/forgot", {"email": w.target.email})),
    "enrolment key": (
        "ENROLMENT_KEY_RATE_LIMIT",
        "visitor",
        lambda w: (f"/courses/{w.course.slug}/enrol", {"key": "guess"}),
    ),
    "certificate verification upload": (
        "VERIFY_RATE_LIMIT",
        None,
        lambda w: (f"/verify/{w.certificate.serial}", {"file": (io.BytesIO(b"%PDF-1.7 not it"), "c.pdf")}),
    ),
}


@pytest.mark.parametrize("name", sorted(LIMITED))
def test_each_rate_limit_answers_429_after_its_allowance(app, client, db_session, monkeypatch, fresh_limits, name):
    knob, who, make_request = LIMITED[name]
    assert app.config[knob], f"{knob} is not configured"
    monkeypatch.setitem(app.config, knob, "3 per minute")
    world = _key_course(db_session)
    if who:
        client.login(fast_user(db_session))
    limiter.reset()
    codes = []
    for _ in range(4):
        url, data = make_request(world)
        codes.append(client.post(url, dict(data)).status_code)
    assert codes[:3] == [codes[0]] * 3 and codes[0] in (200, 302, 400, 401, 403), codes
    assert codes[3] == 429, codes
    blocked = client.post(*make_request(world))
    assert blocked.status_code == 429
    assert "Too many attempts" in text(blocked)
    assert 'class="site-header"' in text(blocked), "the site's own error page"


def test_the_default_limits_are_the_documented_ones():
    from training.config import DEFAULTS

    assert DEFAULTS["LOGIN_RATE_LIMIT"] == "5 per minute;30 per hour"
    assert DEFAULTS["RESET_RATE_LIMIT"] == "5 per minute;20 per hour"
    assert DEFAULTS["ENROLMENT_KEY_RATE_LIMIT"] == "10 per minute;50 per hour"
    assert DEFAULTS["VERIFY_RATE_LIMIT"] == "30 per minute"
    assert DEFAULTS["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024


# --- Sizes ---------------------------------------------------------------------------------------------


def test_a_body_over_max_content_length_is_a_413_page_and_nothing_is_stored(app, client, db_session, monkeypatch):
    world = build_world(db_session)
    client.login(world.owner)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    files_before = stored_files(app)
    url = f"/courses/{world.course.slug}/modules/{world.module.id}/attachments"
    before = db_session.scalar(select(func.count()).select_from(ModuleAttachment))
    response = post_multipart_in_memory(client, url, {"file": (io.BytesIO(b"%PDF-1.7\n" + b"0" * 80_000), "big.pdf")})
    assert response.status_code == 413
    page = text(response)
    assert "File too large" in page and 'class="site-header"' in page
    assert db_session.scalar(select(func.count()).select_from(ModuleAttachment)) == before
    assert stored_files(app) == files_before


def _owner_client(client, db_session):
    world = build_world(db_session)
    client.login(world.owner)
    return world


def _count(model):
    return partial(count_rows, model)


# Each case sets its scene up and returns: the request to send, the message expected next to the file
# field, and a count that must not change.


def _logo(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_IMAGE_MAX_BYTES", 1024)
    client.login(fast_user(db_session, roles=("admin",)))
    data = {"name": "Big Logo Institute", "short_name": "BLI", "sector": "academia", "country": "JP"}
    logo = noise_png()
    assert len(logo) > 1024
    return (
        lambda: post_multipart_in_memory(client, "/institutions/new", {**data, "logo": (io.BytesIO(logo), "logo.png")}),
        "The file is too large (at most 1 KB).",
        _count(Institution),
    )


def _attachment(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_ATTACHMENT_MAX_BYTES", 1024)
    world = _owner_client(client, db_session)
    url = f"/courses/{world.course.slug}/modules/{world.module.id}/attachments"
    image = noise_png()
    return (
        lambda: post_multipart_in_memory(client, url, {"file": (io.BytesIO(image), "map.png")}),
        "The file is too large (at most 1 KB).",
        _count(ModuleAttachment),
    )


def _gift(app, client, db_session, monkeypatch):
    monkeypatch.setattr("training.assessments.views_bank.MAX_GIFT_BYTES", 1024)
    world = _owner_client(client, db_session)
    gift = b"::Q:: Landfills emit methane. {T}\n\n" * 100
    url = f"/courses/{world.course.slug}/questions/import"
    return (
        lambda: post_multipart_in_memory(client, url, {"category": "Imported", "file": (io.BytesIO(gift), "q.gift")}),
        "The file is larger than 1 MB; split it into smaller files.",
        _count(Question),
    )


def _csv(app, client, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_CSV_MAX_BYTES", 1024)
    world = _owner_client(client, db_session)
    rows = "".join(f"person{i}@example.org,Person {i},TH\n" for i in range(100))
    body = f"email,name,country\n{rows}".encode()
    url = f"/courses/{world.course.slug}/enrolments/import"
    return (
        lambda: post_multipart_in_memory(client, url, {"file": (io.BytesIO(body), "people.csv")}),
        "The file is too large (at most 1 KB).",
        _count(Enrolment),
    )


def _verification_pdf(app, client, db_session, monkeypatch):
    monkeypatch.setattr("training.certificates.routes.MAX_PDF_CHECK", 1024)
    world = build_world(db_session)
    url = f"/verify/{world.certificate.serial}"
    pdf = b"%PDF-1.7\n" + b"0" * 4096
    return (
        lambda: post_multipart_in_memory(client, url, {"file": (io.BytesIO(pdf), "c.pdf")}),
        "The file is larger than 5 MB; a certificate is much smaller.",
        _count(User),
    )


UPLOADS = {
    "institution logo": _logo,
    "module attachment": _attachment,
    "GIFT import": _gift,
    "CSV enrolment import": _csv,
    "certificate verification PDF": _verification_pdf,
}


@pytest.mark.parametrize("name", sorted(UPLOADS))
def test_each_upload_refuses_an_oversized_file_with_a_clear_message(app, client, db_session, monkeypatch, name):
    send, message, count = UPLOADS[name](app, client, db_session, monkeypatch)
    rows, files = count(), stored_files(app)
    response = send()
    if name == "module attachment":  # back to the module's page, with the refusal as a message at the top
        assert response.status_code in (302, 303)
        response = client.get(response.headers["Location"])
        assert message in flashes(response), flashes(response)
    else:
        assert response.status_code == 400
        assert message in error_texts(response), error_texts(response)
    assert count() == rows
    assert stored_files(app) == files


# --- Behind a reverse proxy ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def proxied_app(tmp_path_factory):
    """An app told that one reverse proxy stands in front of it, with its own empty database."""
    from flask_migrate import upgrade

    from tests.conftest import make_test_app
    from training.extensions import db

    tmp = tmp_path_factory.mktemp("proxied")
    application = make_test_app(f"sqlite:///{tmp / 'proxied.sqlite3'}", tmp, TRUSTED_PROXIES=1)
    with application.app_context():
        upgrade()
        db.engine.dispose()
    yield application
    with application.app_context():
        db.engine.dispose()


def _failed_login(client, forwarded_for: str) -> int:
    environ = {"REMOTE_ADDR": "127.0.0.1"}  # every request arrives from the proxy
    headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"}
    token = csrf_token_of(client, environ_base=environ, headers=headers)
    data = {"email": f"nobody-{forwarded_for}@example.org", "password": "wrong-password-1", "csrf_token": token}
    referer = {**headers, "Referer": "https://localhost/auth/login"}
    return client.post("/auth/login", data=data, environ_base=environ, headers=referer).status_code


def test_behind_a_trusted_proxy_the_limits_count_per_client_not_per_proxy(proxied_app, monkeypatch):
    monkeypatch.setitem(proxied_app.config, "LOGIN_RATE_LIMIT", "2 per minute")
    limiter.reset()
    try:
        first, second = proxied_app.test_client(), proxied_app.test_client()
        assert [_failed_login(first, "203.0.113.7") for _ in range(3)] == [401, 401, 429]
        assert _failed_login(second, "198.51.100.20") == 401, "another client behind the same proxy is not blocked"
        response = first.get("/", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" in response.headers, "the proxy's scheme is trusted too"
    finally:
        limiter.reset()


def test_without_a_trusted_proxy_a_forged_forwarded_for_header_is_ignored(client, db_session, monkeypatch):
    monkeypatch.setitem(client.application.config, "LOGIN_RATE_LIMIT", "2 per minute")
    limiter.reset()
    try:
        codes = []
        for n in range(3):
            codes.append(
                client.post(
                    "/auth/login",
                    {"email": "nobody@example.org", "password": "wrong-password-1"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"},
                ).status_code
            )
        assert codes == [401, 401, 429]
    finally:
        limiter.reset()
