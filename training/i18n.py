"""Locale and time-zone selection, country names and the language switcher's helpers."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

import pycountry
from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI, background work: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    if getattr(current_user, "is_authenticated", False) and current_user.timezone:
        return current_user.timezone
    return session.get("timezone") or current_app.config["BABEL_DEFAULT_TIMEZONE"]


@lru_cache(maxsize=1)
def country_codes() -> tuple[str, ...]:
    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


@lru_cache(maxsize=8)
def _country_choices(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    fallback = {c.alpha_2: c.name for c in pycountry.countries}
    pairs = [(code, names.get(code) or fallback[code]) for code in country_codes()]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


def country_choices() -> list[tuple[str, str]]:
    return list(_country_choices(str(get_locale() or "en")))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return Locale.parse(str(get_locale() or "en")).territories.get(code.upper(), code.upper())


@lru_cache(maxsize=1)
def timezone_choices() -> tuple[str, ...]:
    zones = (tz for tz in available_timezones() if "/" in tz and not tz.startswith(("Etc/", "SystemV/")))
    return (*sorted(zones), "UTC")
