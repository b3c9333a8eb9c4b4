"""The CAI training platform: ``create_app`` builds a configured Flask application.

The factory has no side effects: it does not migrate, connect or prompt.
"""

from __future__ import annotations

import logging
import os

from flask import Flask

from training.config import load_config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("TRAINING_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    app.config.from_mapping(load_config(app.instance_path, overrides))
    # The embedded SQLite database and stored files live here; creating an empty folder is the only write.
    os.makedirs(app.instance_path, exist_ok=True)
    configure_logging(app)
    configure_extensions(app)
    configure_blueprints(app)
    configure_templates(app)
    configure_cli(app)

    from training.web import configure_errors, configure_request_guards, configure_security_headers

    configure_errors(app)
    configure_request_guards(app)
    configure_security_headers(app)
    return app


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        app.logger.setLevel(logging.INFO)
    # WeasyPrint and fontTools log every font subset at INFO: thousands of lines for one bulk issue.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def configure_extensions(app: Flask) -> None:
    import training.models  # noqa: F401  (register every table)
    from training.extensions import babel, csrf, db, limiter, login_manager, migrate
    from training.i18n import select_locale, select_timezone
    from training.storage import init_storage

    db.init_app(app)
    with app.app_context():
        _configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=os.path.join(ROOT, "translations"),
    )
    limiter.init_app(app)
    init_storage(app)
    if app.testing:
        app.extensions["mail_outbox"] = []

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.session_protection = "strong"

    from training.auth.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None


def _configure_engine(engine) -> None:
    """SQLite: enforce foreign keys, and let SQLAlchemy own transactions so SAVEPOINT works."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")


def configure_blueprints(app: Flask) -> None:
    from training.converters import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    from training.admin.routes import bp as admin_bp
    from training.assessments.routes import bp as assessments_bp
    from training.auth.routes import bp as auth_bp
    from training.certificates.routes import bp as certificates_bp
    from training.courses.routes import bp as courses_bp
    from training.institutions.routes import bp as institutions_bp
    from training.main.routes import bp as main_bp
    from training.objectives.routes import bp as objectives_bp
    from training.partners.routes import bp as partners_bp
    from training.profiles.routes import bp as profiles_bp
    from training.reports.routes import bp as reports_bp

    for blueprint in (
        main_bp,
        auth_bp,
        admin_bp,
        institutions_bp,
        objectives_bp,
        courses_bp,
        assessments_bp,
        certificates_bp,
        partners_bp,
        profiles_bp,
        reports_bp,
    ):
        app.register_blueprint(blueprint)


def configure_templates(app: Flask) -> None:
    from training.web import template_context

    app.context_processor(template_context)
    from training.web import register_filters

    register_filters(app)


def configure_cli(app: Flask) -> None:
    from training.assessments.cli import close_expired_command, export_gift_command, import_gift_command
    from training.auth.cli import create_user_command
    from training.certificates.cli import issue_certificates_command
    from training.main.cli import seed_demo_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    for command in (import_gift_command, export_gift_command, close_expired_command, issue_certificates_command):
        app.cli.add_command(command)
