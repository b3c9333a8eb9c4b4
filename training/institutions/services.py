"""Institution rules: create, update, logos and signatories."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from training.audit.services import record
from training.extensions import db
from training.institutions.models import Institution, Signatory
from training.storage import storage
from training.uploads import check_image


class DuplicateNameError(ValueError):
    pass


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    stmt = select(Institution.id).where(func.lower(Institution.name) == name.lower())
    if exclude_id is not None:
        stmt = stmt.where(Institution.id != exclude_id)
    return db.session.scalar(stmt) is not None


def _store_image(data: bytes, prefix: str) -> tuple[str, str]:
    image = check_image(data, current_app.config["UPLOAD_IMAGE_MAX_BYTES"])
    return storage().put(image.data, prefix=prefix, extension=image.extension), image.content_type


def save_institution(
    actor,
    institution: Institution | None,
    *,
    name: str,
    short_name: str,
    sector: str,
    country: str,
    website: str | None,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> tuple[Institution, str | None]:
    """Create or update; raises UploadError or DuplicateNameError before anything changes."""
    if _name_taken(name, institution.id if institution else None):
        raise DuplicateNameError(name)
    # None: no file chosen. b"": a chosen file that is empty, which check_image refuses.
    new_logo = _store_image(logo, "logo") if logo is not None else None
    creating = institution is None
    if creating:
        institution = Institution()
        db.session.add(institution)
    institution.name, institution.short_name = name, short_name
    institution.sector, institution.country, institution.website = sector, country, website or None
    old_key = None
    if new_logo or remove_logo:
        old_key = institution.logo_key
        institution.logo_key, institution.logo_content_type = new_logo if new_logo else (None, None)
    db.session.flush()
    record(actor, "institution.created" if creating else "institution.updated", institution, name=name)
    return institution, old_key


def save_signatory(
    actor,
    institution: Institution,
    signatory: Signatory | None,
    *,
    name: str,
    title: str,
    signature: bytes | None = None,
):
    new_image = _store_image(signature, "signature") if signature is not None else None
    if signatory is None:
        position = max((s.position for s in institution.signatories), default=-1) + 1
        signatory = Signatory(institution=institution, position=position)
        db.session.add(signatory)
    signatory.name, signatory.title = name, title
    old_key = None
    if new_image:
        old_key = signatory.signature_key
        signatory.signature_key, signatory.signature_content_type = new_image
    db.session.flush()
    record(actor, "signatory.saved", signatory, institution_id=institution.id, name=name)
    return signatory, old_key


def delete_signatory(actor, signatory: Signatory) -> str | None:
    key = signatory.signature_key
    record(actor, "signatory.deleted", signatory, institution_id=signatory.institution_id, name=signatory.name)
    db.session.delete(signatory)
    return key


def discard_file(key: str | None) -> None:
    """Called after the commit, so a rolled-back change never loses the file it still points to."""
    storage().delete(key)
