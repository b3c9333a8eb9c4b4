"""Verification over HTTP, as an employer would do it with no account: every state on /verify/<serial> and
its JSON, the PDF check (authentic, tampered, not a PDF, too large), forged serials; and, as software would:
the PDF's embedded credential, checked against the institution's published keys with an independent library."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from joserfc import jws
from joserfc.jwk import KeySet
from pypdf import PdfReader

from tests import course_factories as cf
from tests.helpers import fast_user, post_multipart_in_memory, text
from training.certificates import services
from training.certificates.serials import new_serial
from training.courses.progress import mark_complete
from training.institutions.models import Institution, Signatory
from training.storage import storage

# joserfc flags the "EdDSA" algorithm name as deprecated in favour of "Ed25519" (RFC 9864); both name Ed25519.
pytestmark = pytest.mark.filterwarnings("ignore::joserfc.errors.SecurityWarning")


@pytest.fixture
def certificate(db_session):
    ministry = Institution(name="กรมควบคุมมลพิษ", short_name="PCD", sector="government", country="TH")
    ministry.signatories.append(Signatory(name="Somsak Dee", title="Director-General", position=0))
    db_session.add(ministry)
    course = cf.course(db_session, modules=1, institutions=[(ministry, "certifying")], estimated_hours=Decimal("8"))
    trainee = fast_user(db_session, name="สมชาย ใจดี", country="TH")
    enrolment = cf.enrolment(db_session, trainee, course, "active")
    mark_complete(enrolment, course.modules[0])  # no assessments: completing the module meets the rules
    issued = services.live_certificate(trainee.id, course.id)
    db_session.commit()
    assert issued is not None and issued.status == "issued"
    return issued


def upload(client, serial: str, data: bytes, name: str = "certificate.pdf"):
    return post_multipart_in_memory(client, f"/verify/{serial}", {"file": (io.BytesIO(data), name)})


def test_a_valid_certificate_verifies_with_no_account(client, certificate):
    page = client.get(f"/verify/{certificate.serial}")
    assert page.status_code == 200 and "Valid" in text(page) and "สมชาย ใจดี" in text(page)
    info = client.get(f"/verify/{certificate.serial}.json").json
    assert (info["status"], info["name"], info["hours"]) == ("valid", "สมชาย ใจดี", "8")
    assert "email" not in json.dumps(info)  # no personal data beyond name, course, institutions and dates
    typed = certificate.serial.lower().replace("-", " ")
    assert client.get("/verify", query_string={"serial": typed}).headers["Location"].endswith(certificate.serial)


def test_the_pdf_check_tells_authentic_from_tampered(client, certificate):
    original = storage().get(certificate.pdf_key)
    assert "Authentic" in text(upload(client, certificate.serial, original))
    tampered = original.replace(b"/Title", b"/Titel", 1) if b"/Title" in original else original + b"%"
    response = upload(client, certificate.serial, tampered)
    assert response.status_code == 200 and "Not authentic" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"GIF89a not a pdf", "not a PDF"), (b"", "Choose the PDF"), (b"%PDF-" + b"0" * (5 * 1024 * 1024), "larger")],
    ids=["not a PDF", "empty", "too large"],
)
def test_a_bad_upload_is_refused_with_a_reason(client, certificate, data, message):
    response = upload(client, certificate.serial, data)
    assert response.status_code in (400, 413) and (message in text(response) or response.status_code == 413)


def test_revoked_replaced_expired_and_unknown_states(client, db_session, certificate):
    services.revoke(None, certificate, "Plagiarised essay")
    db_session.commit()
    info = client.get(f"/verify/{certificate.serial}.json").json
    assert (info["status"], info["reason"]) == ("revoked", "Plagiarised essay")
    assert "Plagiarised essay" in text(client.get(f"/verify/{certificate.serial}"))
    certificate.status, certificate.revoked_reason, certificate.revoked_at = "issued", None, None
    db_session.flush()
    fresh = services.reissue(None, certificate, "Name corrected")
    db_session.commit()
    old = client.get(f"/verify/{certificate.serial}.json").json
    assert (old["status"], old["replaced_by"]) == ("replaced", fresh.serial)
    fresh.expires_at = fresh.issued_at + timedelta(days=1)
    fresh.issued_at -= timedelta(days=800)
    fresh.expires_at -= timedelta(days=700)
    db_session.commit()
    assert client.get(f"/verify/{fresh.serial}.json").json["status"] == "expired"
    unknown = client.get(f"/verify/{new_serial()}.json")
    assert unknown.status_code == 404 and unknown.json == {"status": "unknown"}


@pytest.mark.parametrize("serial", ["../../etc/passwd", "A" * 500, "' OR 1=1 --", "%00", "ZZZZ"])
def test_a_forged_serial_is_simply_unknown(client, certificate, serial):
    assert client.get(f"/verify/{serial}").status_code == 404
    response = client.get("/verify", query_string={"serial": serial})
    assert response.status_code == 400 and "20 letters and digits" in text(response)


def test_the_embedded_credential_verifies_with_the_published_keys(client, certificate):
    reader = PdfReader(io.BytesIO(storage().get(certificate.pdf_key)))
    (attached,) = reader.attachments["credential.json"]
    envelope = json.loads(attached)
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    token = envelope["id"].removeprefix("data:application/vc+jwt,")
    assert token == certificate.credential_jwt
    keys = client.get(f"/institutions/{certificate.institution_id}/keys.json").json
    keyset = KeySet.import_key_set(keys)
    verified = jws.deserialize_compact(token, keyset, algorithms=["EdDSA"])
    credential = json.loads(verified.payload)
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "สมชาย ใจดี"
    assert [a["targetCode"] for a in credential["credentialSubject"]["achievement"]["alignment"]] == ["low-carbon"]
    assert credential["credentialStatus"]["id"].endswith(f"/institutions/{certificate.institution_id}/revocations.json")
    forged = token.split(".")
    forged[1] = forged[1][:-2] + ("AA" if not forged[1].endswith("AA") else "BB")
    with pytest.raises(Exception):  # noqa: B017 - joserfc raises its own BadSignatureError family
        jws.deserialize_compact(".".join(forged), keyset, algorithms=["EdDSA"])


def test_the_revocation_list_names_revoked_certificates(client, db_session, certificate):
    services.revoke(None, certificate, "Withdrawn by the ministry")
    db_session.commit()
    listing = client.get(f"/institutions/{certificate.institution_id}/revocations.json").json
    assert [entry["id"].rsplit("/", 1)[-1] for entry in listing["revokedCredentials"]] == [f"{certificate.serial}.json"]


def test_the_trainee_downloads_their_pdf_and_credential_and_nobody_elses(client, db_session, certificate):
    client.login(certificate.user)
    pdf = client.get(f"/certificates/{certificate.serial}.pdf")
    assert pdf.status_code == 200 and pdf.data == storage().get(certificate.pdf_key)
    assert client.get(f"/certificates/{certificate.serial}/credential.jwt").data.decode() == certificate.credential_jwt
    completion = client.get(f"/courses/{certificate.course.slug}/completion")
    assert certificate.serial in text(completion)
    client.logout()
    client.login(fast_user(db_session, name="Another Trainee"))
    assert client.get(f"/certificates/{certificate.serial}.pdf").status_code == 404
