"""Demo certificates: signatures, one institution's own design, and certificates in every state.

Called by :func:`training.main.demo.seed_demo`. Before anything is issued, every demo signatory gets a
handwritten-looking signature (:func:`signature_svg`, stored by ``demo._ensure_institution``) and the Japanese
ministry gets its own bilingual template (:func:`seed_template`), so the PDFs show both. After the courses and
assessments, :func:`seed_certificates` gives each new demo course its certificate rules and issues, through the
certificate services and their rules, every certificate the history has earned, dated the day it was earned (so a
twelve-month certificate of the 2025 cohort has expired). Then the certifying institutions act:

* approval: IISS approves Siti Rahayu's e-waste certificate the next day, while Priya Sharma's, earned at her
  second attempt, is still waiting for its approval;
* re-issue: Kim Min-jun registered with his romanised name, then corrected it to Hangul; his green-finance
  certificate is re-issued, and the first one is marked replaced and points to the new one;
* revocation: the Thai Environmental Institute revokes Phạm Quốc Huy's green-procurement certificate after finding
  his written plan copied.

Each step looks before it acts: a trainee who has any certificate for a course (current, revoked or replaced) gets
no new one, an approval or revocation is made only while the certificate is still current, a name is corrected once.
So seeding twice adds nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import NamedTuple
from xml.sax.saxutils import escape

from sqlalchemy import func, select

from training.assessments.models import Assessment, Attempt
from training.auth.models import User
from training.auth.services import update_profile
from training.certificates import documents, render, rules, services
from training.certificates.models import Certificate, CertificateStatus, CertificateTemplate
from training.courses.models import Course, Enrolment, ModuleProgress
from training.db import utcnow
from training.extensions import db
from training.main.demo_courses import COURSES, KIM, PHAM, SITI
from training.uploads import sanitise_svg

ADMIN = "admin@cai-demo.org"
TEI_PARTNER = "sunee.w@cai-demo.org"  # partner admin of the Thai Environmental Institute, which certifies GPP
EWASTE, GPP = "e-waste-transboundary-movement", "green-public-procurement"
FINANCE = "green-finance-bonds-and-disclosure"


class Approval(NamedTuple):
    """A certificate waiting for approval that the certifying institution approved, ``after`` it was requested."""

    email: str
    slug: str
    actor: str
    after: timedelta


class Correction(NamedTuple):
    """The trainee registered as ``registered_as``, was certified so, then corrected the name: re-issued ``after``."""

    email: str
    slug: str
    registered_as: str
    actor: str
    after: timedelta
    reason: str  # {old} and {new} are the two names


class Revocation(NamedTuple):
    email: str
    slug: str
    actor: str
    after: timedelta
    reason: str


# IISS has no partner admin on the demo, so the platform administrator approves for it. Priya Sharma's e-waste
# certificate (the same course) is deliberately left waiting for approval.
APPROVALS: tuple[Approval, ...] = (Approval(SITI, EWASTE, ADMIN, timedelta(hours=20)),)

CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        KIM,
        FINANCE,
        "Kim Min-jun",
        ADMIN,
        timedelta(days=2, hours=5),
        "Name corrected at the trainee's request: written in Hangul ({new}) instead of the romanised “{old}”.",
    ),
)

REVOCATIONS: tuple[Revocation, ...] = (
    Revocation(
        PHAM,
        GPP,
        TEI_PARTNER,
        timedelta(days=4, hours=2),
        "Revoked after an academic-integrity review by the Thai Environmental Institute: the written plan "
        "submitted for the final quiz was largely copied from another participant's work. The trainee may take "
        "the course again in a later intake.",
    ),
)

# The Japanese ministry's own design: the "modern" layout in indigo and vermilion, worded in English and Japanese.
TEMPLATE_INSTITUTION = "MOEJ"
TEMPLATE = {
    "layout": "modern",
    "primary_colour": "#165e83",
    "accent_colour": "#d0582a",
    "heading": "Certificate of Completion",
    "wording": (
        "This certifies that {name} has completed all the requirements of the training course {course} "
        "({hours} hours), certified by {institution}."
    ),
    "local_language": "ja",
    "local_heading": "修了証書",
    "local_wording": (
        "あなたは環境省が認定する研修「{course}」（{hours}時間）の全課程を修了されたことをここに証します。"
    ),
}


def signature_svg(name: str) -> bytes:
    """A handwritten-looking signature for ``name``: one slanted cursive stroke and an underline flourish.

    Cubic Bézier curves through points drawn from a generator seeded with the name, so the same name always
    signs the same way. Returned only if it passes the upload sanitiser, like a signature an administrator uploads.
    """
    rng = random.Random(f"signature/{name}")
    base, slant, rise = 52.0, rng.uniform(0.18, 0.42), rng.uniform(-0.06, 0.03)
    size = rng.uniform(0.8, 1.1)  # a hand of its own: its size, and how often it loops above and below the line
    weights = (rng.uniform(2, 5), rng.uniform(1, 4), rng.uniform(0.3, 2))
    x = 18.0
    capital = rng.uniform(30, 38) * size
    points = [(x - 8, base + 5), (x, base - capital * 0.45), (x + 9, base - capital), (x + 3, base - capital * 0.85)]
    points.append((x + 5, base))
    x += 13
    for _ in range(max(4, min(9, len(name.replace(" ", ""))))):
        width = rng.uniform(9, 15) * size
        kind = rng.choices(("hump", "loop", "dip"), weights=weights)[0]
        if kind == "hump":  # n, m, u
            height = rng.uniform(9, 14) * size
            points += [(x + width * 0.35, base - height), (x + width * 0.75, base - height * 0.8), (x + width, base)]
        elif kind == "loop":  # l, h, k
            height = rng.uniform(22, 30) * size
            points += [(x + width * 0.65, base - height), (x + width * 0.2, base - height * 0.85)]
            points.append((x + width * 0.5, base))
        else:  # g, y
            depth = rng.uniform(12, 18) * size
            points += [(x + width * 0.5, base + depth), (x + width * 0.1, base + depth * 0.8), (x + width, base - 6)]
        x += width
    points.append((x + 6, base - rng.uniform(4, 10)))
    points = [(px + (base - py) * slant, py + (px - 18) * rise) for px, py in points]  # lean, and drift off the line
    end = points[-1][0]
    underline = (
        f"M{end - 4:.1f},{base + 7:.1f} "
        f"C{end - 30:.1f},{base + rng.uniform(14, 20):.1f} {40 + rng.uniform(-8, 8):.1f},{base + 18:.1f} "
        f"{14 + rng.uniform(0, 8):.1f},{base + rng.uniform(8, 12):.1f}"
    )
    width = end + 14
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="80" viewBox="0 0 {width:.0f} 80">'
        f"<title>Signature of {escape(name)}</title>"
        f'<path d="{_smooth(points)}" fill="none" stroke="#1b2a5c" stroke-width="2.1" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        f'<path d="{underline}" fill="none" stroke="#1b2a5c" stroke-width="1.6" stroke-linecap="round"/>'
        "</svg>"
    )
    return sanitise_svg(svg.encode())


def _smooth(points: list[tuple[float, float]]) -> str:
    """A path through the points: Catmull-Rom splines written as cubic Bézier curves."""
    padded = [points[0], *points, points[-1]]
    d = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
    for i in range(1, len(padded) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = padded[i - 1 : i + 3]
        d.append(
            f"C{x1 + (x2 - x0) / 6:.1f},{y1 + (y2 - y0) / 6:.1f} "
            f"{x2 - (x3 - x1) / 6:.1f},{y2 - (y3 - y1) / 6:.1f} {x2:.1f},{y2:.1f}"
        )
    return " ".join(d)


def seed_template(institutions: dict, counts: dict[str, int]) -> None:
    """Give the Japanese ministry its bilingual template, unless it has one (an edited template stays). No commit."""
    counts.setdefault("templates", 0)
    institution = institutions.get(TEMPLATE_INSTITUTION)
    if institution is None:
        return
    if db.session.scalar(select(CertificateTemplate.id).where(CertificateTemplate.institution_id == institution.id)):
        return
    template = CertificateTemplate(institution_id=institution.id, **TEMPLATE)
    if problems := render.validate_design(documents.design_of(template)):
        raise RuntimeError("demo certificate template: " + "; ".join(problems))
    db.session.add(template)
    db.session.flush()
    counts["templates"] += 1


def seed_certificates(created: list[Course], counts: dict[str, int], now: datetime | None = None) -> None:
    """Give the courses just created their certificate rules, then issue, approve, re-issue and revoke. No commit."""
    counts.setdefault("certificates", 0)
    now = now or utcnow()
    specs = {spec.slug: spec for spec in COURSES}
    for course in created:
        course.certificate_mode = specs[course.slug].certificate_mode
    courses = {c.slug: c for c in db.session.scalars(select(Course).where(Course.slug.in_(list(specs))))}
    emails = {spec.instructors[0] for spec in COURSES} | {ADMIN}
    emails |= {step.email for step in (*APPROVALS, *CORRECTIONS, *REVOCATIONS)}
    emails |= {step.actor for step in (*APPROVALS, *CORRECTIONS, *REVOCATIONS)}
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    # Only the demo's own courses: one of the same slug that someone else made is left alone.
    courses = {slug: c for slug, c in courses.items() if users.get(specs[slug].instructors[0]) in c.instructors}

    proper_names = _names_as_registered(courses, users)
    for course in courses.values():
        counts["certificates"] += _issue_earned(course, now)
    for approval in APPROVALS:
        pending = _current(users, courses, approval.email, approval.slug)
        if pending is not None and pending.status == CertificateStatus.PENDING.value:
            services.issue(users.get(approval.actor), pending, now=_later(pending.requested_at, approval.after, now))
    for correction in CORRECTIONS:
        counts["certificates"] += _correct_name(correction, users, courses, proper_names, now)
    for revocation in REVOCATIONS:
        current = _current(users, courses, revocation.email, revocation.slug)
        if current is not None and current.status == CertificateStatus.ISSUED.value:
            when = _later(current.issued_at, revocation.after, now)
            services.revoke(users.get(revocation.actor), current, revocation.reason, now=when)
    db.session.flush()


def _issue_earned(course: Course, now: datetime) -> int:
    """Request or issue the certificate of every trainee who has met the rules and has none, as of when they met them.

    Returns how many were made. A trainee with any certificate for the course, even a revoked one, is skipped:
    the demo never re-issues what a certifying institution took back.
    """
    if course.certificate_mode == "none" or services.certifying_institution(course) is None:
        return 0
    certified = set(db.session.scalars(select(Certificate.user_id).where(Certificate.course_id == course.id)))
    made = 0
    for enrolment in db.session.scalars(
        select(Enrolment)
        .where(Enrolment.course_id == course.id, Enrolment.status.in_(("active", "completed")))
        .order_by(Enrolment.id)
    ):
        if enrolment.user_id in certified or not rules.evaluate(enrolment).met:
            continue
        made += services.request_or_issue(enrolment, now=_earned_at(enrolment, now)).created
    return made


def _earned_at(enrolment: Enrolment, now: datetime) -> datetime:
    """When the rules were met: the later of finishing the required modules and passing the required assessments."""
    moments = [enrolment.completed_at]
    moments.append(
        db.session.scalar(
            select(func.max(ModuleProgress.completed_at)).where(ModuleProgress.enrolment_id == enrolment.id)
        )
    )
    moments.append(
        db.session.scalar(
            select(func.max(Attempt.graded_at))
            .join(Assessment, Attempt.assessment_id == Assessment.id)
            .where(
                Assessment.course_id == enrolment.course_id,
                Assessment.required.is_(True),
                Attempt.user_id == enrolment.user_id,
                Attempt.passed.is_(True),
            )
        )
    )
    known = [moment for moment in moments if moment is not None]
    return min(now, max(known)) if known else now


def _later(moment: datetime, after: timedelta, now: datetime) -> datetime:
    """``after`` the moment, but before seeding (an hour before, when there is room)."""
    latest = now - timedelta(hours=1)
    return min(moment + after, latest) if moment < latest else now


def _current(users: dict, courses: dict, email: str, slug: str) -> Certificate | None:
    user, course = users.get(email), courses.get(slug)
    if user is None or course is None:
        return None
    return services.live_certificate(user.id, course.id)


def _names_as_registered(courses: dict, users: dict) -> dict[int, str]:
    """Before issuing: a trainee who will correct their name carries, until then, the name they registered with.

    Only while they have no certificate for the course. Returns their proper names by user id, to restore.
    """
    proper = {}
    for correction in CORRECTIONS:
        user, course = users.get(correction.email), courses.get(correction.slug)
        if user is None or course is None or user.name == correction.registered_as:
            continue
        if db.session.scalar(
            select(Certificate.id).where(Certificate.user_id == user.id, Certificate.course_id == course.id)
        ):
            continue
        proper[user.id] = user.name
        user.name = correction.registered_as
    return proper


def _correct_name(correction: Correction, users: dict, courses: dict, proper_names: dict, now: datetime) -> int:
    """The trainee corrects the name in their profile; the certificate issued under the old one is re-issued."""
    user = users.get(correction.email)
    if user is None or user.id not in proper_names:
        return 0
    new = proper_names[user.id]
    update_profile(
        user,
        name=new,
        country=user.country,
        institution_id=user.institution_id,
        locale=user.locale,
        timezone=user.timezone,
    )
    current = _current(users, courses, correction.email, correction.slug)
    if current is None or current.status != CertificateStatus.ISSUED.value:
        return 0
    if current.current_name != correction.registered_as:
        return 0
    reason = correction.reason.format(old=correction.registered_as, new=new)
    services.reissue(users.get(correction.actor), current, reason, now=_later(current.issued_at, correction.after, now))
    return 1
