"""The Japanese translation: complete for a fresh extraction of the source, and actually used.

The completeness test extracts the messages from the code and templates as ``pybabel extract``
does (same ``babel.cfg``, same extra keywords), so a new ``_()`` string without a Japanese
translation fails here. To fix it: ``make extract-messages``, translate the new entries in
``translations/ja/LC_MESSAGES/messages.po`` (no fuzzy, no empty ``msgstr``), and run the tests again.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import text as sql

from tests.helpers import fast_user, flashes, location_path, new_browser, text

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
JA_PO = TRANSLATIONS / "ja" / "LC_MESSAGES" / "messages.po"
# The keywords of `make extract-messages`: babel's defaults plus -k _l -k lazy_gettext.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

# A named placeholder such as %(name)s or %(num)d, and any other %-conversion.
NAMED = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
ANY_CONVERSION = re.compile(r"%[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


# --- The catalogue --------------------------------------------------------------------------------


def _read_ja():
    with JA_PO.open("rb") as handle:
        return read_po(handle, locale="ja")


def _compile_if_outdated() -> None:
    """Compile each catalogue whose .mo is missing or older than its .po (``make test`` does it too)."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        # Written beside, then renamed: another process reading the .mo never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                write_mo(handle, catalog)
            os.chmod(tmp, 0o644)
            os.replace(tmp, mo)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


@pytest.fixture(scope="session")
def compiled_catalogues():
    _compile_if_outdated()


@pytest.fixture(autouse=True)
def japanese_available(request, compiled_catalogues):
    """The app may have cached an empty catalogue if an earlier test asked for Japanese before it was compiled."""
    if "app" in request.fixturenames:
        from training.extensions import babel

        with request.getfixturevalue("app").app_context():
            babel.domain_instance.cache.clear()


@pytest.fixture(scope="module")
def ja_catalogue():
    return _read_ja()


def _extract() -> dict[str, set[tuple[str, ...]]]:
    """A fresh extraction of every translatable string: msgid -> how it is used (one form, or singular and plural)."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle, "babel.cfg")
    found: dict[str, set[tuple[str, ...]]] = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        forms = message if isinstance(message, tuple) else (message,)
        if forms[0]:
            found.setdefault(forms[0], set()).add(forms)
    return found


@pytest.fixture(scope="module")
def extraction() -> dict[str, set[tuple[str, ...]]]:
    return _extract()


@pytest.fixture(scope="module")
def extracted(extraction) -> dict[str, tuple[str, ...]]:
    """msgid -> its forms, the plural use first where there is one (that is what the catalogue holds)."""
    return {msgid: max(uses, key=len) for msgid, uses in extraction.items()}


def ja(catalogue, msgid: str) -> str:
    message = catalogue.get(msgid)
    assert message is not None, f"{msgid!r} is not in {JA_PO}"
    return message.string[0] if isinstance(message.string, tuple) else message.string


def test_extraction_finds_the_source_strings(extracted):
    """A guard for the guard: an extraction that silently finds nothing would pass the next test."""
    assert "Log in" in extracted, "a template string (templates/base.html)"
    assert "Enter a valid email address." in extracted, "a lazy_gettext/_l string (training/auth/forms.py)"
    assert "Reset your CAI Training password" in extracted, "a gettext string (training/auth/mails.py)"
    assert extracted["%(num)d account"] == ("%(num)d account", "%(num)d accounts"), "an ngettext pair"
    assert len(extracted) > 150


def test_no_string_is_both_a_plain_and_a_plural_message(extraction):
    """``_("X")`` and ``ngettext("X", "Xs", n)`` share one catalogue entry, a plural one, which ``gettext("X")``
    never finds in the compiled catalogue: "X" would stay English in every language. Use different msgids."""
    clashes = {
        msgid: sorted(uses)
        for msgid, uses in extraction.items()
        if any(len(u) == 1 for u in uses) and any(len(u) > 1 for u in uses)
    }
    assert not clashes, f"used both with _() and ngettext(): {clashes}"


def test_japanese_catalogue_header(ja_catalogue):
    assert str(ja_catalogue.locale) == "ja"
    assert ja_catalogue.num_plurals == 1
    assert ja_catalogue.plural_expr.strip() == "0"
    assert "nplurals=1; plural=0;" in ja_catalogue.plural_forms
    assert not ja_catalogue.fuzzy, "the catalogue header is marked fuzzy, so compilers may skip the whole file"


def test_every_extracted_string_has_a_japanese_translation(extracted, ja_catalogue):
    untranslated, fuzzy, wrong_kind = [], [], []
    for msgid, forms in extracted.items():
        message = ja_catalogue.get(msgid)
        strings = (
            () if message is None else (message.string if isinstance(message.string, tuple) else (message.string,))
        )
        if message is None or not strings or not all(s and s.strip() for s in strings):
            untranslated.append(msgid)
        elif message.fuzzy:
            fuzzy.append(msgid)
        elif (len(forms) > 1) != message.pluralizable or (message.pluralizable and len(strings) != 1):
            wrong_kind.append(msgid)
    hint = " (run `make extract-messages`, then translate translations/ja/LC_MESSAGES/messages.po)"
    assert not untranslated, f"{len(untranslated)} string(s) have no Japanese translation{hint}: {untranslated}"
    assert not fuzzy, f"fuzzy Japanese translations (check and remove the fuzzy flag): {fuzzy}"
    assert not wrong_kind, f"plural entries out of step with the source, or not one msgstr[0]: {wrong_kind}"


def test_translations_keep_their_placeholders_and_line_breaks(extracted, ja_catalogue):
    problems = []
    for msgid, forms in extracted.items():
        message = ja_catalogue.get(msgid)
        if message is None:
            continue  # reported by the completeness test
        for translated in message.string if isinstance(message.string, tuple) else (message.string,):
            if not translated:
                continue
            wanted = set().union(*(NAMED.findall(form) for form in forms))
            if set(NAMED.findall(translated)) != wanted:
                problems.append(f"{msgid!r}: placeholders {sorted(NAMED.findall(translated))} != {sorted(wanted)}")
            if message.python_format or wanted:
                # Left after the named placeholders and %% are taken out: a stray % breaks formatting.
                rest = NAMED.sub("", translated).replace("%%", "")
                if "%" in rest or ANY_CONVERSION.search(rest):
                    problems.append(f"{msgid!r}: stray % in {translated!r}")
            if forms[0].count("\n") != translated.count("\n"):
                problems.append(
                    f"{msgid!r}: {forms[0].count(chr(10))} line breaks, translation has {translated.count(chr(10))}"
                )
            if JAPANESE.search(translated) is None and translated != msgid:
                problems.append(f"{msgid!r}: translation {translated!r} has no Japanese in it")
    assert not problems, "\n".join(problems)


# --- The language in use --------------------------------------------------------------------------


def _lang(response) -> str | None:
    match = re.search(r'<html lang="([^"]+)">', text(response))
    return match.group(1) if match else None


def test_language_switcher_changes_the_language_and_back(client, ja_catalogue):
    log_in_ja = ja(ja_catalogue, "Log in")
    page = client.get("/")
    assert _lang(page) == "en"
    assert ">Log in<" in text(page)

    switched = client.post("/auth/language", {"locale": "ja", "next": "/"})
    assert switched.status_code == 302 and location_path(switched) == "/"

    page = client.get("/")
    assert _lang(page) == "ja"
    assert f">{log_in_ja}<" in text(page)
    assert ">Log in<" not in text(page)
    assert ja(ja_catalogue, "Train the leaders of a clean Asia") in text(page)
    assert ja(ja_catalogue, "Log in") in text(client.get("/auth/login")), "the choice lasts for the session"

    client.post("/auth/language", {"locale": "en", "next": "/"})
    page = client.get("/")
    assert _lang(page) == "en"
    assert ">Log in<" in text(page)
    assert log_in_ja not in text(page)


def test_an_unknown_language_is_ignored(client):
    client.post("/auth/language", {"locale": "xx", "next": "/"})
    assert _lang(client.get("/")) == "en"


@pytest.mark.parametrize("header", ["ja", "ja-JP,ja;q=0.9,en;q=0.8", "fr-FR,ja;q=0.7,de;q=0.5"])
def test_a_browser_that_prefers_japanese_gets_japanese(app, db_session, ja_catalogue, header):
    browser = new_browser(app)
    page = browser.get("/", headers={"Accept-Language": header})
    assert _lang(page) == "ja"
    assert ja(ja_catalogue, "Log in") in text(page)
    assert ja(ja_catalogue, "Environmental leadership training for the Clean Asia Initiative.") in text(page)


@pytest.mark.parametrize("header", [None, "en-GB,en;q=0.9", "fr,de;q=0.5"])
def test_other_browsers_get_english(app, db_session, header):
    browser = new_browser(app)
    page = browser.get("/", headers={"Accept-Language": header} if header else {})
    assert _lang(page) == "en"
    assert ">Log in<" in text(page)


def test_the_switcher_overrides_the_browser_language(client):
    client.post("/auth/language", {"locale": "en", "next": "/"}, headers={"Accept-Language": "ja"})
    assert _lang(client.get("/", headers={"Accept-Language": "ja"})) == "en"


def _stored_locale(db_session, user) -> str:
    return db_session.execute(sql("SELECT locale FROM users WHERE id = :id"), {"id": user.id}).scalar_one()


def test_profile_language_is_stored_and_used_on_the_next_visit(app, client, db_session, ja_catalogue):
    user = fast_user(db_session, locale="en", country="JP")
    client.login(user)
    assert _lang(client.get("/dashboard")) == "en"

    saved = client.post(
        "/auth/profile",
        {"name": user.name, "country": "JP", "institution_id": "", "locale": "ja", "timezone": "Asia/Tokyo"},
    )
    assert saved.status_code == 302
    assert _stored_locale(db_session, user) == "ja"
    page = client.get("/auth/profile")
    assert _lang(page) == "ja"
    assert ja(ja_catalogue, "Save profile") in text(page)
    assert '<option selected value="ja">' in text(page)

    # The next visit: another browser that asks for English, no session yet.
    later = new_browser(app)
    assert _lang(later.get("/", headers={"Accept-Language": "en"})) == "en"
    later.login(user)
    dashboard = later.get("/dashboard", headers={"Accept-Language": "en"})
    assert _lang(dashboard) == "ja", "the account's language wins over the browser's"
    assert ja(ja_catalogue, "Your account") in text(dashboard)
    assert ja(ja_catalogue, "Time zone") in text(dashboard)


def test_switching_language_while_logged_in_updates_the_account(app, client, db_session):
    user = fast_user(db_session, locale="ja")
    client.login(user)
    assert _lang(client.get("/dashboard")) == "ja"

    client.post("/auth/language", {"locale": "en", "next": "/dashboard"})
    assert _stored_locale(db_session, user) == "en"
    assert _lang(client.get("/dashboard")) == "en"

    later = new_browser(app)
    later.login(user)
    assert _lang(later.get("/dashboard", headers={"Accept-Language": "ja"})) == "en"


def test_plural_messages_use_the_single_japanese_form(client, db_session, ja_catalogue):
    admin = fast_user(db_session, roles={"admin"}, locale="ja")
    client.login(admin)
    page = text(client.get("/admin/users"))
    total = db_session.execute(sql("SELECT count(*) FROM users")).scalar_one()
    expected = ja(ja_catalogue, "%(num)d account") % {"num": total}
    assert expected in page
    assert "accounts" not in page and "account<" not in page


def test_login_form_and_errors_are_in_japanese(client, ja_catalogue):
    client.post("/auth/language", {"locale": "ja", "next": "/"})
    page = text(client.get("/auth/login"))
    for msgid in ("Email", "Password", "Remember me on this device", "Forgot your password?"):
        assert ja(ja_catalogue, msgid) in page, msgid
    failed = client.post("/auth/login", {"email": "nobody@example.org", "password": "Wrong-password-123"})
    assert flashes(failed) == [ja(ja_catalogue, "That email and password do not match an active account.")]


# --- E-mails and country names --------------------------------------------------------------------


def test_password_reset_mail_is_in_the_recipients_language(app, client, db_session, outbox, ja_catalogue):
    japanese = fast_user(db_session, locale="ja")
    english = fast_user(db_session, locale="en")

    # Asked for from an English page: the mail still follows the recipient's language.
    assert client.post("/auth/forgot", {"email": japanese.email}).status_code == 302
    assert len(outbox) == 1
    mail = outbox[-1]
    assert mail["To"] == japanese.email
    assert mail["Subject"] == ja(ja_catalogue, "Reset your CAI Training password")
    assert mail["Subject"] != "Reset your CAI Training password"
    assert JAPANESE.search(mail["Subject"])
    body = mail.get_content()
    assert f"{japanese.name} 様" in body or japanese.name in body
    assert JAPANESE.search(body)
    assert re.search(r"https?://\S+/auth/reset/\S+", body), "the link survives the translation"

    # And the other way round: a Japanese page, an English recipient.
    other = new_browser(app)
    other.post("/auth/language", {"locale": "ja", "next": "/"})
    assert other.post("/auth/forgot", {"email": english.email}).status_code == 302
    assert outbox[-1]["Subject"] == "Reset your CAI Training password"


def test_confirmation_mail_is_in_the_language_the_person_registered_in(client, outbox, ja_catalogue):
    client.post("/auth/language", {"locale": "ja", "next": "/"})
    response = client.post(
        "/auth/register",
        {
            "name": "山田 花子",
            "email": "hanako.yamada@example.jp",
            "password": "Satoyama-forest-2026",
            "country": "JP",
            "institution_id": "",
        },
    )
    assert response.status_code == 302
    assert outbox[-1]["Subject"] == ja(ja_catalogue, "Confirm your CAI Training account")
    assert "山田 花子" in outbox[-1].get_content()


def test_country_names_are_localised(client):
    english = text(client.get("/auth/register"))
    assert re.search(r'<option value="JP">Japan</option>', english)

    client.post("/auth/language", {"locale": "ja", "next": "/"})
    japanese = text(client.get("/auth/register"))
    assert re.search(r'<option value="JP">日本</option>', japanese)
    assert re.search(r'<option value="TH">タイ</option>', japanese)
    assert '<option value="JP">Japan</option>' not in japanese


# --- Pages with their own context: the switcher and the objective names ---------------------------


def _switcher_locales(response) -> list[str]:
    footer = text(response).split('class="language-switcher"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'name="locale" value="([^"]+)"', footer)


@pytest.mark.parametrize("path", ["/", "/objectives/", "/courses/", "/auth/login"])
def test_the_switcher_offers_the_site_languages_on_every_page(app, client, path):
    """A view may pass its own ``languages`` (the course pages list languages of instruction): the footer
    still offers the languages the site is translated into, no more."""
    assert _switcher_locales(client.get(path)) == list(app.config["LANGUAGES"])


def _course(db_session, instructor, objective_code: str):
    from decimal import Decimal

    from tests.course_factories import saved_course

    course = saved_course(
        instructor,
        slug=f"circular-basics-{instructor.id}",
        title="Circular economy basics",
        summary="Resource cycling for city officials.",
        estimated_hours=Decimal("4"),
        objective_codes=[objective_code],
    )
    db_session.flush()
    return course


def test_course_pages_name_the_objectives_in_japanese(client, db_session):
    from training.objectives.models import Objective

    objective = db_session.query(Objective).filter(Objective.parent_id.is_(None)).order_by(Objective.position).first()
    japanese_title = objective.localized("title", "ja")
    assert japanese_title != objective.title, "the migration seeds Japanese titles"
    instructor = fast_user(db_session, roles={"instructor"}, locale="ja")
    course = _course(db_session, instructor, objective.code)
    client.login(instructor)

    page = text(client.get(f"/courses/{course.slug}"))
    assert japanese_title in page
    assert f">{objective.title}<" not in page
    assert _switcher_locales(client.get(f"/courses/{course.slug}")) == ["en", "ja"]
