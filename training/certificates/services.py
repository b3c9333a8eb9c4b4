"""Certificate rules: issue (automatically or after approval), approve, revoke, re-issue, flag. Callers commit.

Issuing freezes everything: the snapshot, the signed Open Badges credential and the PDF (stored, with its
SHA-256). Nothing here deletes a certificate; revocation and replacement are statuses.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_request_context, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from training.audit.services import record
from training.certificates import rules
from training.certificates.models import LIVE, Certificate, CertificateStatus
from training.certificates.serials import new_serial
from training.courses.models import Course, Enrolment, InstitutionRole
from training.db import utcnow
from training.extensions import db
from training.storage import storage


class CertificateError(ValueError):
    """The certificate cannot be issued or changed; the message is safe to show."""


def public_url(endpoint: str, **values) -> str:
    """An absolute URL: this request's host, else PUBLIC_BASE_URL (the CLI, a background job)."""
    path = url_for(endpoint, **values) if has_request_context() else _path_for(endpoint, **values)
    base = request.host_url if has_request_context() else current_app.config["PUBLIC_BASE_URL"]
    return base.rstrip("/") + path


def _path_for(endpoint: str, **values) -> str:
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return adapter.build(endpoint, values)


def certifier_of(links):
    """The rule of who certifies, over ``(role, name, item)`` triples: the certifying institution, else the
    host; the first by name among several. Returns that link's item, or None."""
    for role in (InstitutionRole.CERTIFYING.value, InstitutionRole.HOST.value):
        named = sorted(((name, item) for link_role, name, item in links if link_role == role), key=lambda p: p[0])
        if named:
            return named[0][1]
    return None


def certifying_institution(course: Course):
    """Who certifies this course (see :func:`certifier_of`)."""
    return certifier_of([(link.role, link.institution.name, link.institution) for link in course.institution_links])


def live_certificate(user_id: int, course_id: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user_id, Certificate.course_id == course_id, Certificate.status.in_(LIVE)
        )
    )


def revoked_certificate(user_id: int, course_id: int) -> Certificate | None:
    """A revocation is a decision: no new certificate for this course is issued automatically after it."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user_id,
            Certificate.course_id == course_id,
            Certificate.status == CertificateStatus.REVOKED.value,
        )
    )


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _name_lang(user) -> str | None:
    """A hint for CJK glyph shapes: the trainee's country first, then their interface language."""
    by_country = {"JP": "ja", "CN": "zh-Hans", "TW": "zh-Hant", "HK": "zh-Hant", "KR": "ko"}
    return by_country.get(user.country or "") or ("ja" if user.locale == "ja" else None)


def snapshot(enrolment: Enrolment, institution, grade) -> dict:
    """What the certificate says, frozen now."""
    course, user = enrolment.course, enrolment.user
    roles: dict[int, str] = {}
    for link in course.partners:  # certifying first, then host, then co-hosts
        roles.setdefault(link.institution.id, link.role)
    partners = [institution] + [
        link.institution
        for link in course.partners
        if link.institution.id != institution.id
        and link.role in (InstitutionRole.CERTIFYING.value, InstitutionRole.HOST.value)
    ]
    seen, parties = set(), []
    for party in partners:
        if party.id in seen:
            continue
        seen.add(party.id)
        parties.append(
            {
                "id": party.id,
                "name": party.name,
                "short_name": party.short_name,
                "country": party.country,
                "role": roles.get(party.id, InstitutionRole.CERTIFYING.value),
                "logo_key": party.logo_key,
                "logo_type": party.logo_content_type,
                "signatories": [
                    {
                        "name": s.name,
                        "title": s.title,
                        "signature_key": s.signature_key,
                        "signature_type": s.signature_content_type,
                    }
                    for s in party.signatories
                ],
            }
        )
    from training.courses.services import course_objective_union

    return {
        "name": user.name,
        "name_lang": _name_lang(user),
        "course": {
            "id": course.id,
            "slug": course.slug,
            "title": course.title,
            "summary": course.summary,
            "hours": f"{course.estimated_hours.normalize():f}",
            "language": course.language,
        },
        "objectives": [{"code": o.code, "title": o.title} for o in course_objective_union(course)],
        "institutions": parties,
        "grade": None if grade is None else str(grade),
    }


def _pending(enrolment: Enrolment, institution, grade, now: datetime, replaces: Certificate | None = None):
    """A new certificate waiting to be issued, with today's snapshot and a fresh serial."""
    return Certificate(
        serial=new_serial(),
        course_id=enrolment.course_id,
        user_id=enrolment.user_id,
        enrolment_id=enrolment.id,
        institution_id=institution.id,
        status=CertificateStatus.PENDING.value,
        requested_at=now,
        replaces_id=replaces.id if replaces is not None else None,
        snapshot=snapshot(enrolment, institution, grade),
    )


@dataclass
class Outcome:
    certificate: Certificate | None
    created: bool


def request_or_issue(
    enrolment: Enrolment, actor=None, *, now: datetime | None = None, completion: rules.Completion | None = None
) -> Outcome:
    """Issue when the rules are met (or ask for approval); idempotent: an existing live certificate is returned.
    ``completion`` is the caller's ``rules.evaluate(enrolment)`` when it has just made it (it is not made again)."""
    now = now or utcnow()
    course = enrolment.course
    existing = live_certificate(enrolment.user_id, course.id)
    if existing is not None:
        return Outcome(existing, False)
    if course.certificate_mode == "none":
        raise CertificateError(_l("This course does not award certificates."))
    if revoked_certificate(enrolment.user_id, course.id) is not None:
        raise CertificateError(_l("This trainee's certificate for this course was revoked; it is not issued again."))
    institution = certifying_institution(course)
    if institution is None:
        raise CertificateError(_l("No institution certifies this course yet."))
    completion = completion or rules.evaluate(enrolment)
    if not completion.met:
        raise CertificateError(_l("The completion rules are not met yet."))
    certificate = _pending(enrolment, institution, completion.grade, now)
    try:
        with db.session.begin_nested():  # a racing twin (bulk issue, a double click) loses on the unique index
            db.session.add(certificate)
    except IntegrityError:
        return Outcome(live_certificate(enrolment.user_id, course.id), False)
    record(actor, "certificate.request", certificate, user_id=enrolment.user_id, course_id=course.id)
    if course.certificate_mode == "auto":
        issue(actor, certificate, now=now)
    return Outcome(certificate, True)


def issue(actor, certificate: Certificate, *, now: datetime | None = None) -> None:
    """Freeze a pending certificate: expiry, signed credential, PDF and its SHA-256."""
    from training.certificates import documents

    if certificate.status != CertificateStatus.PENDING.value:
        raise CertificateError(_l("Only a certificate waiting for approval can be issued."))
    now = now or utcnow()
    course = certificate.course
    certificate.issued_at = now
    certificate.issued_by_id = getattr(actor, "id", None)
    if course.certificate_valid_months:
        certificate.expires_at = add_months(now, course.certificate_valid_months)
    certificate.snapshot = {
        **certificate.snapshot,
        "issued_on": now.date().isoformat(),
        "expires_on": certificate.expires_at.date().isoformat() if certificate.expires_at else None,
    }
    certificate.credential_jwt = documents.signed_credential(certificate)
    pdf = documents.pdf(certificate)
    certificate.pdf_key = storage().put(pdf, prefix="certificate", extension="pdf")
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    certificate.status = CertificateStatus.ISSUED.value
    record(
        actor,
        "certificate.issue",
        certificate,
        serial=certificate.serial,
        sha256=certificate.pdf_sha256,
        user_id=certificate.user_id,
        course_id=certificate.course_id,
    )


def revoke(actor, certificate: Certificate, reason: str, *, now: datetime | None = None) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_l("Give the reason for the revocation."))
    if certificate.status not in LIVE:
        raise CertificateError(_l("This certificate is no longer current."))
    record(
        actor, "certificate.revoke", certificate, serial=certificate.serial, old=certificate.status, reason=reason[:500]
    )
    certificate.status = CertificateStatus.REVOKED.value
    certificate.revoked_at = now or utcnow()
    certificate.revoked_reason = reason[:500]
    certificate.revoked_by_id = getattr(actor, "id", None)


def reissue(actor, certificate: Certificate, reason: str, *, now: datetime | None = None) -> Certificate:
    """Replace an issued certificate with a new one made from today's data (a corrected name, say)."""
    now = now or utcnow()
    if certificate.status != CertificateStatus.ISSUED.value:
        raise CertificateError(_l("Only an issued certificate can be re-issued."))
    reason = (reason or "").strip()[:500] or str(_l("Re-issued"))
    certificate.status = CertificateStatus.REPLACED.value
    certificate.revoked_at, certificate.revoked_reason = now, reason
    certificate.revoked_by_id = getattr(actor, "id", None)
    db.session.flush()
    enrolment = db.session.get(Enrolment, certificate.enrolment_id) if certificate.enrolment_id else None
    if enrolment is None:
        raise CertificateError(_l("The enrolment behind this certificate no longer exists."))
    institution = certificate.institution
    fresh = _pending(enrolment, institution, rules.evaluate(enrolment).grade, now, replaces=certificate)
    db.session.add(fresh)
    db.session.flush()
    issue(actor, fresh, now=now)
    record(actor, "certificate.reissue", certificate, serial=certificate.serial, new_serial=fresh.serial, reason=reason)
    return fresh


def after_change(user_id: int, course_id: int) -> Certificate | None:
    """Progress or grades changed: issue (or ask for approval) when the rules are now met; flag an issued
    certificate whose rules a regrade has broken. A failure here never undoes the trainee's action: it is
    logged, and bulk issue or the next change tries again."""
    try:
        with db.session.begin_nested():
            return _after_change(user_id, course_id)
    except Exception:  # noqa: BLE001 - see the docstring
        current_app.logger.exception("certificate check failed for user %s in course %s", user_id, course_id)
        return None


def _after_change(user_id: int, course_id: int) -> Certificate | None:
    enrolment = db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
    )
    if enrolment is None or enrolment.course.certificate_mode == "none":
        return None
    existing = live_certificate(user_id, course_id)
    completion = rules.evaluate(enrolment)
    if existing is not None:
        if existing.status == CertificateStatus.ISSUED.value and not completion.met and existing.flagged_at is None:
            existing.flagged_at = utcnow()
            existing.flag_reason = "; ".join(completion.missing)[:500]
            record(None, "certificate.flag", existing, serial=existing.serial, reason=existing.flag_reason)
        return existing
    if not completion.met or certifying_institution(enrolment.course) is None:
        return None
    try:
        return request_or_issue(enrolment, completion=completion).certificate
    except CertificateError:
        return None


def status(certificate: Certificate, now: datetime | None = None) -> str:
    """valid, revoked, replaced, expired or pending."""
    now = now or utcnow()
    if certificate.status == CertificateStatus.ISSUED.value:
        return "expired" if certificate.expires_at and certificate.expires_at <= now else "valid"
    return certificate.status


def verification(certificate: Certificate | None, now: datetime | None = None) -> dict:
    """What /verify shows (and its JSON): no personal data beyond the name, course, institutions and dates."""
    if certificate is None or certificate.status == CertificateStatus.PENDING.value:
        return {"status": "unknown"}
    snap = certificate.snapshot
    info = {
        "status": status(certificate, now),
        "serial": certificate.serial,
        "name": snap.get("name"),
        "course": snap.get("course", {}).get("title"),
        "hours": snap.get("course", {}).get("hours"),
        "objectives": [o["code"] for o in snap.get("objectives", [])],
        "institutions": [i["name"] for i in snap.get("institutions", [])],
        "issued_on": snap.get("issued_on"),
        "expires_on": snap.get("expires_on"),
        "sha256": certificate.pdf_sha256,
    }
    if certificate.status in (CertificateStatus.REVOKED.value, CertificateStatus.REPLACED.value):
        info["revoked_on"] = certificate.revoked_at.date().isoformat() if certificate.revoked_at else None
        info["reason"] = certificate.revoked_reason
    if certificate.status == CertificateStatus.REPLACED.value:
        newer = db.session.scalar(select(Certificate.serial).where(Certificate.replaces_id == certificate.id))
        info["replaced_by"] = newer
    return info


def credential_document(certificate: Certificate) -> str:
    return json.dumps(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": "EnvelopedVerifiableCredential",
            "id": f"data:application/vc+jwt,{certificate.credential_jwt}",
        },
        indent=2,
    )
