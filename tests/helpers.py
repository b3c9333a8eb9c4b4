"""Helpers shared by the feature tests: cheap users, test images, a second browser, page checks.

Real password hashes cost about a third of a second each (scrypt, n=2**15). Users that only
need to log in get ``FAST_HASH``: still a Werkzeug scrypt hash of ``PASSWORD`` and verified by
the real login code, but with a tiny work factor read from the hash itself.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.security import generate_password_hash
from werkzeug.test import encode_multipart

from tests.factories import PASSWORD, Browser
from training.auth.models import User
from training.auth.services import issue_token
from training.courses.models import Course, CourseInstitution, Enrolment, Module, ModuleAttachment, ModuleProgress
from training.db import utcnow
from training.institutions.models import Institution, Signatory
from training.objectives.models import Objective
from training.storage import storage

FAST_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
_counter = iter(range(1, 10**9))


def fast_user(session, *, roles=("trainee",), institution_id=None, **fields) -> User:
    """A confirmed, active user whose password is ``PASSWORD``, built without the slow hash."""
    n = next(_counter)
    values = {
        "email": f"fast{n}@example.org",
        "name": f"Fast User {n}",
        "country": "JP",
        "password_hash": FAST_HASH,
        "email_confirmed_at": utcnow(),
        "institution_id": institution_id,
    }
    values.update(fields)
    user = User(**values)
    user.set_roles(set(roles))
    session.add(user)
    session.flush()
    return user


def users_in_bulk(session, count: int, *, prefix: str = "Bulk", roles=("trainee",), institution_id=None) -> list[User]:
    """``count`` users with distinct, increasing creation times (oldest first), all sharing FAST_HASH."""
    start = utcnow() - timedelta(days=1)
    users = []
    for i in range(count):
        user = User(
            email=f"{prefix.lower()}{i:03d}-{next(_counter)}@example.org",
            name=f"{prefix} {i:03d}",
            country="TH",
            password_hash=FAST_HASH,
            email_confirmed_at=start,
            created_at=start + timedelta(seconds=i),
            institution_id=institution_id,
        )
        user.set_roles(set(roles))
        users.append(user)
    session.add_all(users)
    session.flush()
    return users


def audit_rows(session, action: str) -> list:
    """The audit records of ``action``, oldest first."""
    from training.audit.models import AuditLog

    return list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def count_rows(model) -> int:
    from training.extensions import db

    return db.session.scalar(select(func.count()).select_from(model))


def new_browser(app) -> Browser:
    """A second, independent browser (own cookies) on the same app and test transaction."""
    return Browser(app.test_client())


def png_bytes(size=(8, 8), colour=(0, 128, 96)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue()


SAFE_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
    b'<title>Logo</title><rect width="40" height="40" rx="6" fill="#0b6e4f"/>'
    b'<text x="20" y="25" font-size="12" text-anchor="middle" fill="#fff">CAI</text></svg>'
)


def upload(data: bytes, filename: str):
    """A file part for ``client.post(data={...})``."""
    return (io.BytesIO(data), filename)


def location_path(response) -> str:
    return urlsplit(response.headers["Location"]).path


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and location_path(response) == "/auth/login"


def next_param(response) -> str | None:
    return parse_qs(urlsplit(response.headers["Location"]).query).get("next", [None])[0]


def text(response) -> str:
    return response.get_data(as_text=True)


def normalised_page(response, *typed: str) -> str:
    """The page with CSRF tokens (timestamped) and the language switcher's return path blanked,
    and what the user typed replaced."""
    page = re.sub(r'(name="(?:csrf_token|next)"[^>]*value=")[^"]*', r"\1", text(response))
    for value in typed:
        page = page.replace(value, "TYPED")
    return page


def error_texts(response) -> list[str]:
    """The messages shown next to fields (``<p class="error">``) on a re-rendered form."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", m)).strip()
        for m in re.findall(r'<p class="error"[^>]*>(.*?)</p>', text(response), re.S)
    ]


def flashes(response) -> list[str]:
    found = re.findall(r'<div class="flash flash-[^"]*"[^>]*>(.*?)</div>', text(response), re.S)
    return [html.unescape(m).strip() for m in found]


def input_value(response, name: str) -> str | None:
    """The value attribute of the input called ``name`` on the page (unescaped), or None."""
    page = text(response)
    for tag in re.findall(r"<input\b[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            match = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(match.group(1)) if match else ""
    return None


def link_in_mail(message, path_prefix: str) -> str:
    """The path of the first link in the mail body that starts with ``path_prefix``."""
    body = message.get_content()
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", body)
    assert match, f"no {path_prefix} link in: {body!r}"
    return match.group(1)


# --- A small world of real objects, to build every route's URL ----------------------------------


@dataclass
class World:
    """Two institutions, a logo, signatories (one to keep, one to delete), live tokens, and a published course
    hosted by "this" one, taught by ``owner``. ``target`` is the world's trainee: a member of "this", who completed
    the course and owns every personal object of the world (the quiz attempt, the certificate, the public
    competence profile, the tokens); an administrator edits them; a partner admin of "this" changes their roles."""

    this: Institution
    other: Institution
    signatory: Signatory
    doomed: Signatory
    target: User
    reset_token: str
    confirm_token: str
    objective_code: str
    course: Course
    owner: User
    module: Module
    attachment: ModuleAttachment
    pending: Enrolment
    quiz: WorldQuiz
    certificate: object
    job: object
    cohost_request: object = None  # "other" asks to co-host the world course (hosted by "this")

    def value(self, endpoint: str, argument: str):
        if argument == "institution_id":
            return self.this.id
        if argument == "signatory_id":
            return self.doomed.id if endpoint == "institutions.delete_signatory" else self.signatory.id
        if argument == "user_id":
            return self.owner.id if endpoint == "courses.remove_instructor" else self.target.id
        if argument == "slug":
            return self.course.slug
        if argument == "module_id":
            return self.module.id
        if argument == "attachment_id":
            return self.attachment.id
        if argument == "enrolment_id":
            return self.pending.id
        if argument == "direction":
            return "up"
        if argument == "role":
            return "host"
        if argument == "token" and endpoint == "profiles.public":
            return self.target.profile_token
        if argument == "token":
            return self.confirm_token if endpoint == "auth.confirm_email" else self.reset_token
        if argument == "code":
            return self.objective_code
        if argument in (
            "question_id",
            "rubric_id",
            "assessment_id",
            "item_id",
            "attempt_id",
            "answer_id",
            "category_id",
        ):
            return getattr(self.quiz, argument.removesuffix("_id")).id
        if argument == "action":
            return "revoke" if endpoint == "certificates.decide" else "down"
        if argument == "kind":
            return "jwt"
        if argument == "serial":
            return self.certificate.serial
        if argument == "job_id":
            return self.job.id
        if argument == "request_id":
            return self.cohost_request.id
        raise LookupError(f"tests/helpers.py World has no real object for <{argument}> (route {endpoint}): add one")

    def url(self, rule) -> str:
        """The path of ``rule`` built with real objects for each of its arguments.

        Routes of a pending blueprint get placeholder values instead (1 fits both int and string
        converters); the path is checked to match that very rule.
        """
        pending = is_pending(rule)
        values = {argument: 1 if pending else self.value(rule.endpoint, argument) for argument in rule.arguments}
        built = rule.build(values, append_unknown=False)
        assert built is not None, f"could not build {rule.rule} from {values}"
        path = built[1]
        if pending:
            matched, _ = rule.map.bind("localhost").match(path, method=sorted(rule.methods)[0], return_rule=True)
            assert matched is rule, f"{path} does not reach {rule.rule}"
        return path


def build_world(session) -> World:
    this = Institution(name="Thai Environmental Institute", short_name="TEI", sector="civil_society", country="TH")
    other = Institution(name="Nusantara Waste Recovery", short_name="NWR", sector="industry", country="ID")
    session.add_all([this, other])
    session.flush()
    this.logo_key = storage().put(png_bytes(), prefix="logo", extension="png")
    this.logo_content_type = "image/png"
    signatory = Signatory(
        institution=this,
        name="Sunee Wongsawat",
        title="Executive Director",
        position=0,
        signature_key=storage().put(png_bytes((20, 6)), prefix="signature", extension="png"),
        signature_content_type="image/png",
    )
    doomed = Signatory(institution=this, name="Somchai Jaidee", title="Deputy Director", position=1)
    session.add_all([signatory, doomed])
    target = fast_user(session, name="Target Trainee", institution_id=this.id)
    reset_token = issue_token(target, "reset")
    confirm_token = issue_token(target, "confirm")
    session.flush()
    code = session.scalar(select(Objective.code).order_by(Objective.position).limit(1))
    assert code, "the seeded CAI objectives are missing"
    course, owner, module, attachment, pending = _world_course(session, this, code)
    _world_enrolment(session, course, module, target)
    world = World(
        this,
        other,
        signatory,
        doomed,
        target,
        reset_token,
        confirm_token,
        code,
        course,
        owner,
        module,
        attachment,
        pending,
        _world_quiz(session, course, target),
        *_world_certificate(session, course, this, target),
    )
    world.cohost_request = _world_partnering(session, course, other, target)
    return world


def _world_enrolment(session, course: Course, module: Module, trainee: User) -> Enrolment:
    """The target trainee has completed the world course (its one module done)."""
    enrolment = Enrolment(
        user_id=trainee.id, course_id=course.id, status="completed", completed_at=utcnow(), last_module_id=module.id
    )
    session.add(enrolment)
    session.flush()
    session.add(ModuleProgress(enrolment_id=enrolment.id, module_id=module.id))
    session.flush()
    return enrolment


def _world_partnering(session, course: Course, other: Institution, trainee: User):
    """A pending request of "other" to co-host the world course; the target trainee's public competence profile."""
    from training.courses.models import CohostRequest

    request = CohostRequest(course_id=course.id, institution_id=other.id, message="We would like to co-host.")
    trainee.profile_public, trainee.profile_token = True, "world-public-profile-token-00001"
    session.add(request)
    session.flush()
    return request


def _world_certificate(session, course: Course, institution: Institution, trainee: User):
    """An issued certificate of the world course (certified by its host, "this" institution) for the target
    trainee, with a stored PDF; and a finished bulk-issue job."""
    from training.certificates.models import Certificate, IssueJob
    from training.certificates.serials import new_serial

    pdf = b"%PDF-1.7\n% world certificate\n"
    certificate = Certificate(
        serial=new_serial(),
        course_id=course.id,
        user_id=trainee.id,
        institution_id=institution.id,
        status="issued",
        issued_at=utcnow(),
        pdf_key=storage().put(pdf, prefix="certificate", extension="pdf"),
        pdf_sha256=__import__("hashlib").sha256(pdf).hexdigest(),
        pdf_size=len(pdf),
        credential_jwt="e30.e30.sig",
        snapshot={
            "name": trainee.name,
            "course": {"title": course.title, "hours": "1", "slug": course.slug},
            "objectives": [],
            "institutions": [{"name": institution.name}],
            "issued_on": "2026-11-28",
        },
    )
    job = IssueJob(course_id=course.id, status="done", total=0, done=0, results=[])
    session.add_all([certificate, job])
    session.flush()
    return certificate, job


@dataclass
class WorldQuiz:
    """A published quiz of the world course: an essay with a rubric, and the target trainee's submitted attempt,
    awaiting the grading of its essay."""

    category: object
    question: object
    rubric: object
    assessment: object
    item: object
    attempt: object
    answer: object


def _world_quiz(session, course: Course, trainee: User) -> WorldQuiz:
    from training.assessments.models import (
        Assessment,
        AssessmentItem,
        Attempt,
        AttemptAnswer,
        Question,
        QuestionCategory,
        Rubric,
    )

    category = QuestionCategory(course_id=course.id, name="World/Essays")
    question = Question(
        course_id=course.id, category=category, type="essay", name="World essay", prompt="Explain the **3Rs**.", spec={}
    )
    spare = Question(
        course_id=course.id,
        category=category,
        type="true_false",
        name="World truth",
        prompt="Landfills emit methane.",
        spec={"answer": True, "feedback_true": "", "feedback_false": ""},
    )
    rubric = Rubric(
        course_id=course.id,
        title="World rubric",
        criteria=[
            {
                "id": "c1",
                "title": "Clarity",
                "levels": [{"id": "l1", "title": "Weak", "points": 0}, {"id": "l2", "title": "Strong", "points": 2}],
            }
        ],
    )
    assessment = Assessment(course_id=course.id, title="World quiz", status="published", passing_score=50)
    item = AssessmentItem(question=question, position=1, points=2, rubric=rubric)
    assessment.items.extend([item, AssessmentItem(question=spare, position=2, points=1)])
    session.add_all([category, question, spare, rubric, assessment])
    session.flush()
    attempt = Attempt(
        assessment_id=assessment.id,
        user_id=trainee.id,
        number=1,
        status="awaiting_grading",
        submitted_at=utcnow(),
        max_score=3,
    )
    answer = AttemptAnswer(
        position=1,
        question_id=question.id,
        item_id=item.id,
        points=2,
        needs_grading=True,
        response={"text": "Reduce, reuse, recycle."},
    )
    attempt.answers.extend(
        [answer, AttemptAnswer(position=2, question_id=spare.id, points=1, score=1, response={"value": True})]
    )
    session.add(attempt)
    session.flush()
    return WorldQuiz(category, question, rubric, assessment, item, attempt, answer)


def _world_course(session, institution: Institution, code: str):
    """A published approval-mode course taught by its own instructor (``owner``, who has no institution),
    hosted by ``institution``, with a module, an attachment, a cover and another trainee's pending request."""
    objective = session.scalar(select(Objective).where(Objective.code == code))
    owner = fast_user(session, roles=("instructor",), name="Course Owner")
    course = Course(
        slug="world-course",
        title="World course",
        summary="A course for the matrix.",
        status="published",
        enrolment_mode="approval",
        published_at=utcnow(),
        cover_key=storage().put(png_bytes(), prefix="cover", extension="png"),
        cover_content_type="image/png",
    )
    course.instructors.append(owner)
    course.objectives.append(objective)
    course.institution_links.append(CourseInstitution(institution=institution, role="host"))
    module = Module(course=course, position=0, title="First module", body="Hello", objectives=[objective])
    session.add_all([course, module])
    session.flush()
    attachment = ModuleAttachment(
        module=module,
        filename="notes.png",
        content_type="image/png",
        size=10,
        storage_key=storage().put(png_bytes(), prefix="attachment", extension="png"),
    )
    session.add(attachment)
    applicant = fast_user(session, name="Pending Applicant")
    pending = Enrolment(user_id=applicant.id, course_id=course.id, status="pending")
    session.add(pending)
    session.flush()
    return course, owner, module, attachment, pending


def world_user(session, world: World, role: str) -> User | None:
    """The user of a column of the permission matrix (tests/test_permissions.py ROLES); None for anonymous.
    A "_this" user owns or serves the world's objects; an "_other" one is the same kind of user with no tie
    to them: another trainee and an instructor of another course (both of "this" institution), the partner
    admin of "other"."""
    if role == "anonymous":
        return None
    if role == "trainee_this":
        return world.target
    if role == "instructor_this":
        return world.owner
    roles, institution = {
        "trainee_other": (("trainee",), world.this),
        "instructor_other": (("instructor",), world.this),
        "partner_admin_this": (("partner_admin",), world.this),
        "partner_admin_other": (("partner_admin",), world.other),
        "admin": (("admin",), None),
    }[role]
    user = fast_user(session, roles=roles, institution_id=institution.id if institution else None)
    if role == "instructor_other":
        other_course = Course(
            slug="other-course",
            title="Other course",
            summary="Taught by an instructor of the permission matrix.",
            status="published",
            published_at=utcnow(),
        )
        other_course.instructors.append(user)
        session.add(other_course)
        session.flush()
    return user


# Blueprints under construction whose permission rows are still to be written by their authors.
# test_permissions.py lists their routes in an expected failure until every one has a row.
PENDING_BLUEPRINTS: set[str] = set()


def is_pending(rule) -> bool:
    return rule.endpoint.split(".", 1)[0] in PENDING_BLUEPRINTS


def routes(app):
    """Every rule of the application except the static files."""
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def route_keys(rule) -> list[str]:
    """``"GET /path/<int:id>"`` for each method the rule answers (HEAD and OPTIONS are implied)."""
    return [f"{method} {rule.rule}" for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def post_multipart_in_memory(browser: Browser, url: str, data: dict):
    """POST a large multipart form encoded in memory, with the session's CSRF token.

    Werkzeug's test client spools a multipart body over 500 KB to a temporary file it never
    closes (a ResourceWarning, an error in this suite); a body built here is plain bytes.
    """
    values = MultiDict({"csrf_token": browser.csrf_token()})
    for key, value in data.items():
        if isinstance(value, tuple):
            values.add(key, FileStorage(stream=value[0], filename=value[1]))
        else:
            values.add(key, value)
    boundary, body = encode_multipart(values)
    return browser.client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
