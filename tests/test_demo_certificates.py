"""The demo certificates: every state a certificate can be in, names in seven scripts, signatures and a template."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from tests.helpers import count_rows
from training.audit.models import AuditLog
from training.auth.models import User
from training.certificates import rules, services
from training.certificates.models import Certificate, CertificateTemplate
from training.courses.models import Course, Enrolment
from training.db import utcnow
from training.institutions.models import Institution, Signatory
from training.main import demo
from training.main.demo import INSTITUTIONS, seed_demo
from training.main.demo_certificates import CORRECTIONS, TEMPLATE, TEMPLATE_INSTITUTION, signature_svg
from training.storage import storage
from training.uploads import sanitise_svg

SCRIPTS = {
    "Japanese": re.compile(r"[\u3040-\u30ff]"),  # kana tells Japanese apart from Chinese
    "Chinese": re.compile(r"^[\u4e00-\u9fff\s]+$"),
    "Korean": re.compile(r"[\uac00-\ud7af]"),
    "Thai": re.compile(r"[\u0e00-\u0e7f]"),
    "Vietnamese": re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]"),
    "Devanagari": re.compile(r"[\u0900-\u097f]"),
    "Arabic": re.compile(r"[\u0600-\u06ff]"),
}


def _all(db_session) -> list[Certificate]:
    return db_session.scalars(select(Certificate).order_by(Certificate.id)).all()


def _enrolment(db_session, certificate: Certificate) -> Enrolment:
    return db_session.scalar(
        select(Enrolment).where(Enrolment.user_id == certificate.user_id, Enrolment.course_id == certificate.course_id)
    )


def test_certificates_in_every_state(seeded, db_session):
    now = utcnow()
    certificates = _all(db_session)
    states = Counter(services.status(c, now) for c in certificates)
    assert set(states) == {"valid", "expired", "revoked", "replaced", "pending"}, states
    assert states["valid"] >= 10

    for certificate in certificates:  # every certificate was earned under the course's real rules
        assert rules.evaluate(_enrolment(db_session, certificate)).met, certificate.serial
        assert certificate.requested_at <= now
        if certificate.issued_at:
            assert certificate.requested_at <= certificate.issued_at <= now
            assert certificate.snapshot["issued_on"] == certificate.issued_at.date().isoformat()

    (revoked,) = [c for c in certificates if c.status == "revoked"]
    actor = db_session.get(User, revoked.revoked_by_id)
    assert actor.has_role("admin") or (
        actor.has_role("partner_admin") and actor.institution_id == revoked.institution_id
    ), "revoked by the certifying institution or an administrator"
    assert len(revoked.revoked_reason) > 80 and revoked.issued_at < revoked.revoked_at < now
    shown = services.verification(revoked)
    assert shown["status"] == "revoked" and shown["reason"] == revoked.revoked_reason

    expired = [c for c in certificates if services.status(c, now) == "expired"]
    for certificate in expired:
        months = certificate.course.certificate_valid_months
        assert months and certificate.expires_at == services.add_months(certificate.issued_at, months)
        assert certificate.expires_at < now and certificate.snapshot["expires_on"] < now.date().isoformat()
        assert certificate.course.status == "archived"
    assert services.verification(expired[0])["status"] == "expired"

    (old,) = [c for c in certificates if c.status == "replaced"]
    new = db_session.scalar(select(Certificate).where(Certificate.replaces_id == old.id))
    assert new.status == "issued" and new.user_id == old.user_id and new.course_id == old.course_id
    assert old.current_name != new.current_name == new.user.name
    assert old.revoked_at == new.issued_at and old.current_name in old.revoked_reason
    assert services.verification(old)["replaced_by"] == new.serial
    correction = next(c for c in CORRECTIONS if c.email == new.user.email)
    assert old.current_name == correction.registered_as

    pending = [c for c in certificates if c.status == "pending"]
    assert pending
    for certificate in pending:
        assert certificate.course.certificate_mode == "approval"
        assert certificate.issued_at is None and certificate.pdf_key is None and certificate.credential_jwt is None
        assert services.verification(certificate) == {"status": "unknown"}
    approved = [c for c in certificates if c.course.certificate_mode == "approval" and c.status == "issued"]
    assert approved and all(c.issued_by_id and c.issued_at > c.requested_at for c in approved)
    actions = set(db_session.scalars(select(AuditLog.action).where(AuditLog.action.like("certificate.%"))))
    assert {"certificate.request", "certificate.issue", "certificate.revoke", "certificate.reissue"} <= actions


def test_valid_certificates_carry_names_in_seven_scripts(seeded, db_session):
    names = [c.current_name for c in _all(db_session) if services.status(c) == "valid"]
    for script, pattern in SCRIPTS.items():
        assert any(pattern.search(name) for name in names), f"no valid certificate for a name in {script} script"
    arabic = next(c for c in _all(db_session) if SCRIPTS["Arabic"].search(c.current_name))
    korean = next(c for c in _all(db_session) if SCRIPTS["Korean"].search(c.current_name))
    assert korean.snapshot["name_lang"] == "ko" and arabic.snapshot["name_lang"] is None


def test_certificates_are_dated_when_they_were_earned(seeded, db_session):
    now = utcnow()
    issued = [c for c in _all(db_session) if c.issued_at]
    assert len({c.issued_at.date() for c in issued}) >= 4, "not all issued on the day of seeding"
    for certificate in issued:
        if certificate.course.certificate_mode == "auto" and certificate.replaces_id is None:
            enrolment = _enrolment(db_session, certificate)
            assert abs(certificate.issued_at - enrolment.completed_at) < timedelta(seconds=1), certificate.serial
    assert any(c.issued_at < now - timedelta(days=365) for c in issued)


def test_every_stored_pdf_matches_its_sha256(seeded, db_session):
    with_pdf = [c for c in _all(db_session) if c.status != "pending"]
    assert len(with_pdf) >= 15
    for certificate in with_pdf:
        data = storage().get(certificate.pdf_key)
        assert data.startswith(b"%PDF-") and len(data) == certificate.pdf_size
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256, certificate.serial
        assert certificate.credential_jwt.count(".") == 2


def test_signatures_and_a_bilingual_template_before_the_first_certificate(seeded, db_session):
    signatories = db_session.scalars(select(Signatory)).all()
    assert len(signatories) == sum(len(spec.signatories) for spec in INSTITUTIONS)
    images = set()
    for signatory in signatories:
        assert signatory.signature_content_type == "image/svg+xml"
        data = storage().get(signatory.signature_key)
        assert sanitise_svg(data) == data and b"<path" in data and data == signature_svg(signatory.name)
        images.add(data)
    assert len(images) == len(signatories), "each name signs differently"

    for certificate in _all(db_session):
        for party in certificate.snapshot["institutions"]:
            assert all(s["signature_key"] and s["signature_type"] for s in party["signatories"]), certificate.serial

    ministry = db_session.scalar(select(Institution).where(Institution.short_name == TEMPLATE_INSTITUTION))
    template = db_session.scalar(select(CertificateTemplate).where(CertificateTemplate.institution_id == ministry.id))
    assert template.layout == "modern"  # not the default, classic
    assert template.local_language == "ja" and template.local_wording == TEMPLATE["local_wording"]
    assert any(c.institution_id == ministry.id and services.status(c) == "valid" for c in _all(db_session))


def test_seeding_twice_adds_no_certificate(seeded, db_session):
    before = [(c.id, c.status, c.pdf_sha256, c.revoked_at) for c in _all(db_session)]
    keys = sorted(db_session.scalars(select(Signatory.signature_key)))
    audit = count_rows(AuditLog)
    assert f"added {len(before)} certificates, {len(keys)} signatures and 1 certificate template" in seeded

    again = seed_demo()

    assert [(c.id, c.status, c.pdf_sha256, c.revoked_at) for c in _all(db_session)] == before
    assert sorted(db_session.scalars(select(Signatory.signature_key))) == keys
    assert count_rows(CertificateTemplate) == 1 and count_rows(AuditLog) == audit
    assert "added 0 certificates, 0 signatures and 0 certificate templates" in again


def test_a_demo_seeded_before_certificates_gets_them(db_session, fast_hashes, monkeypatch):
    """An older demo (its courses award certificates, none issued yet) gains them on the next seeding, dated when
    they were earned, with the revocation and the re-issue."""

    def older(created, counts):
        for course in created:
            course.certificate_mode = "auto"  # what the migration gave the courses of an older demo

    with monkeypatch.context() as patch:
        patch.setattr(demo, "seed_certificates", older)
        seed_demo()
    assert count_rows(Certificate) == 0
    assert {c.certificate_mode for c in db_session.scalars(select(Course))} == {"auto"}

    summary = seed_demo()

    states = Counter(services.status(c) for c in _all(db_session))
    assert {"valid", "expired", "revoked", "replaced"} <= set(states)
    assert f"added {count_rows(Certificate)} certificates" in summary
    assert all(name not in {c.registered_as for c in CORRECTIONS} for name in db_session.scalars(select(User.name)))
