"""Certificates: completion rules, issue (automatic or approved), the frozen snapshot and stored PDF,
revocation and re-issue as statuses, flags after a regrade, idempotent bulk issue, verification states."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests import assessment_factories as af
from tests import course_factories as cf
from tests.helpers import fast_user
from training.assessments import attempts, marking
from training.audit.models import AuditLog
from training.certificates import bulk, rules, services
from training.certificates.models import Certificate, IssueJob
from training.certificates.serials import new_serial, normalise
from training.courses.progress import mark_complete
from training.db import utcnow
from training.institutions.models import Institution, Signatory
from training.storage import storage


@pytest.fixture
def setup(db_session):
    """A course certified by a ministry, two required modules, a required quiz; an enrolled trainee."""
    ministry = Institution(name="Ministry of the Environment", short_name="MOE", sector="government", country="JP")
    ministry.signatories.append(Signatory(name="Aiko Sato", title="Director-General", position=0))
    db_session.add(ministry)
    course = cf.course(db_session, modules=2, institutions=[(ministry, "certifying")], estimated_hours=Decimal("6"))
    quiz = af.assessment(course, [af.question(course, "true_false")], required=True, passing_score=Decimal(50))
    trainee = fast_user(db_session, name="山田 花子", country="JP")
    enrolment = cf.enrolment(db_session, trainee, course, "active")
    return course, quiz, trainee, enrolment, ministry


def completed_without_certificate(session, course, quiz, trainee, enrolment) -> None:
    """The trainee has met the rules but holds no certificate yet (as before bulk issue), committed."""
    course.certificate_mode = "approval"  # meeting the rules only requests one; it is then removed
    for module in course.modules:
        mark_complete(enrolment, module)
    pass_quiz(quiz, trainee)
    session.query(Certificate).delete()
    course.certificate_mode = "auto"
    session.commit()


def pass_quiz(quiz, trainee, right: bool = True):
    attempt = attempts.start(quiz, trainee, utcnow())
    attempts.save(attempt, {1: {"value": right}}, utcnow())
    attempts.submit(attempt, utcnow())
    return attempt


def test_the_rules_say_what_is_missing_until_they_are_met(db_session, setup):
    course, quiz, trainee, enrolment, _ = setup
    first = rules.evaluate(enrolment)
    assert not first.met and len(first.missing) == 3  # two modules and the quiz
    assert "Module 1" in first.missing[0] and quiz.title in first.missing[2]
    mark_complete(enrolment, course.modules[0])
    mark_complete(enrolment, course.modules[1])
    assert services.live_certificate(trainee.id, course.id) is None  # the quiz is still missing
    pass_quiz(quiz, trainee, right=False)
    assert rules.evaluate(enrolment).missing == [f"Pass the assessment “{quiz.title}”."]
    course.certificate_min_grade = Decimal(90)
    pass_quiz(quiz, trainee)  # passing triggers the check, and the certificate is issued
    certificate = services.live_certificate(trainee.id, course.id)
    assert certificate is not None and certificate.status == "issued"


def test_issue_freezes_a_snapshot_and_stores_the_pdf_with_its_hash(db_session, setup):
    course, quiz, trainee, enrolment, ministry = setup
    for module in course.modules:
        mark_complete(enrolment, module)
    pass_quiz(quiz, trainee)
    certificate = services.live_certificate(trainee.id, course.id)
    pdf = storage().get(certificate.pdf_key)
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    snap = certificate.snapshot
    assert (snap["name"], snap["name_lang"], snap["course"]["hours"]) == ("山田 花子", "ja", "6")
    assert snap["institutions"][0]["name"] == ministry.name
    assert snap["institutions"][0]["signatories"][0]["name"] == "Aiko Sato"
    assert certificate.credential_jwt.count(".") == 2
    trainee.name = "Yamada Hanako"  # a later profile change does not touch the issued certificate
    course.title = "Renamed"
    db_session.flush()
    assert services.verification(certificate)["name"] == "山田 花子"
    assert storage().get(certificate.pdf_key) == pdf
    actions = set(db_session.scalars(select(AuditLog.action).where(AuditLog.object_type == "certificates")))
    assert {"certificate.request", "certificate.issue"} <= actions


def test_approval_mode_waits_for_the_certifying_institution(db_session, setup):
    course, quiz, trainee, enrolment, ministry = setup
    course.certificate_mode = "approval"
    for module in course.modules:
        mark_complete(enrolment, module)
    pass_quiz(quiz, trainee)
    certificate = services.live_certificate(trainee.id, course.id)
    assert certificate.status == "pending" and certificate.pdf_key is None
    assert services.verification(certificate)["status"] == "unknown"  # nothing public before issue
    approver = fast_user(db_session, roles=("partner_admin",), institution_id=ministry.id)
    services.issue(approver, certificate)
    assert certificate.status == "issued" and certificate.issued_by_id == approver.id


def test_no_certificate_before_the_rules_are_met(db_session, setup):
    course, _, _, enrolment, _ = setup
    with pytest.raises(services.CertificateError, match="not met"):
        services.request_or_issue(enrolment)
    assert db_session.scalar(select(func.count()).select_from(Certificate)) == 0


@pytest.fixture
def issued(db_session, setup):
    course, quiz, trainee, enrolment, ministry = setup
    for module in course.modules:
        mark_complete(enrolment, module)
    pass_quiz(quiz, trainee)
    return services.live_certificate(trainee.id, course.id), setup


def test_revocation_is_a_status_with_a_reason_and_nothing_is_deleted(db_session, issued):
    certificate, (_, _, _, _, ministry) = issued
    admin = fast_user(db_session, roles=("admin",))
    with pytest.raises(services.CertificateError, match="reason"):
        services.revoke(admin, certificate, "  ")
    services.revoke(admin, certificate, "Issued by mistake")
    info = services.verification(certificate)
    assert (info["status"], info["reason"]) == ("revoked", "Issued by mistake")
    assert storage().get(certificate.pdf_key)  # the PDF is kept
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "certificate.revoke"))
    assert (audit.actor_id, audit.details["reason"]) == (admin.id, "Issued by mistake")


def test_reissue_links_the_old_certificate_to_the_new_one(db_session, issued):
    certificate, (_, _, trainee, _, _) = issued
    trainee.name = "山田 華子"  # a corrected name
    fresh = services.reissue(None, certificate, "Name corrected")
    assert (certificate.status, fresh.status, fresh.replaces_id) == ("replaced", "issued", certificate.id)
    assert fresh.snapshot["name"] == "山田 華子" and certificate.snapshot["name"] == "山田 花子"
    assert services.verification(certificate)["replaced_by"] == fresh.serial
    assert fresh.serial != certificate.serial


def test_a_regrade_that_breaks_the_rules_flags_the_issued_certificate(db_session, issued):
    certificate, (course, quiz, trainee, _, _) = issued
    question = quiz.items[0].question
    question.spec = {**question.spec, "answer": False}  # the key was wrong: True is now a wrong answer
    marking.regrade_question(None, question)
    assert certificate.status == "issued" and certificate.flagged_at is not None
    assert quiz.title in certificate.flag_reason


def test_expiry_and_the_verification_states(db_session, setup):
    course, quiz, trainee, enrolment, _ = setup
    course.certificate_valid_months = 12
    for module in course.modules:
        mark_complete(enrolment, module)
    pass_quiz(quiz, trainee)
    certificate = services.live_certificate(trainee.id, course.id)
    assert services.status(certificate) == "valid"
    assert services.status(certificate, certificate.expires_at + timedelta(seconds=1)) == "expired"
    assert certificate.expires_at.year == certificate.issued_at.year + 1
    assert services.verification(None) == {"status": "unknown"}


def test_bulk_issue_is_idempotent_and_reports_each_trainee(db_session, setup):
    course, quiz, first, enrolment, _ = setup
    for module in course.modules:
        mark_complete(enrolment, module)
    pass_quiz(quiz, first)
    unfinished = fast_user(db_session, name="Somchai Jaidee")
    cf.enrolment(db_session, unfinished, course, "active")
    job = IssueJob(course_id=course.id)
    db_session.add(job)
    db_session.flush()
    results = {r["user"]: r["status"] for r in bulk.run(job.id).results}
    assert results == {"山田 花子": "already issued", "Somchai Jaidee": "not complete: 3 step(s) missing"}
    described = [bulk.describe(row) for row in db_session.get(IssueJob, job.id).results]
    assert sorted(described) == ["Already issued", "Not complete: 3 steps missing"]
    again = IssueJob(course_id=course.id)
    db_session.add(again)
    db_session.flush()
    bulk.run(again.id)
    assert db_session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_one_failure_in_bulk_issue_does_not_stop_the_others(db_session, setup, monkeypatch):
    course, quiz, _, _, _ = setup
    people = [fast_user(db_session, name=name) for name in ("Ana Reyes", "Budi Santoso", "Chen Wei")]
    for person in people:
        enrolment = cf.enrolment(db_session, person, course, "active")
        for module in course.modules:
            mark_complete(enrolment, module)
    course.certificate_mode = "approval"  # so the quiz passes below only request certificates
    for person in people:
        pass_quiz(quiz, person)
    db_session.query(Certificate).delete()
    course.certificate_mode = "auto"
    original = services.request_or_issue

    def flaky(enrolment, actor=None, **kwargs):
        if enrolment.user.name == "Budi Santoso":
            raise RuntimeError("renderer exploded")
        return original(enrolment, actor, **kwargs)

    monkeypatch.setattr(services, "request_or_issue", flaky)
    job = IssueJob(course_id=course.id)
    db_session.add(job)
    db_session.flush()
    results = {r["user"]: r["status"] for r in bulk.run(job.id).results}
    assert results["Ana Reyes"] == results["Chen Wei"] == "issued"
    assert results["Budi Santoso"].startswith("failed: RuntimeError")


def test_serials_are_long_random_and_forgiving_to_type():
    serials = {new_serial() for _ in range(2000)}
    assert len(serials) == 2000
    serial = next(iter(serials))
    assert len(serial.replace("-", "")) == 20  # 100 bits in Crockford base32
    assert normalise(serial.lower().replace("-", " ")) == serial
    assert normalise(serial.replace("1", "I").replace("0", "O")) == serial
    for bad in ("", "ABCD", "../../etc/passwd", "U" * 20, serial + "X", "𝟘" * 20, None):
        assert normalise(bad) is None


def test_bulk_issue_runs_on_rq_when_redis_is_configured(app, db_session, setup):
    import os

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (CI sets it to the local Redis)")
    from redis import Redis
    from rq import Queue, SimpleWorker

    course, quiz, trainee, enrolment, _ = setup
    completed_without_certificate(db_session, course, quiz, trainee, enrolment)
    connection = Redis.from_url(url)
    name = f"{bulk.QUEUE}-test-{new_serial()}"  # its own queue: parallel test runs share the Redis server
    queue = Queue(name, connection=connection)
    app.config.update(REDIS_URL=url, JOBS_INLINE=False, JOBS_QUEUE=name)
    try:
        job = bulk.start(course, None)
        assert (job.status, len(queue)) == ("queued", 1)
        SimpleWorker([queue], connection=connection).work(burst=True)
    finally:
        app.config.update(REDIS_URL=None, JOBS_INLINE=True)
        queue.delete(delete_jobs=True)
    db_session.refresh(job)
    assert job.status == "done" and [r["status"] for r in job.results] == ["issued"]


def test_the_issue_certificates_command_prints_a_table_and_is_idempotent(app, db_session, setup):
    course, quiz, trainee, enrolment, _ = setup
    completed_without_certificate(db_session, course, quiz, trainee, enrolment)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["issue-certificates", course.slug])
    assert first.exit_code == 0, first.output
    serial = services.live_certificate(trainee.id, course.id).serial
    assert serial in first.output and "山田 花子" in first.output and "issued" in first.output
    second = runner.invoke(args=["issue-certificates", course.slug])
    assert "already issued" in second.output and serial in second.output
    assert db_session.scalar(select(func.count()).select_from(Certificate)) == 1
    missing = runner.invoke(args=["issue-certificates", "no-such-course"])
    assert missing.exit_code != 0 and "No course" in missing.output


def test_a_changed_secret_key_retires_the_old_signing_key_and_old_credentials_still_verify(app, db_session, issued):
    from training.certificates import credential, documents
    from training.certificates.models import InstitutionKey

    certificate, (_, _, trainee, _, _) = issued
    old_token = certificate.credential_jwt
    secret = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = secret + "-rotated"
    try:
        fresh = services.reissue(None, certificate, "Name corrected")
    finally:
        app.config["SECRET_KEY"] = secret
    keys = db_session.scalars(select(InstitutionKey).order_by(InstitutionKey.id)).all()
    assert len(keys) == 2 and keys[0].retired_at is not None and keys[1].retired_at is None
    published = documents.public_keys(certificate.institution_id)
    assert credential.verify(old_token, published)["credentialSubject"]
    assert credential.verify(fresh.credential_jwt, published)["credentialSubject"]


def test_a_revoked_certificate_is_not_issued_again_automatically(db_session, issued):
    certificate, (course, quiz, trainee, enrolment, _) = issued
    services.revoke(None, certificate, "Plagiarism")
    pass_quiz(quiz, trainee)  # a later grade change re-checks the rules: still no new certificate
    assert services.live_certificate(trainee.id, course.id) is None
    job = IssueJob(course_id=course.id)
    db_session.add(job)
    db_session.flush()
    (row,) = bulk.run(job.id).results
    assert "revoked" in row["status"] and row["serial"] == ""


def test_titles_in_the_missing_steps_are_escaped(client, db_session, setup):
    course, quiz, trainee, _, _ = setup
    course.modules[0].title = "<script>alert(1)</script>"
    quiz.title = "<b>Quiz</b>"
    db_session.commit()
    client.login(trainee)
    page = client.get(f"/courses/{course.slug}/completion").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Quiz</b>" not in page


def test_bulk_outcomes_are_shown_in_the_readers_language(app):
    """Rows are stored in English; the job page and its JSON describe them in the reader's language."""
    from flask_babel import force_locale

    rows = [
        {"status": "issued"},
        {"status": "not complete: 1 step(s) missing", "missing": 1},
        {"status": "not complete: 2 step(s) missing"},  # a row stored before ``missing`` existed
        {"status": "failed: OSError: disk full"},
    ]
    with app.test_request_context():
        assert [bulk.describe(r) for r in rows] == [
            "Issued",
            "Not complete: 1 step missing",
            "Not complete: 2 steps missing",
            "Failed: OSError: disk full",
        ]
        with force_locale("ja"):
            assert bulk.describe(rows[0]) == "発行済み"
            assert bulk.describe(rows[2]) == "未修了: 残り 2 項目"
