"""Certificate PDFs: a pure renderer from plain data (no Flask request, no database).

``render_pdf(doc)`` lays out one A4 landscape page and returns PDF/A-3b bytes, with the signed credential attached
when given; ``render_html(doc)`` is the same markup with its CSS inlined, for a live preview. A design is DATA: its
wording is plain text in which only the whitelisted placeholders are replaced, after escaping every value; nothing
a user wrote goes through Jinja or ``str.format``. Nothing is fetched: images come as bytes, inlined as ``data:``
URIs, and the URL fetcher refuses every other scheme. One ``FontConfiguration`` and one parsed ``CSS`` per layout
are shared by every certificate that a process renders.
"""

from __future__ import annotations

import base64
import functools
import io
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote_to_bytes

import segno
import weasyprint
from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from PIL import Image
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from training.certificates import pdf_fonts

ROOT = Path(__file__).resolve().parents[2]
STYLES = ROOT / "static" / "certificates"
LAYOUTS = ("classic", "modern", "minimal")
PLACEHOLDERS = ("name", "course", "hours", "date", "institution")
IMAGE_TYPES = {"image/jpg": "image/jpeg"} | {kind: kind for kind in ("image/png", "image/jpeg", "image/svg+xml")}
MAX_HEADING, MAX_WORDING, MAX_STATUS_NOTE = 80, 400, 24
ROLE_LABELS = {"certifying": "Certifying institution", "host": "Host", "co-host": "Co-host"}
# What a browser preview of render_html() needs: its inline <style> and data: images, nothing else.
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}")
_BRACED = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_PLACEHOLDER_NAMES = tuple("{" + name + "}" for name in PLACEHOLDERS)


@dataclass(frozen=True)
class SignatoryDoc:
    name: str
    title: str
    signature: bytes | None = None
    signature_type: str | None = None  # image/png | image/jpeg | image/svg+xml


@dataclass(frozen=True)
class PartyDoc:
    """One co-branding institution: the certifying one first, then the host and co-hosts."""

    name: str
    short_name: str = ""
    country: str = ""
    role: str = "certifying"
    logo: bytes | None = None
    logo_type: str | None = None
    signatories: tuple[SignatoryDoc, ...] = ()


@dataclass(frozen=True)
class Design:
    """An institution's certificate template: data only, checked by validate_design()."""

    layout: str = "classic"  # "classic" | "modern" | "minimal"
    primary: str = "#0b6e4f"
    accent: str = "#c59d3f"
    heading: str = "Certificate of Completion"
    wording: str = "This certifies that {name} has completed the course {course}."
    local_language: str | None = None  # e.g. "ja": local_heading and local_wording are printed too
    local_heading: str = ""
    local_wording: str = ""


@dataclass(frozen=True)
class CertificateDoc:
    serial: str
    name: str
    name_lang: str | None  # BCP-47 hint for CJK glyphs: "ja", "zh-Hans", "zh-Hant", "ko" or None
    course_title: str
    hours: str
    objectives: tuple[str, ...]
    issued_on: date
    expires_on: date | None
    verify_url: str
    parties: tuple[PartyDoc, ...]
    design: Design
    status_note: str | None = None  # e.g. "SPECIMEN", printed across the page


class InvalidDesign(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class RefusedURL(ValueError):
    """Something other than an inline data: URI was asked for while rendering."""


class DataOnlyFetcher(URLFetcher):
    """Serves data: URIs and refuses everything else (http, https, file, ...): no network, no file system."""

    def __init__(self):
        super().__init__(allowed_protocols=("data",), fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url[:5].lower() != "data:" or "," not in url:
            raise RefusedURL(f"only data: URIs may be used in a certificate, not {url[:60]!r}")
        header, _, payload = url[5:].partition(",")
        params = header.split(";")
        body = base64.b64decode(payload) if "base64" in params[1:] else unquote_to_bytes(payload)
        return URLFetcherResponse(url, body, {"Content-Type": params[0] or "text/plain"})


FONT_CONFIG = FontConfiguration()
URL_FETCHER = DataOnlyFetcher()
_RENDERING = threading.Lock()
_jinja = Environment(
    loader=FileSystemLoader(ROOT / "templates" / "certificates" / "pdf"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def validate_design(design: Design) -> list[str]:
    """Plain-English problems with a design; an empty list means it can be used."""
    problems = []
    if design.layout not in LAYOUTS:
        problems.append(f"Unknown layout {design.layout!r}: choose {', '.join(LAYOUTS)}.")
    for label, value in (("primary", design.primary), ("accent", design.accent)):
        if not isinstance(value, str) or not _COLOUR.fullmatch(value):
            problems.append(f"The {label} colour must be a hex colour such as #0b6e4f, not {str(value)[:20]!r}.")
    texts = (
        ("heading", design.heading, MAX_HEADING),
        ("wording", design.wording, MAX_WORDING),
        ("local heading", design.local_heading, MAX_HEADING),
        ("local wording", design.local_wording, MAX_WORDING),
    )
    for label, text, limit in texts:
        text = text or ""  # None from an empty database column: the same as no text
        if label in ("heading", "wording") and not text.strip():
            problems.append(f"The {label} is empty.")
        if len(text) > limit:
            problems.append(f"The {label} is too long ({len(text)} characters; at most {limit}).")
        if any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text):
            problems.append(f"The {label} contains control characters.")
        unknown = sorted({field for field in _BRACED.findall(text) if field not in PLACEHOLDERS})
        for field in unknown:
            problems.append(f"Unknown placeholder {{{field}}} in the {label}: use {', '.join(_PLACEHOLDER_NAMES)}.")
        if not unknown and re.search(r"[{}]", _PLACEHOLDER.sub("", text)):
            problems.append(f"The {label} has a brace that is not part of a placeholder such as {{name}}.")
    if design.local_language and not _LANG_TAG.fullmatch(design.local_language):
        problems.append(f"The local language must be a code such as ja or zh-Hant, not {design.local_language!r}.")
    if not design.local_language and ((design.local_heading or "").strip() or (design.local_wording or "").strip()):
        problems.append("Choose the language of the local heading and wording.")
    return problems


def render_html(doc: CertificateDoc) -> str:
    """The certificate as one self-contained HTML page (CSS and images inline), for a preview in a browser."""
    return _build_html(doc, inline_css=Markup(layout_css(doc.design.layout)))  # noqa: S704 (our own stylesheet)


def render_pdf(doc: CertificateDoc, *, credential_json: bytes | None = None) -> bytes:
    """The certificate as a one-page A4 landscape PDF/A-3b, with ``credential.json`` attached when given."""
    attachments = None
    if credential_json is not None:
        attachment = weasyprint.Attachment(
            string=bytes(credential_json),
            name="credential.json",
            description="Signed Open Badges credential of this certificate",
            relationship="Alternative",
            url_fetcher=URL_FETCHER,
        )
        attachments = [attachment]
    return write_pdf(_build_html(doc), doc.design.layout, attachments=attachments)


def write_pdf(html: str, layout: str, *, attachments=None) -> bytes:
    """Lay out certificate HTML with the shared fonts and the cached stylesheet of its layout.

    One at a time per process (Pango's font map is not thread-safe): use processes, not threads, to go faster.
    """
    with _RENDERING:
        return _write_pdf(html, layout, attachments)


def _write_pdf(html: str, layout: str, attachments) -> bytes:
    try:
        with pdf_fonts.deferring():
            return weasyprint.HTML(string=html, url_fetcher=URL_FETCHER).write_pdf(
                stylesheets=[stylesheet(layout)],
                font_config=FONT_CONFIG,
                pdf_variant="pdf/a-3b",
                attachments=attachments,
                finisher=pdf_fonts.finish,
            )
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: make it an ordinary error
        raise RefusedURL(str(exc.__cause__ or exc)) from exc


@functools.cache
def layout_css(layout: str) -> str:
    """The whole stylesheet of a layout: the fonts of every script, the shared rules and the layout's own."""
    if layout not in LAYOUTS:
        raise InvalidDesign([f"Unknown layout {layout!r}."])
    fonts = "fonts-serif.css" if layout == "classic" else "fonts-sans.css"
    return "\n".join((STYLES / name).read_text() for name in (fonts, "base.css", f"{layout}.css"))


@functools.cache
def stylesheet(layout: str) -> weasyprint.CSS:
    """The parsed stylesheet of a layout: parsed once per process, then reused."""
    return weasyprint.CSS(string=layout_css(layout), font_config=FONT_CONFIG, url_fetcher=URL_FETCHER)


def group_serial(serial: str) -> str:
    """The serial in groups of at most four characters, easier to read aloud: K7F3Q9M2X8 -> K7F3-Q9M2-X8."""
    chunks = [chunk for chunk in re.split(r"[\s\-_./]+", serial.strip()) if chunk]
    return "-".join(chunk[i : i + 4] for chunk in chunks for i in range(0, len(chunk), 4))


def qr_data_uri(url: str) -> str:
    """The QR code of the verify URL as an SVG data: URI (segno, error correction level M)."""
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#111111")


# Raster images: at most about 250 dpi where they are printed largest, and a budget in bytes, so that a photo as a
# logo cannot push a certificate over 150 KB.
LOGO_BOX, LOGO_BUDGET = (600, 170), 20_000
SIGNATURE_BOX, SIGNATURE_BUDGET = (600, 130), 10_000


def image_data_uri(data: bytes | None, mime: str | None, box=LOGO_BOX, budget=LOGO_BUDGET) -> str | None:
    """A PNG, JPEG or SVG image as a data: URI; raster images fitted to ``box`` and ``budget`` (once per process)."""
    if not data:
        return None
    kind = IMAGE_TYPES.get((mime or "").lower().split(";")[0].strip())
    if kind is None:
        raise ValueError(f"Unsupported image type {mime!r}: use PNG, JPEG or SVG.")
    return _image_data_uri(bytes(data), kind, box, budget)


@functools.lru_cache(maxsize=64)
def _image_data_uri(data: bytes, kind: str, box: tuple[int, int], budget: int) -> str:
    """Raster images are also laid on white (they are printed on white): WeasyPrint re-encodes a PNG into every PDF,
    and one with transparency twice (colour and mask)."""
    if kind != "image/svg+xml":
        try:
            image = Image.open(io.BytesIO(data))
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            if alpha or image.width > box[0] or image.height > box[1] or len(data) > budget:
                image.thumbnail(box)
                if alpha:
                    rgba = image.convert("RGBA")
                    image = Image.new("RGB", rgba.size, "white")
                    image.paste(rgba, mask=rgba.getchannel("A"))
                data, kind = _encode(image.convert("RGB") if image.mode not in ("RGB", "L") else image, kind, budget)
        except (OSError, ValueError) as exc:
            raise ValueError(f"The {kind} image cannot be read: {exc}") from exc
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _encode(image: Image.Image, kind: str, budget: int) -> tuple[bytes, str]:
    """PNG (lossless) when it fits the budget, else JPEG; smaller and smaller until it does."""
    while True:
        for fmt in ("PNG", "JPEG") if kind == "image/png" else ("JPEG",):
            out = io.BytesIO()
            image.save(out, fmt, quality=85)
            if out.tell() <= budget or image.width <= 80:
                return out.getvalue(), f"image/{fmt.lower()}"
        image.thumbnail((image.width * 3 // 4, image.height * 3 // 4))


def _build_html(doc: CertificateDoc, inline_css: Markup | None = None) -> str:
    design = doc.design
    if problems := validate_design(design):
        raise InvalidDesign(problems)
    if not doc.parties:
        raise ValueError("A certificate needs at least its certifying institution.")
    values = {
        "name": doc.name,
        "course": doc.course_title,
        "hours": str(doc.hours),
        "date": _long_date(doc.issued_on, "en"),
        "institution": doc.parties[0].name,
    }
    local = design.local_language or None
    local_heading, local_wording = design.local_heading or "", design.local_wording or ""
    local_values = dict(values, date=_long_date(doc.issued_on, local)) if local else values
    before, _, after = design.wording.partition("{name}") if "{name}" in design.wording else ("", "", design.wording)
    show_course = "{course}" not in design.wording
    expires = _long_date(doc.expires_on, "en") if doc.expires_on else None
    parts = {  # the plain text of each block, to fit the content to its box
        "heading": _plain(design.heading, values),
        "local_heading": _plain(local_heading, local_values) if local else "",
        "wording": _plain(before, values) + "\n" + _plain(after, values),
        "local_wording": _plain(local_wording, local_values) if local else "",
        "facts": " ".join((doc.course_title if show_course else "", values["hours"], values["date"], expires or "")),
        "objectives": "CAI objectives covered " + " · ".join(doc.objectives) if doc.objectives else "",
    }
    signatories = [(s, p) for p in doc.parties for s in p.signatories]
    template = _jinja.get_template("certificate.html")
    return template.render(
        doc=doc,
        layout=design.layout,
        inline_css=inline_css,
        theme_css=Markup(_theme_css(design, doc.name, parts, len(doc.parties), len(signatories))),  # noqa: S704
        heading=_fill(design.heading, values),
        before=_fill(before, values) if before.strip() else None,
        after=_fill(after, values) if after.strip() else None,
        local_lang=local,
        local_heading=_fill(local_heading, local_values) if local else None,
        local_wording=_fill(local_wording, local_values) if local else None,
        name_rtl=_is_rtl(doc.name),
        show_course=show_course,
        hours=_hours(values["hours"]),
        issued=values["date"],
        expires=expires,
        parties=[(p, image_data_uri(p.logo, p.logo_type), ROLE_LABELS.get(p.role, p.role)) for p in doc.parties],
        signatories=[
            (s, p, image_data_uri(s.signature, s.signature_type, SIGNATURE_BOX, SIGNATURE_BUDGET))
            for s, p in signatories
        ],
        several_parties=len(doc.parties) > 1,
        qr=qr_data_uri(doc.verify_url),
        serial=group_serial(doc.serial),
        status_note=(doc.status_note or "")[:MAX_STATUS_NOTE] or None,
    )


def _fill(text: str, values: dict[str, str]) -> Markup:
    """Escape the plain text and put each whitelisted placeholder's escaped value in its place; nothing else."""
    out, position = [], 0
    for match in _PLACEHOLDER.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(Markup('<span class="ph">{}</span>').format(values[match.group(1)]))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out).replace("\n", Markup("<br>"))


def _plain(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _is_rtl(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left (Arabic, Hebrew, ...)."""
    kinds = (unicodedata.bidirectional(ch) for ch in text)
    return next((kind != "L" for kind in kinds if kind in ("L", "R", "AL")), False)


def _hours(hours: str) -> str:
    hours = hours.strip()
    if re.fullmatch(r"\d+(\.\d+)?", hours):
        return f"{hours} hour" if hours == "1" else f"{hours} hours"
    return hours


def _long_date(day: date, language: str | None) -> str:
    try:
        locale = Locale.parse((language or "en").replace("_", "-"), sep="-")
        return format_date(day, format="d MMMM y" if locale.language == "en" else "long", locale=locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return day.isoformat()


# Per layout, in mm and em of the content's font size: the content box, the font size (em) and line height of each
# block, the largest name (pt), fixed gaps (mm), and the widths shared by the parties and by the signatories.
_GEOMETRY = {
    "classic": {"box": (225, 98), "heading": (2.7, 1.15), "local_heading": (1.4, 1.3), "wording": (1.2, 1.4),
                "name_max": 36, "gaps": 26, "parties": 235, "signatories": 185},
    "modern": {"box": (186, 124), "heading": (1.6, 1.15), "local_heading": (1.2, 1.3), "wording": (1.25, 1.4),
               "name_max": 42, "gaps": 28, "parties": 0, "signatories": 180},
    "minimal": {"box": (205, 102), "heading": (1.1, 1.15), "local_heading": (1.0, 1.3), "wording": (1.2, 1.4),
                "name_max": 44, "gaps": 24, "parties": 190, "signatories": 190},
}  # fmt: skip
_BLOCKS = {"local_wording": (1.0, 1.45), "facts": (0.95, 1.35), "objectives": (0.85, 1.45)}
_SCALES = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6)
LOGO_HEIGHTS = {1: 17, 2: 16, 3: 14}  # mm, by the number of institutions (11 for more)
PT = 0.3528  # mm


def _em_width(text: str) -> float:
    """Rough width of a text in em (CJK 1, Latin capitals 0.7, others 0.6, marks 0)."""
    width = 0.0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        east_asian = unicodedata.east_asian_width(ch) in ("W", "F")
        width += 1.0 if east_asian else 0.27 if ch.isspace() else 0.7 if ch.isupper() else 0.6
    return width


def _fit(layout: str, name: str, parts: dict[str, str]) -> tuple[float, float]:
    """The content's font size (pt) and the name's size (pt): the largest with which every block fits its box."""
    g = _GEOMETRY[layout]
    width, height = g["box"]
    name_fit = max(14.0, min(g["name_max"], width / (max(_em_width(name), 1.0) * PT)))
    for scale in _SCALES:
        name_size = max(14 * scale, name_fit * min(1.0, scale + 0.1))
        total = g["gaps"] + math.ceil(_em_width(name) * name_size * PT / width) * name_size * 1.3 * PT
        for key, text in parts.items():
            size, leading = (g.get(key) or _BLOCKS[key])[0] * 10 * scale, (g.get(key) or _BLOCKS[key])[1]
            lines = sum(math.ceil(_em_width(line) * 0.92 * size * PT / width * 1.08) for line in text.split("\n"))
            total += lines * size * leading * PT
        if total <= height:
            break
    return round(10 * scale, 2), round(name_size, 1)


def _theme_css(design: Design, name: str, parts: dict[str, str], parties: int, signatories: int) -> str:
    """The generated rule: validated colours, readable variants of them, and sizes computed here; nothing else."""
    g = _GEOMETRY[design.layout]
    content_size, name_size = _fit(design.layout, name, parts)
    rgb = tuple(int(design.primary[i : i + 2], 16) for i in (1, 3, 5))
    ink, share = design.primary, 0.0
    while _contrast_with_white(ink) < 4.5 and share < 1:  # darken a light primary until text in it is readable
        share += 0.1
        ink = _mix(rgb, (0, 0, 0), share)
    on_primary = "#ffffff" if _contrast_with_white(design.primary) >= 3 else "#111111"
    rules = [
        f":root {{ --primary: {design.primary}; --accent: {design.accent}; --ink: {ink}; --on-primary: {on_primary};"
        f" --tint: {_mix(rgb, (255, 255, 255), 0.88)}; }}",
        f".content {{ font-size: {content_size}pt; }} .name {{ font-size: {name_size}pt; }}",
        f".logo {{ max-height: {LOGO_HEIGHTS.get(parties, 11)}mm; }}",
        f".signatory {{ width: {min(60.0, g['signatories'] / max(signatories, 1) - 2):.1f}mm; }}",  # 2mm: the gap
    ]
    if g["parties"]:  # side by side (in the modern band they are stacked)
        rules.append(f".party {{ width: {min(62.0, g['parties'] / parties - 2):.1f}mm; }}")
    return "\n".join(rules)


def _contrast_with_white(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def _mix(rgb: tuple[int, ...], other: tuple[int, int, int], share: float) -> str:
    return "#" + "".join(f"{round(c * (1 - share) + o * share):02x}" for c, o in zip(rgb, other, strict=True))
