"""Demo data for ``make run`` and ``flask --app wsgi seed-demo``: partner institutions, people of every role, courses.

Everything is looked up before it is created (users by email, institutions by name, signatories by name
within their institution, courses by slug), so running :func:`seed_demo` again adds nothing. The names are
fictional; each institution carries "(demo)" so nobody mistakes it for the real body it resembles. The courses,
with their modules, enrolments and progress, are in :mod:`training.main.demo_courses`; their question banks,
assessments and attempts in :mod:`training.main.demo_assessments`; the signatures, a certificate template and the
certificates in :mod:`training.main.demo_certificates`.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from sqlalchemy import func, select

from training.auth.models import Role
from training.auth.services import create_user, find_user
from training.extensions import db
from training.institutions.models import Institution, Sector, Signatory
from training.main.demo_assessments import seed_assessments
from training.main.demo_certificates import seed_certificates, seed_template, signature_svg
from training.main.demo_courses import COURSES, seed_courses
from training.storage import storage
from training.uploads import sanitise_svg

# One shared password, so the demo logins fit on one line; it passes the password policy.
DEMO_PASSWORD = "CleanAsia-2026!"  # noqa: S105 - a published demo password, not a secret


@dataclass(frozen=True)
class DemoInstitution:
    short_name: str  # also the key the demo users refer to
    name: str
    sector: Sector
    country: str
    website: str
    signatories: tuple[tuple[str, str], ...]  # (name, title), in the order they sign


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    roles: frozenset[str]
    country: str
    timezone: str
    institution: str | None  # a DemoInstitution's short_name
    locale: str = "en"


def _user(email, name, roles, country, timezone, institution=None, locale="en") -> DemoUser:
    return DemoUser(email, name, frozenset(r.value for r in roles), country, timezone, institution, locale)


TRAINEE, INSTRUCTOR, PARTNER, ADMIN = Role.TRAINEE, Role.INSTRUCTOR, Role.PARTNER_ADMIN, Role.ADMIN
GOV, IND, ACA, CIV, INT = (
    Sector.GOVERNMENT,
    Sector.INDUSTRY,
    Sector.ACADEMIA,
    Sector.CIVIL_SOCIETY,
    Sector.INTERNATIONAL,
)

# fmt: off
INSTITUTIONS: tuple[DemoInstitution, ...] = (
    DemoInstitution("MOEJ", "Ministry of the Environment, Japan (demo)", GOV, "JP", "https://example.org/moej",
                    (("佐藤 健一", "Director-General, Global Environment Bureau"),
                     ("Naoko Ishii", "Director, International Cooperation Office"))),
    DemoInstitution("PCD", "Pollution Control Department (demo), Thailand", GOV, "TH",
                    "https://example.org/pcd-thailand", (("Wichai Suwannarat", "Director-General"),)),
    DemoInstitution("MONRE", "Ministry of Natural Resources and Environment (demo), Viet Nam", GOV, "VN",
                    "https://example.org/monre-vietnam", (("Lê Văn Hùng", "Director, Department of Climate Change"),)),
    DemoInstitution("MoEFCC", "Ministry of Environment, Forest and Climate Change (demo), India", GOV, "IN",
                    "https://example.org/moefcc",
                    (("Anil Mehta", "Joint Secretary, Hazardous Substances Management"),)),
    DemoInstitution("NCM", "Nippon Circular Materials Co., Ltd. (demo)", IND, "JP",
                    "https://example.org/nippon-circular",
                    (("Hiroshi Kobayashi", "President and CEO"), ("Emi Watanabe", "Head of Sustainability"))),
    DemoInstitution("GreenGrid", "Shenzhen GreenGrid Technology Co. (demo)", IND, "CN",
                    "https://example.org/greengrid", (("陈静", "Chief Executive Officer"),)),
    DemoInstitution("Hanbit", "Hanbit Eco-Materials Corporation (demo)", IND, "KR",
                    "https://example.org/hanbit-eco", (("Park Ji-hoon", "Chief Sustainability Officer"),)),
    DemoInstitution("NWR", "Nusantara Waste Recovery (demo)", IND, "ID",
                    "https://example.org/nusantara-waste", (("Dewi Lestari", "Managing Director"),)),
    DemoInstitution("KGSES", "Kyoto Graduate School of Environmental Studies (demo)", ACA, "JP",
                    "https://example.org/kgses",
                    (("Takeshi Fujimoto", "Dean"), ("山田 花子", "Programme Director, Environmental Leadership"))),
    DemoInstitution("BIES", "Beijing Institute of Environmental Science (demo)", ACA, "CN",
                    "https://example.org/bies", (("Zhang Hua", "President"),)),
    DemoInstitution("IISS", "Indian Institute of Sustainability Studies (demo)", ACA, "IN",
                    "https://example.org/iiss", (("Meera Iyer", "Director"),)),
    DemoInstitution("UASM", "Universiti Alam Sekitar Malaysia (demo)", ACA, "MY",
                    "https://example.org/uasm", (("Ahmad Zulkifli bin Hassan", "Vice-Chancellor"),)),
    DemoInstitution("TEI", "Thai Environmental Institute (demo)", CIV, "TH",
                    "https://example.org/tei", (("Sunee Wongsawat", "Executive Director"),)),
    DemoInstitution("GEN-PH", "Green Earth Network Philippines (demo)", CIV, "PH",
                    "https://example.org/green-earth-ph",
                    (("José Reyes", "Executive Director"), ("Ana Cruz", "Programme Manager"))),
    DemoInstitution("APREO", "Asia-Pacific Regional Environment Office (demo)", INT, "TH",
                    "https://example.org/apreo", (("Lim Wei Ling", "Regional Director"),)),
    DemoInstitution("RCCEA", "Regional Centre for Circular Economy in Asia (demo)", INT, "SG",
                    "https://example.org/rccea",
                    (("Rajesh Nair", "Executive Director"), ("Budi Santoso", "Head of Capacity Building"))),
)

# The four logins printed by ``make run`` and ``flask --app wsgi seed-demo``.
DEMO_ACCOUNTS: list[dict[str, str]] = [
    {"role": ADMIN.value, "email": "admin@cai-demo.org", "password": DEMO_PASSWORD, "name": "Daniel Goh"},
    {"role": INSTRUCTOR.value, "email": "instructor@cai-demo.org", "password": DEMO_PASSWORD, "name": "山田 花子"},
    {"role": PARTNER.value, "email": "partner@cai-demo.org", "password": DEMO_PASSWORD, "name": "佐藤 健一"},
    {"role": TRAINEE.value, "email": "trainee@cai-demo.org", "password": DEMO_PASSWORD, "name": "Nguyễn Thị Lan"},
]

USERS: tuple[DemoUser, ...] = (
    # The demo logins (same emails, names and roles as DEMO_ACCOUNTS)
    _user("admin@cai-demo.org", "Daniel Goh", {ADMIN}, "SG", "Asia/Singapore"),
    _user("instructor@cai-demo.org", "山田 花子", {INSTRUCTOR}, "JP", "Asia/Tokyo", "KGSES", "ja"),
    _user("partner@cai-demo.org", "佐藤 健一", {PARTNER}, "JP", "Asia/Tokyo", "MOEJ", "ja"),
    _user("trainee@cai-demo.org", "Nguyễn Thị Lan", {TRAINEE}, "VN", "Asia/Ho_Chi_Minh", "MONRE"),
    # Japan
    _user("sasaki.akari@cai-demo.org", "佐々木 あかり", {TRAINEE}, "JP", "Asia/Tokyo", "MOEJ", "ja"),
    _user("tanaka.shota@cai-demo.org", "田中 翔太", {TRAINEE}, "JP", "Asia/Tokyo", "NCM", "ja"),
    _user("watanabe.emi@cai-demo.org", "渡辺 恵美", {PARTNER}, "JP", "Asia/Tokyo", "NCM", "ja"),
    _user("mori.kenji@cai-demo.org", "森 健二", {ADMIN}, "JP", "Asia/Tokyo", None, "ja"),
    # China
    _user("wang.wei@cai-demo.org", "王伟", {TRAINEE}, "CN", "Asia/Shanghai", "GreenGrid"),
    _user("li.na@cai-demo.org", "李娜", {INSTRUCTOR, TRAINEE}, "CN", "Asia/Shanghai", "BIES"),
    # Republic of Korea
    _user("kim.minjun@cai-demo.org", "김민준", {TRAINEE}, "KR", "Asia/Seoul", "Hanbit"),
    _user("lee.seoyeon@cai-demo.org", "이서연", {PARTNER}, "KR", "Asia/Seoul", "Hanbit"),
    # Thailand
    _user("somchai.j@cai-demo.org", "สมชาย ใจดี", {TRAINEE}, "TH", "Asia/Bangkok", "PCD"),
    _user("sunee.w@cai-demo.org", "สุนีย์ วงศ์สวัสดิ์", {PARTNER}, "TH", "Asia/Bangkok", "TEI"),
    # Viet Nam
    _user("tran.van.minh@cai-demo.org", "Trần Văn Minh", {INSTRUCTOR}, "VN", "Asia/Ho_Chi_Minh", "MONRE"),
    _user("pham.quoc.huy@cai-demo.org", "Phạm Quốc Huy", {TRAINEE}, "VN", "Asia/Ho_Chi_Minh"),
    # India
    _user("priya.sharma@cai-demo.org", "प्रिया शर्मा", {TRAINEE}, "IN", "Asia/Kolkata", "IISS"),
    _user("rahul.verma@cai-demo.org", "राहुल वर्मा", {TRAINEE}, "IN", "Asia/Kolkata", "MoEFCC"),
    _user("meera.iyer@cai-demo.org", "Meera Iyer", {INSTRUCTOR}, "IN", "Asia/Kolkata", "IISS"),
    # Indonesia
    _user("siti.rahayu@cai-demo.org", "Siti Rahayu", {TRAINEE}, "ID", "Asia/Jakarta", "NWR"),
    _user("dewi.lestari@cai-demo.org", "Dewi Lestari", {PARTNER}, "ID", "Asia/Jakarta", "NWR"),
    _user("budi.santoso@cai-demo.org", "Budi Santoso", {PARTNER}, "ID", "Asia/Singapore", "RCCEA"),
    # Malaysia
    _user("nurul.aisyah@cai-demo.org", "Nurul Aisyah binti Ahmad", {INSTRUCTOR}, "MY", "Asia/Kuala_Lumpur", "UASM"),
    _user("fatimah.zahra@cai-demo.org", "فاطمة الزهراء", {TRAINEE}, "MY", "Asia/Bangkok", "APREO"),
    # Philippines
    _user("maria.santos@cai-demo.org", "Maria Santos", {TRAINEE}, "PH", "Asia/Manila", "GEN-PH"),
    _user("jose.reyes@cai-demo.org", "José Reyes", {PARTNER}, "PH", "Asia/Manila", "GEN-PH"),
    # Singapore
    _user("lim.weiling@cai-demo.org", "Lim Wei Ling", {PARTNER, INSTRUCTOR}, "SG", "Asia/Bangkok", "APREO"),
)
# fmt: on

# Logo colours by sector, each dark enough for white text (contrast above 4.5:1).
_SECTOR_COLOURS = {
    Sector.GOVERNMENT: "#1e3a8a",
    Sector.INDUSTRY: "#9a3412",
    Sector.ACADEMIA: "#6b21a8",
    Sector.CIVIL_SOCIETY: "#166534",
    Sector.INTERNATIONAL: "#155e75",
}


def logo_svg(short_name: str, name: str, sector: Sector) -> bytes:
    """A rounded square in the sector's colour with the short name on it."""
    size = min(32, int(92 / (0.7 * max(len(short_name), 1))))  # bold capitals are about 0.7 em wide
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">'
        f"<title>{escape(name)}</title>"
        f'<rect x="0" y="0" width="120" height="120" rx="20" ry="20" fill="{_SECTOR_COLOURS[sector]}"/>'
        f'<text x="60" y="60" dy="{size * 0.35:.1f}" font-family="sans-serif" font-size="{size}" '
        f'font-weight="bold" fill="#ffffff" text-anchor="middle">{escape(short_name)}</text>'
        "</svg>"
    )
    return sanitise_svg(svg.encode())


def _find_institution(name: str) -> Institution | None:
    return db.session.scalar(select(Institution).where(func.lower(Institution.name) == name.lower()))


def _ensure_institution(spec: DemoInstitution, counts: dict[str, int]) -> Institution:
    institution = _find_institution(spec.name)
    if institution is None:
        institution = Institution(
            name=spec.name,
            short_name=spec.short_name,
            sector=spec.sector.value,
            country=spec.country,
            website=spec.website,
        )
        # Only a new institution gets a generated logo: one an administrator removed stays removed.
        institution.logo_key = storage().put(
            logo_svg(spec.short_name, spec.name, spec.sector), prefix="logo", extension="svg"
        )
        institution.logo_content_type = "image/svg+xml"
        db.session.add(institution)
        counts["institutions"] += 1
    known = {signatory.name for signatory in institution.signatories}
    for name, title in spec.signatories:
        if name not in known:
            position = max((s.position for s in institution.signatories), default=-1) + 1
            institution.signatories.append(Signatory(name=name, title=title, position=position))
            counts["signatories"] += 1
    # A demo signatory without a signature image gets a generated one, before any certificate is issued.
    names = {name for name, _ in spec.signatories}
    for signatory in institution.signatories:
        if signatory.name in names and not signatory.signature_key:
            signatory.signature_key = storage().put(signature_svg(signatory.name), prefix="signature", extension="svg")
            signatory.signature_content_type = "image/svg+xml"
            counts["signatures"] += 1
    db.session.flush()
    return institution


def _ensure_user(spec: DemoUser, institutions: dict[str, Institution], counts: dict[str, int]) -> None:
    if find_user(spec.email) is not None:
        return
    institution_id = institutions[spec.institution].id if spec.institution else None
    create_user(
        email=spec.email,
        name=spec.name,
        password=DEMO_PASSWORD,
        country=spec.country,
        institution_id=institution_id,
        roles=set(spec.roles),
        confirmed=True,
        locale=spec.locale,
        timezone=spec.timezone,
    )
    counts["users"] += 1


def seed_demo() -> str:
    """Create the demo institutions, signatories, users, courses, assessments and certificates that are missing;
    return a summary."""
    counts = dict.fromkeys(("institutions", "signatories", "signatures", "users", "courses", "certificates"), 0)
    institutions = {spec.short_name: _ensure_institution(spec, counts) for spec in INSTITUTIONS}
    seed_template(institutions, counts)
    for spec in USERS:
        _ensure_user(spec, institutions, counts)
    created = seed_courses(institutions, counts)
    seed_assessments(counts)
    seed_certificates(created, counts)
    db.session.commit()
    signatories = sum(len(spec.signatories) for spec in INSTITUTIONS)
    return (
        f"{len(INSTITUTIONS)} institutions ({counts['institutions']} new), "
        f"{signatories} signatories ({counts['signatories']} new), "
        f"{len(USERS)} users ({counts['users']} new), "
        f"{len(COURSES)} courses ({counts['courses']} new); "
        f"added {counts['assessments']} assessments and {counts['attempts']} attempts; "
        f"added {counts['certificates']} certificates, {counts['signatures']} signatures "
        f"and {counts['templates']} certificate template{'' if counts['templates'] == 1 else 's'}"
    )
