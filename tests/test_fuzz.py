"""Hypothesis fuzzes every form and JSON endpoint: whatever is sent, the answer is never a 500.

Every rule of ``app.url_map`` that accepts POST, and every rule that answers JSON, has a row in ``ROUTES``
(a new route without one fails ``test_every_post_and_json_route_is_fuzzed``). Each row says who uses the
route (so the view runs past its authorisation) and where its form is rendered: the fields posted are the
ones that page really has (inputs, selects, textareas of the ``<form>`` whose action is the route), with
their rendered values as a starting point, plus names nobody expects. Values come from ``st.text()`` and
a list of classics: NUL, huge and negative numbers, dates in odd formats, empty strings, repeated values,
files of any content and name. Bodies are also sent as arbitrary JSON (Flask-WTF reads a JSON body as the
form; the site refuses it with 415), as malformed JSON and as bytes under a random content type. Every
other GET route gets its query string fuzzed too (its search and filter fields and the usual names).

Each example runs inside a database savepoint rolled back afterwards, with the browser's cookies and the
rate limiter reset, so one example's deletion or log-out does not starve the next. ``CI_FUZZ_EXAMPLES``
raises the number of examples per route (default 12, a third of that per page's query string: about 30 s
for the file on SQLite, 45 s under load).
"""

from __future__ import annotations

import inspect
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.factories import PASSWORD, Browser
from tests.helpers import SAFE_SVG, build_world, fast_user, png_bytes, route_keys, routes
from training.assessments import attempts as attempt_rules
from training.courses.models import Enrolment
from training.db import utcnow
from training.extensions import db, limiter

EXAMPLES = int(os.environ.get("CI_FUZZ_EXAMPLES", "12"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


# --- The routes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """How to fuzz one route.

    ``user``: who is logged in (a ``Scene`` attribute, or "anonymous").
    ``page``: where the form is rendered: "self" (GET of the same URL), a path template filled from the
    scene, a callable ``(browser, scene) -> html`` (a form shown after a first step), or None (no form: the
    fields are ``extra``; the buttons of a lone module, the only instructor, a category or question in use, an
    attempted assessment are not shown, and their forms have no field but the CSRF token).
    ``extra``: names the view reads besides the form's fields.
    ``args``: path arguments taken from the scene instead of ``World.value``. ``setup``: a change to the
    scene this route needs (``(session, scene) -> None``). ``json``: the route answers JSON (Accept is sent).
    """

    user: str
    page: object = "self"
    extra: tuple[str, ...] = ()
    args: dict = field(default_factory=dict)
    setup: Callable | None = None
    json: bool = False
    base: dict = field(default_factory=dict)  # plausible values the page does not show (a secret key)


COURSE = "/courses/{slug}"


def _gift_preview(browser: Browser, scene: Scene) -> str:
    data = MultiDict({"csrf_token": browser.csrf_token(), "category": "Fuzz/Imported"})
    data.add("file", (io.BytesIO(b"::Q1:: Methane is a greenhouse gas. {T}\n"), "q.gift"))
    response = browser.client.post(f"/courses/{scene.slug}/questions/import", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _csv_preview(browser: Browser, scene: Scene) -> str:
    data = MultiDict({"csrf_token": browser.csrf_token()})
    data.add("file", (io.BytesIO(b"email,name,country\nnew.fuzz@example.org,Fuzz Person,TH\n"), "people.csv"))
    response = browser.client.post(f"/courses/{scene.slug}/enrolments/import", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def _key_mode(session, scene: Scene) -> None:
    from werkzeug.security import generate_password_hash

    scene.world.course.enrolment_mode = "key"
    scene.world.course.enrolment_key_hash = generate_password_hash("Mangrove-key-7", "pbkdf2:sha256:1000")
    session.flush()


def _no_pending_request(session, scene: Scene) -> None:
    """ "Other" may ask to co-host the world course again (the form offers only courses not yet asked for)."""
    session.delete(scene.world.cohost_request)
    session.flush()


# The attempt page names answers q<position>, with -present and -<pair id> suffixes.
ANSWER_NAMES = ("q1", "q2", "q2-present", "q3", "q1-a", "q0", "q-1", "q99999999999999999999")

ROUTES: dict[str, Route] = {
    # Accounts
    "POST /auth/login": Route("anonymous"),
    "POST /auth/logout": Route("trainee", page="/"),
    "POST /auth/register": Route("anonymous"),
    "POST /auth/forgot": Route("anonymous"),
    "POST /auth/reset/<token>": Route("anonymous"),
    "POST /auth/profile": Route("trainee"),
    "POST /auth/password": Route("trainee", page="/auth/profile"),
    "POST /auth/language": Route("trainee", page="/", extra=("next",)),
    "POST /admin/users/<int:user_id>": Route("admin"),
    # Institutions and partners
    "POST /institutions/new": Route("admin"),
    "POST /institutions/<int:institution_id>/edit": Route("admin"),
    "POST /institutions/<int:institution_id>/signatories/new": Route("admin"),
    "POST /institutions/<int:institution_id>/signatories/<int:signatory_id>": Route("admin"),
    "POST /institutions/<int:institution_id>/signatories/<int:signatory_id>/delete": Route(
        "admin", page="/institutions/{institution_id}/edit"
    ),
    "POST /institutions/<int:institution_id>/certificate-template": Route("admin"),
    "POST /partner/<int:institution_id>/cohosting": Route(
        "admin", args={"institution_id": "other_id"}, setup=_no_pending_request
    ),
    "POST /partner/<int:institution_id>/cohosting/<int:request_id>/accept": Route(
        "admin", page="/partner/{institution_id}/cohosting"
    ),
    "POST /partner/<int:institution_id>/cohosting/<int:request_id>/decline": Route(
        "admin", page="/partner/{institution_id}/cohosting"
    ),
    "POST /partner/<int:institution_id>/staff/<int:user_id>/roles": Route(
        "admin", page="/partner/{institution_id}/staff"
    ),
    "POST /partner/<int:institution_id>/staff/invite": Route("admin", page="/partner/{institution_id}/staff"),
    "POST /profile/competence/sharing": Route("trainee", page="/profile/competence"),
    "POST /profile/competence/new-link": Route("trainee", page="/profile/competence"),
    # Course authoring (the course's own instructor)
    "POST /courses/new": Route("owner"),
    "POST /courses/preview": Route("owner", page=None, extra=("text",), json=True),
    "POST /courses/<slug>/edit": Route("owner"),
    "POST /courses/<slug>/status": Route("owner", page=COURSE + "/edit"),
    "POST /courses/<slug>/staff": Route("owner"),
    "POST /courses/<slug>/staff/instructors/<int:user_id>/remove": Route("owner", page=None),
    "POST /courses/<slug>/staff/institutions/<int:institution_id>/<role>/remove": Route(
        "owner", page=COURSE + "/staff"
    ),
    "POST /courses/<slug>/modules/new": Route("owner"),
    "POST /courses/<slug>/modules/<int:module_id>/edit": Route("owner"),
    "POST /courses/<slug>/modules/<int:module_id>/move/<direction>": Route("owner", page=None),
    "POST /courses/<slug>/modules/<int:module_id>/delete": Route("owner", page=COURSE + "/modules/{module_id}/edit"),
    "POST /courses/<slug>/modules/<int:module_id>/attachments": Route(
        "owner", page=COURSE + "/modules/{module_id}/edit"
    ),
    "POST /courses/<slug>/modules/<int:module_id>/attachments/<int:attachment_id>/delete": Route(
        "owner", page=COURSE + "/modules/{module_id}/edit"
    ),
    # Enrolment
    "POST /courses/<slug>/enrol": Route("visitor", page=COURSE, setup=_key_mode, base={"key": "Mangrove-key-7"}),
    "POST /courses/<slug>/withdraw": Route("learner", page=COURSE),
    "POST /courses/<slug>/modules/<int:module_id>/complete": Route("learner", page=COURSE + "/modules/{module_id}"),
    "POST /courses/<slug>/enrolments/<int:enrolment_id>/approve": Route("owner", page=COURSE + "/enrolments"),
    "POST /courses/<slug>/enrolments/<int:enrolment_id>/reject": Route("owner", page=COURSE + "/enrolments"),
    "POST /courses/<slug>/enrolments/bulk": Route("owner", page=COURSE + "/enrolments"),
    "POST /courses/<slug>/enrolments/import": Route("owner"),
    "POST /courses/<slug>/enrolments/import/confirm": Route("owner", page=_csv_preview),
    # Question bank, rubrics, assessments, grading
    "POST /courses/<slug>/questions/new": Route("owner"),
    "POST /courses/<slug>/questions/<int:question_id>/edit": Route("owner"),
    "POST /courses/<slug>/questions/<int:question_id>/delete": Route("owner", page=None),
    "POST /courses/<slug>/questions/<int:question_id>/regrade": Route("owner"),
    "POST /courses/<slug>/questions/categories": Route("owner", page=COURSE + "/questions"),
    "POST /courses/<slug>/questions/categories/<int:category_id>/delete": Route("owner", page=None),
    "POST /courses/<slug>/questions/import": Route("owner"),
    "POST /courses/<slug>/questions/import/confirm": Route("owner", page=_gift_preview),
    "POST /courses/<slug>/rubrics/new": Route("owner"),
    "POST /courses/<slug>/rubrics/<int:rubric_id>/edit": Route("owner"),
    "POST /courses/<slug>/assessments/new": Route("owner"),
    "POST /courses/<slug>/assessments/<int:assessment_id>/settings": Route("owner"),
    "POST /courses/<slug>/assessments/<int:assessment_id>/items": Route(
        "owner", page=COURSE + "/assessments/{assessment_id}/edit", extra=("kind",)
    ),
    "POST /courses/<slug>/assessments/<int:assessment_id>/items/<int:item_id>/<any(up,down,remove):action>": Route(
        "owner", page=COURSE + "/assessments/{assessment_id}/edit", args={"action": "remove"}
    ),
    "POST /courses/<slug>/assessments/<int:assessment_id>/status": Route(
        "owner", page=COURSE + "/assessments/{assessment_id}/edit"
    ),
    "POST /courses/<slug>/assessments/<int:assessment_id>/delete": Route("owner", page=None),
    "POST /courses/<slug>/assessments/<int:assessment_id>/start": Route(
        "newcomer", page=COURSE + "/assessments/{assessment_id}"
    ),
    "POST /courses/<slug>/attempts/<int:attempt_id>/save": Route(
        "learner",
        page=COURSE + "/attempts/{attempt_id}",
        args={"attempt_id": "attempt_id"},
        extra=ANSWER_NAMES,
        json=True,
    ),
    "POST /courses/<slug>/attempts/<int:attempt_id>/submit": Route(
        "learner", page=COURSE + "/attempts/{attempt_id}", args={"attempt_id": "attempt_id"}, extra=ANSWER_NAMES
    ),
    "POST /courses/<slug>/grading/<int:answer_id>": Route("owner", extra=("next",)),
    # Certificates
    "POST /verify/<serial>": Route("anonymous"),
    "POST /courses/<slug>/certificates/issue": Route("admin", page=COURSE + "/certificates"),
    "POST /courses/<slug>/certificates/<serial>/<any(approve,revoke,reissue):action>": Route(
        "admin", page=COURSE + "/certificates"
    ),
    # JSON answers read with GET: the path's values and the query string are fuzzed.
    "GET /healthz": Route("anonymous", page=None, json=True),
    "GET /verify/<serial>.json": Route("anonymous", page=None, json=True),
    "GET /institutions/<int:institution_id>/issuer.json": Route("anonymous", page=None, json=True),
    "GET /institutions/<int:institution_id>/keys.json": Route("anonymous", page=None, json=True),
    "GET /institutions/<int:institution_id>/revocations.json": Route("anonymous", page=None, json=True),
    "GET /certificates/<serial>/credential.<any(json,jwt):kind>": Route(
        "admin", page=None, json=True, args={"kind": "json"}
    ),
    "GET /courses/<slug>/certificates/jobs/<int:job_id>": Route("admin", page=None, json=True),
}


def json_rules(app) -> list:
    """Rules that answer JSON: a ``.json`` path, or a view that calls ``jsonify``."""
    found = []
    for rule in routes(app):
        view = app.view_functions[rule.endpoint]
        if ".json" in rule.rule or "<any(json" in rule.rule or "jsonify(" in inspect.getsource(view):
            found.append(rule)
    return found


def fuzzed_keys(app) -> set[str]:
    keys = {f"POST {rule.rule}" for rule in routes(app) if "POST" in rule.methods}
    for rule in json_rules(app):
        keys.update(key for key in route_keys(rule) if key.startswith("GET "))
    return keys


def test_every_post_and_json_route_is_fuzzed(app):
    expected = fuzzed_keys(app)
    assert len(expected) >= 70, "the URL map is missing routes: is the app fully built?"
    assert set(ROUTES) == expected, {
        "routes without a fuzz row": sorted(expected - set(ROUTES)),
        "rows without a route": sorted(set(ROUTES) - expected),
    }


# --- The scene: real objects and the people who use them -----------------------------------------


@dataclass
class Scene:
    world: object
    admin: object
    learner: object  # enrolled, with an attempt in progress
    newcomer: object  # enrolled, no attempt yet
    visitor: object  # not enrolled
    attempt_id: int

    @property
    def other_id(self) -> int:
        return self.world.other.id

    @property
    def slug(self) -> str:
        return self.world.course.slug

    def user(self, who: str):
        return {
            "admin": self.admin,
            "owner": self.world.owner,
            "trainee": self.world.target,
            "learner": self.learner,
            "newcomer": self.newcomer,
            "visitor": self.visitor,
        }[who]

    def values(self) -> dict:
        world = self.world
        return {
            "slug": self.slug,
            "institution_id": world.this.id,
            "doomed_id": world.doomed.id,
            "module_id": world.module.id,
            "question_id": world.quiz.question.id,
            "assessment_id": world.quiz.assessment.id,
            "attempt_id": self.attempt_id,
        }

    def url(self, rule, spec: Route, overrides: dict | None = None) -> str:
        values = {}
        for argument in rule.arguments:
            if argument in spec.args:
                chosen = spec.args[argument]
                values[argument] = (
                    getattr(self, chosen) if isinstance(chosen, str) and hasattr(self, chosen) else chosen
                )
            else:
                values[argument] = self.world.value(rule.endpoint, argument)
        values.update(overrides or {})
        built = rule.build(values, append_unknown=False)
        assert built is not None, f"could not build {rule.rule} from {values}"
        return built[1]


def build_scene(session) -> Scene:
    world = build_world(session)
    admin = fast_user(session, roles=("admin",), institution_id=world.this.id, name="Fuzz Admin")
    learner = fast_user(session, name="Fuzz Learner")
    newcomer = fast_user(session, name="Fuzz Newcomer")
    visitor = fast_user(session, name="Fuzz Visitor")
    for user in (learner, newcomer):
        session.add(Enrolment(user_id=user.id, course_id=world.course.id, status="active"))
    session.flush()
    attempt = attempt_rules.start(world.quiz.assessment, learner, utcnow())
    session.flush()
    return Scene(world, admin, learner, newcomer, visitor, attempt.id)


# --- Reading a page's forms ----------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # text, file, number, date, datetime, choice, multi, bool
    values: list[str] = field(default_factory=list)  # rendered value(s) or the choices


class FormReader(HTMLParser):
    """Collects each ``<form method=post>``: its actions (its own and its buttons' ``formaction``) and fields;
    and the fields of the ``<form method=get>`` (searches and filters) in ``query_fields``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[list[str], dict[str, FormField]]] = []
        self.query_fields: dict[str, FormField] = {}
        self._fields: dict[str, FormField] | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: (value or "") for key, value in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._fields = {}
                self.forms.append(([a.get("action", "")], self._fields))
            else:
                self._fields = self.query_fields
            return
        if self._fields is not None and self._fields is not self.query_fields and a.get("formaction"):
            self.forms[-1][0].append(a["formaction"])
        if self._fields is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.values.append(a.get("value", ""))
            return
        name = a["name"]
        if tag == "input":
            kind = {
                "file": "file",
                "number": "number",
                "date": "date",
                "datetime-local": "datetime",
                "checkbox": "multi",
                "radio": "choice",
            }.get(a.get("type", "text").lower(), "text")
            current = self._fields.setdefault(name, FormField(name, kind))
            if kind == "multi" and "value" not in a:
                current.kind = "bool"
            if "value" in a or kind in ("choice", "multi"):
                current.values.append(a.get("value", "y"))
        elif tag == "select":
            self._select = self._fields.setdefault(name, FormField(name, "multi" if "multiple" in a else "choice"))
        elif tag == "textarea":
            self._textarea = self._fields.setdefault(name, FormField(name, "text"))

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea.values.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, page_path: str, target_path: str) -> dict[str, FormField] | None:
    """The fields of the forms on the page that post to ``target_path`` (None when there is none)."""
    reader = FormReader()
    reader.feed(html)
    found = None
    for actions, fields in reader.forms:
        if target_path in {urlsplit(action).path if action else page_path for action in actions}:
            found = {**(found or {}), **fields}
    return found


# --- Values --------------------------------------------------------------------------------------

CLASSICS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "-0",
    "1.5",
    "1,5",
    "1e999",
    "-1e999",
    "1e-999",
    "NaN",
    "Infinity",
    "-inf",
    "0x1F",
    "99999999999999999999999999999999",
    str(2**31),
    str(-(2**63) - 1),
    "١٢٣",
    "²",
    "１２",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "31/12/2026",
    "2026-11-28T25:61",
    "2026-11-28T09:00:00+09:00",
    "2026-11-28 09:00",
    "-2026-01-01",
    "\u202eevil",
    "𝕳𝖊𝖑𝖑𝖔 🌏",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%_\\",
    "x" * 3000,
    "\r\n",
    "null",
    "[]",
    "{}",
    "true",
    "../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example",
    "fuzz@example.org",
]
text_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(CLASSICS),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=12),
)
number_values = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=-3, max_value=200).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)
date_values = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.dates(), st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%y", "%Y-%m-%dT%H:%M"])).map(
        lambda pair: pair[0].strftime(pair[1])
    ),
)
datetime_values = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.datetimes().map(lambda d: d.isoformat()),
    date_values,
)
# Field and file names go into multipart headers, where a browser escapes quotes and line breaks.
names = st.text(
    alphabet=st.characters(blacklist_characters='"\r\n', blacklist_categories=("Cs",)), min_size=1, max_size=20
)
file_contents = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"",
            png_bytes(),
            png_bytes()[:40],
            SAFE_SVG,
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            b"%PDF-",
            b"::Q:: Two plus two? {=4 ~5}\n",
            b"::Broken {",
            b"email,name\nfuzz@example.org,Fuzz\n",
            b"email;name;country;institution\n\x00;\xff;ZZ;nowhere\n",
            "email,name\nＡ@例え.テスト,名前\n".encode("utf-16"),
            b"\xef\xbb\xbfemail,name\n",
        ]
    ),
)
file_names = st.one_of(
    st.sampled_from(["a.png", "x.pdf", "q.gift", "q.txt", "people.csv", "", "noext", "../../x.png", "日本.png"]),
    names,
)
files = st.tuples(file_contents, file_names).map(lambda pair: (io.BytesIO(pair[0]), pair[1]))


def value_strategy(spec: FormField):
    """Often the rendered value or a real choice (so validation passes and the view goes deeper), else anything."""
    fuzz = {
        "file": files,
        "number": st.one_of(number_values, text_values),
        "date": st.one_of(date_values, text_values),
        "datetime": st.one_of(datetime_values, text_values),
    }.get(spec.kind, text_values)
    options = [fuzz]
    if spec.values:
        options.insert(0, st.sampled_from(spec.values))
    single = st.one_of(*options)
    if spec.kind == "multi" and spec.values:
        return st.one_of(st.lists(st.sampled_from(spec.values), max_size=4, unique=True), st.lists(single, max_size=3))
    # A file under a text field's name: no browser sends one, a crafted request can.
    return st.one_of(single, single, st.lists(single, min_size=2, max_size=3), files)


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), text_values
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text_values, children, max_size=3),
    max_leaves=8,
)
malformed_json = st.one_of(
    st.sampled_from([b"{", b"[1,", b'{"a":}', b"\xff\xfe", b"NaN", b"", b'{"a": 1}}', b'"\\ud800"', b"[" * 2000]),
    st.binary(max_size=60),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "text/plain",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/xml",
    ]
)


@st.composite
def form_bodies(draw, fields: dict[str, FormField]):
    """The page's fields (each kept, dropped or fuzzed) plus a few names the form does not have."""
    pairs = []
    # How many fields keep a plausible value (out of 10): at 10 most forms validate and the view runs to
    # its end; at 0 every field is fuzzed.
    plausible = draw(st.integers(0, 10))
    for spec in fields.values():
        if draw(st.integers(0, 9)) < plausible and spec.values and spec.kind != "multi":
            pairs.append((spec.name, draw(st.sampled_from(spec.values))))
            continue
        if draw(st.integers(0, 4)) == 0:
            continue  # a field the browser did not send
        value = draw(value_strategy(spec))
        pairs.extend((spec.name, item) for item in (value if isinstance(value, list) else [value]))
    for name in draw(st.lists(names, max_size=3)):
        pairs.append((name, draw(st.one_of(text_values, files))))
    return pairs


@st.composite
def json_bodies(draw, fields: dict[str, FormField]):
    if draw(st.booleans()):
        return draw(json_values)
    body = {}
    for spec in fields.values():
        if draw(st.booleans()):
            body[spec.name] = draw(st.one_of(st.sampled_from(spec.values or [""]), json_values))
    return body


# --- Sending -------------------------------------------------------------------------------------


@dataclass
class Target:
    url: str
    rule: object
    spec: Route
    fields: dict[str, FormField]
    token: str
    scene: Scene


def path_strategy(target: Target):
    """For JSON GET routes: the real path, or its values replaced by anything."""
    rule = target.rule
    overrides = {}
    for argument in sorted(rule.arguments):
        converter = type(rule._converters[argument]).__name__
        if "Int" in converter:
            overrides[argument] = st.integers(min_value=0, max_value=2**70)
        elif "Any" in converter:
            continue
        else:
            overrides[argument] = st.one_of(text_values, names).filter(lambda v: v and "/" not in v)
    return st.one_of(st.just({}), st.fixed_dictionaries({}, optional=overrides))


def _real_values(target: Target) -> dict:
    values = {}
    for argument in target.rule.arguments:
        chosen = target.spec.args.get(argument)
        if chosen is not None:
            values[argument] = getattr(target.scene, chosen) if hasattr(target.scene, str(chosen)) else chosen
        else:
            values[argument] = target.scene.world.value(target.rule.endpoint, argument)
    return values


def send_get(client, target: Target, data) -> object:
    overrides = data.draw(path_strategy(target), label="path")
    path = target.url
    if overrides:
        values = {**_real_values(target), **overrides}
        path = target.rule.build(values, append_unknown=False)[1]
    query = data.draw(st.lists(st.tuples(names, text_values), max_size=3), label="query")
    accept = data.draw(st.sampled_from(["application/json", "*/*", "text/html", "", "application/jwt"]), label="accept")
    return client.get(path, query_string=MultiDict(query), headers={"Accept": accept})


def send_post(client, target: Target, data) -> object:
    mode = data.draw(st.sampled_from(["form"] * 6 + ["json", "malformed", "raw"]), label="mode")
    headers = {}
    if target.spec.json and data.draw(st.booleans(), label="accept json"):
        headers["Accept"] = "application/json"
    if mode == "form":
        pairs = data.draw(form_bodies(target.fields), label="form")
        body = MultiDict(pairs)
        body.setlist("csrf_token", [target.token])
        return client.post(target.url, data=body, headers=headers)
    headers["X-CSRFToken"] = target.token
    if mode == "json":
        return client.post(target.url, json=data.draw(json_bodies(target.fields), label="json"), headers=headers)
    if mode == "malformed":
        body = data.draw(malformed_json, label="malformed")
        return client.post(target.url, data=body, content_type="application/json", headers=headers)
    body = data.draw(st.one_of(st.binary(max_size=200), text_values.map(lambda t: t.encode())), label="raw")
    return client.post(target.url, data=body, content_type=data.draw(content_types, label="type"), headers=headers)


def cookie_jar(client) -> dict:
    return {name: client.get_cookie(name) for name in ("session", "remember_token")}


def restore_cookies(client, saved: dict) -> None:
    for name, cookie in saved.items():
        if cookie is None:
            client.delete_cookie(name, domain="localhost")
        else:
            client.set_cookie(name, cookie.value, domain=cookie.domain or "localhost", path=cookie.path or "/")


def prepare(app, session, key: str) -> tuple[Browser, Target]:
    method, path = key.split(" ", 1)
    [rule] = [rule for rule in routes(app) if rule.rule == path and method in rule.methods]
    spec = ROUTES[key]
    scene = build_scene(session)
    if spec.setup:
        spec.setup(session, scene)
    session.commit()
    browser = Browser(app.test_client())
    if spec.user != "anonymous":
        browser.login(scene.user(spec.user), PASSWORD)
    url = scene.url(rule, spec)
    fields: dict[str, FormField] = {}
    if method == "POST" and spec.page is not None:
        if callable(spec.page):
            html, page_path = spec.page(browser, scene), url
        else:
            page_path = url if spec.page == "self" else spec.page.format(**scene.values())
            response = browser.get(page_path)
            assert response.status_code == 200, f"{page_path}: {response.status_code}"
            html = response.get_data(as_text=True)
        found = form_fields(html, page_path, url)
        assert found is not None, f"no form posting to {url} on {page_path}: update ROUTES[{key!r}]"
        fields = found
    fields.pop("csrf_token", None)
    for name in spec.extra:
        fields.setdefault(name, FormField(name, "text"))
    for name, value in spec.base.items():
        fields.setdefault(name, FormField(name, "text")).values.insert(0, value)
    token = browser.csrf_token()
    db.session.remove()
    return browser, Target(url, rule, spec, fields, token, scene)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_no_input_makes_a_route_fail_with_a_500(app, db_session, key):
    limiter.reset()
    browser, target = prepare(app, db_session, key)
    client = browser.client
    saved = cookie_jar(client)
    connection = db_session.get_bind()

    @FUZZ_SETTINGS
    @given(data=st.data())
    def fuzz(data):
        savepoint = connection.begin_nested()
        try:
            restore_cookies(client, saved)
            limiter.reset()
            app.extensions["mail_outbox"].clear()
            if key.startswith("GET "):
                response = send_get(client, target, data)
            else:
                response = send_post(client, target, data)
            assert response.status_code < 500, response.get_data(as_text=True)[:300]
        finally:
            db.session.remove()
            if savepoint.is_active:
                savepoint.rollback()

    fuzz()
    restore_cookies(client, saved)
    limiter.reset()


def test_the_fuzzer_posts_the_forms_real_fields(app, db_session):
    """Not vacuous: the fields come from the page, with their real choices."""
    browser, target = prepare(app, db_session, "POST /courses/<slug>/edit")
    assert {"title", "slug", "summary", "language", "level", "enrolment_mode", "cover", "objectives"} <= set(
        target.fields
    )
    assert target.fields["cover"].kind == "file"
    assert target.fields["objectives"].kind == "multi" and "low-carbon" in target.fields["objectives"].values


def test_the_fuzzer_posts_the_attempt_pages_answer_fields(app, db_session):
    _, target = prepare(app, db_session, "POST /courses/<slug>/attempts/<int:attempt_id>/save")
    assert target.fields["q2"].kind == "choice" and set(target.fields["q2"].values) == {"true", "false"}


# --- Every page's query string -------------------------------------------------------------------

# Names pages read from the query string besides their search and filter forms' fields.
QUERY_NAMES = ("page", "format", "q", "status", "type", "category", "role", "next", "serial", "kind", "from", "to")
# Pages only their trainee may open; every other page is requested by an admin (who may see them all).
PAGE_USERS = {
    "GET /courses/<slug>/attempts/<int:attempt_id>": Route("learner", args={"attempt_id": "attempt_id"}),
    "GET /profile/competence": Route("trainee"),
}


def fuzz_query_string(app, connection, client, saved: dict, key: str, url: str) -> None:
    """The page's search and filter fields, the usual names and anything else, with any values."""
    savepoint = connection.begin_nested()
    try:
        restore_cookies(client, saved)
        page = client.get(url)
        reader = FormReader()
        if page.mimetype == "text/html":
            reader.feed(page.get_data(as_text=True))
    finally:
        db.session.remove()
        savepoint.rollback()
    fields = {name: FormField(name, "text") for name in QUERY_NAMES}
    fields.update(reader.query_fields)

    @settings(FUZZ_SETTINGS, max_examples=max(3, EXAMPLES // 3))
    @given(data=st.data())
    def fuzz(data):
        savepoint = connection.begin_nested()
        try:
            restore_cookies(client, saved)
            pairs = data.draw(form_bodies(fields), label="query")
            query = MultiDict([(name, value) for name, value in pairs if isinstance(value, str)])
            response = client.get(url, query_string=query)
            assert response.status_code < 500, (key, response.get_data(as_text=True)[:300])
        finally:
            db.session.remove()
            if savepoint.is_active:
                savepoint.rollback()

    fuzz()


def test_no_query_string_makes_a_page_fail_with_a_500(app, db_session):
    """Every GET route but the JSON ones (fuzzed above), with fewer examples per route than the forms:
    most pages read no query string."""
    limiter.reset()
    scene = build_scene(db_session)
    db_session.commit()
    json_keys = {key for key in ROUTES if key.startswith("GET ")}
    pages = []
    for rule in sorted(routes(app), key=lambda r: r.rule):
        key = f"GET {rule.rule}"
        if "GET" in rule.methods and key not in json_keys:
            spec = PAGE_USERS.get(key, Route("admin"))
            pages.append((key, spec.user, scene.url(rule, spec)))
    browsers = {}
    for who in sorted({who for _, who, _ in pages}):
        browser = Browser(app.test_client())
        browser.login(scene.user(who), PASSWORD)
        browsers[who] = (browser.client, cookie_jar(browser.client))
    db.session.remove()
    connection = db_session.get_bind()
    for key, who, url in pages:
        client, saved = browsers[who]
        fuzz_query_string(app, connection, client, saved, key, url)
    assert len(pages) >= 60, [key for key, _, _ in pages]
    limiter.reset()
