"""Institution management: create with a logo, serve it safely, edit, signatories, who may, and the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import SAFE_SVG, audit_rows, fast_user, location_path, new_browser, png_bytes, text, upload
from training.audit.models import AuditLog
from training.institutions.models import Institution, Signatory

NEW_INSTITUTION = {
    "name": "Kyoto Graduate School of Environmental Studies",
    "short_name": "KGSES",
    "sector": "academia",
    "country": "JP",
    "website": "https://example.org/kgses",
}


def file_exists(app, key: str) -> bool:
    return (app.extensions["storage"].root / key).is_file()


def assert_served_safely(response, content_type: str, data: bytes):
    assert response.status_code == 200
    assert response.mimetype == content_type
    assert response.data == data
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp
    assert "script-src" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_admin_creates_an_institution_with_a_png_logo(app, client, db_session):
    admin = fast_user(db_session, roles=("admin",))
    client.login(admin)
    assert client.get("/institutions/new").status_code == 200
    logo = png_bytes((48, 48))

    response = client.post("/institutions/new", {**NEW_INSTITUTION, "logo": upload(logo, "kgses.png")})

    assert response.status_code == 302
    institution = db_session.scalar(select(Institution).where(Institution.short_name == "KGSES"))
    assert location_path(response) == f"/institutions/{institution.id}/edit"
    assert (institution.name, institution.sector, institution.country, institution.website) == (
        NEW_INSTITUTION["name"],
        "academia",
        "JP",
        "https://example.org/kgses",
    )
    assert institution.logo_content_type == "image/png"
    assert institution.logo_key.endswith(".png") and file_exists(app, institution.logo_key)

    assert_served_safely(client.get(f"/institutions/{institution.id}/logo"), "image/png", logo)
    # The logo is public, like the institution's profile page that shows it.
    anonymous = new_browser(app)
    assert_served_safely(anonymous.get(f"/institutions/{institution.id}/logo"), "image/png", logo)
    profile = text(anonymous.get(f"/institutions/{institution.id}"))
    assert NEW_INSTITUTION["name"] in profile
    assert f'src="/institutions/{institution.id}/logo"' in profile

    [created] = audit_rows(db_session, "institution.created")
    assert (created.actor_id, created.object_type, created.object_id) == (admin.id, "institutions", institution.id)


def test_admin_creates_an_institution_with_an_svg_logo(app, client, db_session):
    client.login(fast_user(db_session, roles=("admin",)))
    response = client.post("/institutions/new", {**NEW_INSTITUTION, "logo": upload(SAFE_SVG, "logo.svg")})
    assert response.status_code == 302
    institution = db_session.scalar(select(Institution))
    assert institution.logo_content_type == "image/svg+xml"
    assert institution.logo_key.endswith(".svg")
    assert_served_safely(client.get(f"/institutions/{institution.id}/logo"), "image/svg+xml", SAFE_SVG)


def test_an_institution_without_a_logo_has_no_logo_to_serve(client, make):
    institution = make.institution()
    assert client.get(f"/institutions/{institution.id}/logo").status_code == 404
    assert client.get(f"/institutions/{institution.id + 1000}").status_code == 404


def test_partner_admin_edits_their_institution_and_replaces_then_removes_the_logo(app, client, db_session, make):
    institution = make.institution(name="Pollution Control Department", short_name="PCD", country="TH")
    partner = fast_user(db_session, roles=("partner_admin",), institution_id=institution.id)
    client.login(partner)
    page = client.get(f"/institutions/{institution.id}/edit")
    assert page.status_code == 200
    assert "Pollution Control Department" in text(page)
    form = {
        "name": "Pollution Control Department, Thailand",
        "short_name": "PCD-TH",
        "sector": "government",
        "country": "TH",
        "website": "https://example.org/pcd",
    }

    first = client.post(f"/institutions/{institution.id}/edit", {**form, "logo": upload(png_bytes(), "a.png")})
    assert first.status_code == 302
    db_session.refresh(institution)
    first_key = institution.logo_key
    assert (institution.name, institution.short_name, institution.website) == (
        "Pollution Control Department, Thailand",
        "PCD-TH",
        "https://example.org/pcd",
    )

    second_logo = png_bytes((16, 16), (200, 0, 0))
    assert (
        client.post(f"/institutions/{institution.id}/edit", {**form, "logo": upload(second_logo, "b.png")}).status_code
        == 302
    )
    db_session.refresh(institution)
    assert institution.logo_key != first_key
    assert not file_exists(app, first_key), "the replaced logo's file is deleted"
    assert client.get(f"/institutions/{institution.id}/logo").data == second_logo

    second_key = institution.logo_key
    assert client.post(f"/institutions/{institution.id}/edit", {**form, "remove_logo": "y"}).status_code == 302
    db_session.refresh(institution)
    assert institution.logo_key is None and institution.logo_content_type is None
    assert not file_exists(app, second_key)
    assert client.get(f"/institutions/{institution.id}/logo").status_code == 404

    updates = audit_rows(db_session, "institution.updated")
    assert len(updates) == 3
    assert {row.actor_id for row in updates} == {partner.id}
    assert {row.object_id for row in updates} == {institution.id}


def test_partner_admin_adds_edits_and_deletes_a_signatory_with_a_signature(app, client, db_session, make):
    institution = make.institution(name="Thai Environmental Institute", short_name="TEI", country="TH")
    partner = fast_user(db_session, roles=("partner_admin",), institution_id=institution.id)
    client.login(partner)
    base = f"/institutions/{institution.id}/signatories"
    signature = png_bytes((60, 20), (10, 10, 10))

    assert client.get(f"{base}/new").status_code == 200
    added = client.post(
        f"{base}/new",
        {"name": "สุนีย์ วงศ์สวัสดิ์", "title": "Executive Director", "signature": upload(signature, "signature.png")},
    )
    assert added.status_code == 302
    assert location_path(added) == f"/institutions/{institution.id}/edit"
    signatory = db_session.scalar(select(Signatory).where(Signatory.institution_id == institution.id))
    assert (signatory.name, signatory.title, signatory.position) == ("สุนีย์ วงศ์สวัสดิ์", "Executive Director", 0)
    assert signatory.signature_content_type == "image/png" and file_exists(app, signatory.signature_key)
    assert_served_safely(client.get(f"{base}/{signatory.id}/signature"), "image/png", signature)
    edit_page = text(client.get(f"/institutions/{institution.id}/edit"))
    assert "สุนีย์ วงศ์สวัสดิ์" in edit_page
    assert f'action="{base}/{signatory.id}/delete"' in edit_page

    # A second one goes after the first; editing the first without a new image keeps its image.
    assert client.post(f"{base}/new", {"name": "Somchai Jaidee", "title": "Deputy Director"}).status_code == 302
    second = db_session.scalar(select(Signatory).where(Signatory.name == "Somchai Jaidee"))
    assert second.position == 1 and second.signature_key is None
    key = signatory.signature_key
    assert client.post(f"{base}/{signatory.id}", {"name": "Sunee Wongsawat", "title": "Director"}).status_code == 302
    db_session.refresh(signatory)
    assert (signatory.name, signatory.title, signatory.signature_key) == ("Sunee Wongsawat", "Director", key)

    deleted = client.post(f"{base}/{signatory.id}/delete")
    assert deleted.status_code == 302
    assert db_session.get(Signatory, signatory.id) is None
    assert not file_exists(app, key), "the signature image goes with the signatory"
    assert client.get(f"{base}/{signatory.id}/signature").status_code == 404

    saved = audit_rows(db_session, "signatory.saved")
    assert [row.details["name"] for row in saved] == ["สุนีย์ วงศ์สวัสดิ์", "Somchai Jaidee", "Sunee Wongsawat"]
    assert {row.actor_id for row in saved} == {partner.id}
    [removed] = audit_rows(db_session, "signatory.deleted")
    assert (removed.actor_id, removed.object_id) == (partner.id, signatory.id)
    assert removed.details == {"institution_id": institution.id, "name": "Sunee Wongsawat"}


def test_partner_admin_of_another_institution_gets_404_and_changes_nothing(app, client, db_session, make):
    institution = make.institution(name="Universiti Alam Sekitar Malaysia", short_name="UASM", country="MY")
    elsewhere = make.institution(name="Hanbit Eco-Materials", short_name="Hanbit", country="KR")
    signatory = Signatory(
        institution=institution,
        name="Ahmad Zulkifli",
        title="Vice-Chancellor",
        position=0,
        signature_key=app.extensions["storage"].put(png_bytes(), prefix="signature", extension="png"),
        signature_content_type="image/png",
    )
    db_session.add(signatory)
    db_session.flush()
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=elsewhere.id))
    form = {**NEW_INSTITUTION, "name": "Taken over"}
    base = f"/institutions/{institution.id}"

    answers = [
        client.get(f"{base}/edit"),
        client.post(f"{base}/edit", form),
        client.get(f"{base}/signatories/new"),
        client.post(f"{base}/signatories/new", {"name": "Intruder", "title": "None"}),
        client.get(f"{base}/signatories/{signatory.id}"),
        client.post(f"{base}/signatories/{signatory.id}", {"name": "Intruder", "title": "None"}),
        client.post(f"{base}/signatories/{signatory.id}/delete"),
        client.get(f"{base}/signatories/{signatory.id}/signature"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    db_session.refresh(institution)
    db_session.refresh(signatory)
    assert institution.name == "Universiti Alam Sekitar Malaysia"
    assert signatory.name == "Ahmad Zulkifli"
    assert db_session.scalars(select(AuditLog)).all() == []
    # What they may see: the public profile, and their own institution in the list.
    assert client.get(base).status_code == 200
    listing = text(client.get("/institutions/"))
    assert "Hanbit Eco-Materials" in listing and "Universiti Alam Sekitar Malaysia" not in listing


def test_institution_edit_page_links_only_what_the_user_may_use(client, db_session, make):
    institution = make.institution()
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=institution.id))
    page = text(client.get(f"/institutions/{institution.id}"))
    assert f'href="/institutions/{institution.id}/edit"' in page
    dashboard = text(client.get("/dashboard"))
    assert 'href="/institutions/"' in dashboard
    assert 'href="/admin/users"' not in dashboard
    assert client.get("/institutions/new").status_code == 404
