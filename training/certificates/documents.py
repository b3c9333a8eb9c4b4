"""From a certificate's frozen snapshot to its two documents: the signed Open Badges credential and the PDF."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import select

from training.certificates import credential
from training.certificates.models import Certificate, CertificateTemplate, InstitutionKey
from training.db import utcnow
from training.extensions import db
from training.storage import storage

if TYPE_CHECKING:
    from training.certificates import render

DEFAULT_WORDING = "This certifies that {name} has completed the course {course} ({hours} hours)."


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def signing_key(institution_id: int) -> InstitutionKey:
    """The institution's current Ed25519 key, made on first use."""
    key = db.session.scalar(
        select(InstitutionKey)
        .where(InstitutionKey.institution_id == institution_id, InstitutionKey.retired_at.is_(None))
        .order_by(InstitutionKey.id.desc())
    )
    if key is None:
        private_pem, public_jwk = credential.generate_key()
        key = InstitutionKey(
            institution_id=institution_id,
            kid=public_jwk["kid"],
            public_jwk=public_jwk,
            private_key=credential.encrypt_private_key(private_pem, _secret()),
        )
        db.session.add(key)
        db.session.flush()
    return key


def public_keys(institution_id: int) -> dict:
    keys = db.session.scalars(select(InstitutionKey).where(InstitutionKey.institution_id == institution_id))
    return credential.jwks([k.public_jwk for k in keys])


def signed_credential(certificate: Certificate) -> str:
    from training.certificates.services import public_url

    snap = certificate.snapshot
    institution = certificate.institution
    issuer = {
        "id": public_url("certificates.issuer_profile", institution_id=institution.id),
        "name": institution.name,
        "url": institution.website or None,
        "image": public_url("institutions.logo", institution_id=institution.id) if institution.logo_key else None,
    }
    course = snap["course"]
    body = credential.build_credential(
        credential_id=public_url("certificates.verify_json", serial=certificate.serial),
        issued_at=certificate.issued_at,
        expires_at=certificate.expires_at,
        name=snap["name"],
        course_title=course["title"],
        course_description=course.get("summary") or course["title"],
        course_url=public_url("courses.show", slug=course["slug"]),
        hours=course["hours"],
        objectives=[(o["code"], o["title"], public_url("objectives.show", code=o["code"])) for o in snap["objectives"]],
        issuer=issuer,
        achievement_id=public_url("courses.show", slug=course["slug"]) + "#achievement",
        status_list_url=public_url("certificates.revocation_list", institution_id=institution.id),
        serial=certificate.serial,
    )
    key = signing_key(institution.id)
    try:
        private_pem = credential.decrypt_private_key(key.private_key, _secret())
    except credential.CredentialError:
        # SECRET_KEY changed: this key can no longer sign. Retire it (its public half stays published, so
        # what it signed still verifies) and sign with a new one.
        key.retired_at = utcnow()
        db.session.flush()
        key = signing_key(institution.id)
        private_pem = credential.decrypt_private_key(key.private_key, _secret())
    return credential.sign(body, private_pem, key.kid)


def _file(key: str | None) -> bytes | None:
    if not key:
        return None
    try:
        return storage().get(key)
    except (FileNotFoundError, ValueError):
        return None


def design_for(institution_id: int) -> render.Design:
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn

    template = db.session.scalar(
        select(CertificateTemplate).where(CertificateTemplate.institution_id == institution_id)
    )
    if template is None:
        return render.Design(wording=DEFAULT_WORDING)
    return design_of(template)


def design_of(template: CertificateTemplate) -> render.Design:
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn

    return render.Design(
        layout=template.layout,
        primary=template.primary_colour,
        accent=template.accent_colour,
        heading=template.heading,
        wording=template.wording or DEFAULT_WORDING,
        local_language=template.local_language or None,
        local_heading=template.local_heading,
        local_wording=template.local_wording,
    )


def document(
    snap: dict, *, serial: str, verify_url: str, design: render.Design, status_note=None
) -> render.CertificateDoc:
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn

    parties = tuple(
        render.PartyDoc(
            name=p["name"],
            short_name=p.get("short_name", ""),
            country=p.get("country", ""),
            role=p.get("role", "certifying"),
            logo=_file(p.get("logo_key")),
            logo_type=p.get("logo_type"),
            signatories=tuple(
                render.SignatoryDoc(
                    name=s["name"],
                    title=s["title"],
                    signature=_file(s.get("signature_key")),
                    signature_type=s.get("signature_type"),
                )
                for s in p.get("signatories", [])
            ),
        )
        for p in snap["institutions"]
    )
    return render.CertificateDoc(
        serial=serial,
        name=snap["name"],
        name_lang=snap.get("name_lang"),
        course_title=snap["course"]["title"],
        hours=snap["course"]["hours"],
        objectives=tuple(o["title"] for o in snap["objectives"]),
        issued_on=date.fromisoformat(snap["issued_on"]),
        expires_on=date.fromisoformat(snap["expires_on"]) if snap.get("expires_on") else None,
        verify_url=verify_url,
        parties=parties,
        design=design,
        status_note=status_note,
    )


def pdf(certificate: Certificate) -> bytes:
    from training.certificates import render  # WeasyPrint loads when a certificate is drawn
    from training.certificates.services import credential_document, public_url

    doc = document(
        certificate.snapshot,
        serial=certificate.serial,
        verify_url=public_url("certificates.verify", serial=certificate.serial),
        design=design_for(certificate.institution_id),
    )
    return render.render_pdf(doc, credential_json=credential_document(certificate).encode())


def sample_snapshot(institution) -> dict:
    """Sample data for a template's live preview."""
    return {
        "name": "Nguyễn Thị Lan",
        "course": {"title": "Municipal solid waste and the 3Rs", "hours": "12", "slug": "sample"},
        "objectives": [{"code": "material-cycle", "title": "Sound material-cycle society"}],
        "institutions": [
            {
                "name": institution.name,
                "short_name": institution.short_name,
                "country": institution.country,
                "logo_key": institution.logo_key,
                "logo_type": institution.logo_content_type,
                "signatories": [
                    {
                        "name": s.name,
                        "title": s.title,
                        "signature_key": s.signature_key,
                        "signature_type": s.signature_content_type,
                    }
                    for s in institution.signatories
                ],
            }
        ],
        "issued_on": date.today().isoformat(),
        "expires_on": None,
    }


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
