"""Repeated failures are rate-limited: memory storage by default, Redis when REDIS_URL is set."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import pytest

from training.extensions import limiter


@pytest.fixture
def tight_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setitem(app.config, "RESET_RATE_LIMIT", "3 per minute")
    limiter.reset()
    yield
    limiter.reset()


def test_failed_logins_are_limited_per_client(client, make, tight_limits):
    user = make.user()
    for _ in range(3):
        assert client.post("/auth/login", {"email": user.email, "password": "wrong-password-1"}).status_code == 401
    blocked = client.post("/auth/login", {"email": user.email, "password": "wrong-password-1"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_successful_logins_do_not_count(client, make, tight_limits):
    user = make.user()
    for _ in range(4):
        assert client.login(user).status_code == 302
        client.logout()


def test_failures_are_also_limited_per_account_across_addresses(client, make, tight_limits):
    user = make.user()
    for n in range(3):
        env = {"REMOTE_ADDR": f"10.0.0.{n + 1}"}
        response = client.post("/auth/login", {"email": user.email, "password": "nope-nope-1"}, environ_base=env)
        assert response.status_code == 401
    other_address = client.post(
        "/auth/login", {"email": user.email, "password": "nope-nope-1"}, environ_base={"REMOTE_ADDR": "10.0.0.99"}
    )
    assert other_address.status_code == 429


def test_password_reset_requests_are_limited(client, tight_limits):
    for _ in range(3):
        assert client.post("/auth/forgot", {"email": "someone@example.org"}).status_code == 302
    assert client.post("/auth/forgot", {"email": "someone@example.org"}).status_code == 429


REDIS_SCRIPT = textwrap.dedent(
    """
    import sys
    from flask_migrate import upgrade
    from training import create_app
    app = create_app({"ENV_NAME": "testing", "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                      "LOGIN_RATE_LIMIT": "2 per minute", "RATELIMIT_KEY_PREFIX": sys.argv[1]})
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://"), app.config["RATELIMIT_STORAGE_URI"]
    with app.app_context():
        upgrade()
    client = app.test_client()
    codes = [client.post("/auth/login", data={"email": "x@example.org", "password": "wrong-pass-1"}).status_code
             for _ in range(3)]
    print(codes)
    """
)


def test_redis_storage_when_redis_url_is_set(tmp_path):
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL is not set (CI sets it to the local Redis)")
    import redis

    prefix = f"cai-test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, REDIS_URL=redis_url, TRAINING_INSTANCE_PATH=str(tmp_path), DATABASE_URL="")
    result = subprocess.run(
        [sys.executable, "-c", REDIS_SCRIPT, prefix], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[401, 401, 429]"
    connection = redis.Redis.from_url(redis_url)
    keys = connection.keys(f"*{prefix}*")
    assert keys, "the limiter wrote no counters to Redis"
    connection.delete(*keys)
