"""Cross-cutting web concerns: error pages, security headers, template helpers."""

from __future__ import annotations

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from training import policy
from training.i18n import country_name

ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to do this.")),
    404: (_l("Page not found"), _l("We could not find that page. It may have moved, or you may not have access.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("The file or form you sent is larger than we accept.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on our side. It has been logged.")),
}
# A body in a format no form reads (JSON) is a bad request to the person who sent it.
ERROR_TEXT[415] = ERROR_TEXT[400]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json") or request.path == "/healthz"


def render_error(code: int, message: str | None = None):
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    if _wants_json():
        return jsonify(error=str(title), message=str(message or text)), code
    return render_template("errors/error.html", code=code, title=title, text=message or text), code


def configure_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, str(_l("Your form expired or was sent from another page. Please try again.")))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code in ERROR_TEXT:
            return render_error(error.code)
        return error

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        from training.extensions import db

        db.session.rollback()
        return render_error(500)


def configure_request_guards(app: Flask) -> None:
    """A NUL has no place in a URL path, and PostgreSQL refuses it in a query: no such page.

    Forms are posted form-encoded or as multipart; a JSON body is refused (415) before any view runs.
    Flask-WTF would otherwise read it as the form (``ImmutableMultiDict(request.get_json())``), and a
    list, a number or a nested object there raises inside the form instead of failing validation.
    Query strings and forms are left to their validators, which explain the problem next to the field.

    Behind ``TRUSTED_PROXIES`` reverse proxies, the client's address and scheme are read from the
    X-Forwarded-For and X-Forwarded-Proto headers they set: without this every request would come from the
    proxy, and one client's failed logins would lock everyone out (the limits count per address).
    """
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.before_request
    def _refuse_nul_in_path():
        if "\x00" in request.path:
            abort(404)

    @app.before_request
    def _refuse_json_bodies():
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.is_json:
            abort(415)


def configure_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def template_context() -> dict:
    from flask import current_app

    return {
        "can": policy.can,
        "languages": current_app.config["LANGUAGES"],
        "current_locale": str(get_locale() or "en"),
        "country_name": country_name,
    }


def register_filters(app: Flask) -> None:
    app.add_template_filter(lambda value, fmt="medium": format_datetime(value, fmt) if value else "", "datetime")
    app.add_template_filter(lambda value, fmt="medium": format_date(value, fmt) if value else "", "date")
    app.add_template_filter(country_name, "country")
    from training.markdown import render as render_markdown
    from training.markdown import sanitize_html

    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(sanitize_html, "sanitize_html")
    app.add_template_filter(items_by_id, "items_by_id")
    app.add_template_filter(plain_number, "num")
    from training.courses.catalog import catalog_url

    app.add_template_global(catalog_url, "catalog_url")


def items_by_id(items, order):
    """A question's options in the order an attempt showed them (new options last, removed ones skipped)."""
    by_id = {item["id"]: item for item in items or []}
    ordered = [by_id.pop(key) for key in order or [] if key in by_id]
    return ordered + list(by_id.values())


def plain_number(value) -> str:
    """``Decimal("1.50")`` -> ``"1.5"``, ``Decimal("60.00")`` -> ``"60"``: points and percents without noise."""
    if value is None:
        return ""
    from decimal import Decimal

    text = f"{Decimal(str(value)).normalize():f}"
    return text
