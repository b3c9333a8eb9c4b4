"""Application factory, configuration, error pages, headers, time zones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import abort

from training import create_app
from training.config import ConfigError, load_config
from training.db import UTCDateTime


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("TRAINING_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))


def test_production_config_secures_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("TRAINING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-env")
    config = load_config(str(tmp_path))
    assert config["SECRET_KEY"] == "s3cret-from-env"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_defaults_to_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("TRAINING_ENV", raising=False)
    monkeypatch.delenv("FLASK_ENV", raising=False)
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'training.sqlite3'}"
    assert config["SECRET_KEY"]  # a throwaway key, development only


def test_database_and_redis_urls_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.internal/cai")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/0")
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/cai"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"


def test_instance_config_file_is_layered_under_environment(monkeypatch, tmp_path):
    (tmp_path / "config.py").write_text("PER_PAGE = 7\nMAIL_PORT = 2525\n")
    monkeypatch.setenv("MAIL_PORT", "465")
    config = load_config(str(tmp_path))
    assert config["PER_PAGE"] == 7
    assert config["MAIL_PORT"] == 465


def test_utc_datetime_refuses_naive_values():
    column_type = UTCDateTime()
    with pytest.raises(ValueError, match="naive"):
        column_type.process_bind_param(datetime(2026, 1, 1), dialect=None)


def test_times_round_trip_as_aware_utc(make):
    user = make.user()
    assert user.created_at.tzinfo is not None
    assert user.created_at.utcoffset().total_seconds() == 0


@pytest.fixture(scope="module")
def error_app(tmp_path_factory):
    """A separate app with routes that fail on purpose (the shared app no longer accepts new routes)."""
    from tests.conftest import make_test_app

    tmp = tmp_path_factory.mktemp("errors")
    application = make_test_app(f"sqlite:///{tmp / 'errors.sqlite3'}", tmp)

    @application.route("/_test/raise/<int:code>")
    def raise_error(code: int):
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    return application


@pytest.mark.parametrize("code", [400, 403, 404, 413, 500])
def test_error_pages_use_the_site_layout(error_app, code):
    response = error_app.test_client().get(f"/_test/raise/{code}")
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert 'class="site-header"' in html and 'id="main"' in html
    assert f'<p class="error-code">{code}</p>' in html


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_healthz_reports_database_failure(app, client, monkeypatch):
    from training.extensions import db

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_dates_shown_in_the_users_time_zone(client, make, db_session):
    user = make.user(name="Tokyo Trainee")
    user.timezone = "Asia/Tokyo"
    user.last_login_at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    db_session.flush()
    client.login(user)
    user.last_login_at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # login updated it; pin it again
    db_session.flush()
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Mar 2, 2026, 8:30:00" in html  # 23:30 UTC is 08:30 next day in Tokyo


def test_factory_has_no_side_effects_on_the_database(tmp_path, monkeypatch):
    """Building the app neither connects nor migrates: the SQLite file is not created."""
    monkeypatch.setenv("TRAINING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    application = create_app({"ENV_NAME": "testing", "SECRET_KEY": "x"})
    assert application.config["SQLALCHEMY_DATABASE_URI"].endswith("training.sqlite3")
    assert not (tmp_path / "training.sqlite3").exists()
