"""Test fixtures: one database per backend per run, a per-test rollback, factories, a query counter.

Every test that uses the ``app`` fixture runs on SQLite, and also on PostgreSQL
when ``TEST_DATABASE_URL`` is set (CI sets it to the local server). Each
PostgreSQL run creates a throwaway database and drops it at the end.
"""

from __future__ import annotations

import os
import re
import uuid
from contextlib import contextmanager

import pytest
from flask import g, has_app_context
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from tests import factories
from training import create_app
from training.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


@contextmanager
def throwaway_postgres(server_url: str, prefix: str = "cai_test"):
    """Yield the URL of a new, empty database on that PostgreSQL server; drop it afterwards, whatever happens."""
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def throwaway_database(backend: str, tmp_path_factory):
    """Yield the URL of a new, empty database of that backend; drop it afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    with throwaway_postgres(TEST_DATABASE_URL) as url:
        yield url


def make_test_app(database_url: str, tmp_path, **overrides):
    config = {
        "ENV_NAME": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DATABASE_URL": database_url,
        # Limits stay on (memory storage) but high; tests/test_rate_limits.py lowers them.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RESET_RATE_LIMIT": "1000 per minute",
        "STORAGE_ROOT": str(tmp_path / "files"),
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    os.environ["TRAINING_INSTANCE_PATH"] = str(tmp_path / "instance")
    return create_app(config)


class FreshGlobalsPerRequest:
    """WSGI middleware: empty Flask's ``g`` at the start of every request.

    A test holds one app context open (see ``db_session``) and Flask reuses it for each test-client
    request, so ``g`` would carry the logged-in user, the CSRF token and the locale from one request,
    or one browser, to the next. In production every request gets a new app context, hence a new ``g``.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if has_app_context():
            vars(g).clear()
        return self.wsgi_app(environ, start_response)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    with throwaway_database(backend, tmp_path_factory) as url:
        application = make_test_app(url, tmp_path_factory.mktemp(f"app-{backend}"))
        application.wsgi_app = FreshGlobalsPerRequest(application.wsgi_app)
        with application.app_context():
            upgrade()
            db.engine.dispose()
        yield application
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def db_session(app):
    """A session inside an outer transaction that is rolled back after the test.

    Application commits become savepoint releases, so each test sees a clean database.
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        original = db.session
        db.session = scoped_session(factory)
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            if outer.is_active:
                outer.rollback()
            connection.close()


@pytest.fixture
def client(app, db_session):
    app.extensions["mail_outbox"].clear()
    return factories.Browser(app.test_client())


@pytest.fixture
def make(db_session):
    """Factories bound to the test's session: ``make.user(roles={'admin'})``, ``make.institution()``."""
    return factories.Factories(db_session)


@pytest.fixture
def outbox(app):
    return app.extensions["mail_outbox"]


@pytest.fixture
def count_queries(app, db_session):
    """``with count_queries() as queries: ...`` then ``len(queries)``."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK)", statement, re.I):
                statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counter


@contextmanager
def cheap_hashes():
    """Scrypt for dozens of demo accounts (and enrolment keys) takes seconds; a cheap hash checks the same rules
    (the login check reads the method from the hash itself). Also used by bench/reports.py."""
    from werkzeug.security import generate_password_hash

    import training.auth.services as auth_services
    import training.courses.services as course_services

    def cheap(password, *_args, **_kwargs):
        return generate_password_hash(password, "pbkdf2:sha256:1000")

    saved = auth_services.hash_password, course_services.generate_password_hash
    auth_services.hash_password = course_services.generate_password_hash = cheap
    try:
        yield
    finally:
        auth_services.hash_password, course_services.generate_password_hash = saved


@pytest.fixture
def fast_hashes():
    """Cheap password hashes while the test runs (see cheap_hashes); tests of the real hashing do not use it."""
    with cheap_hashes():
        yield


@pytest.fixture
def seeded(db_session, fast_hashes):
    """The demo data, loaded inside the test's rolled-back transaction; returns seed_demo()'s summary."""
    from training.main.demo import seed_demo

    return seed_demo()
