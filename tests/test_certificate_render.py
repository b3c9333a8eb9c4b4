"""The certificate PDF renderer (training.certificates.render): one A4 landscape page, small, PDF/A-3b with the
credential attached, every script drawn with real glyphs, no network, no template injection.

Each PDF is rendered once per module (functools.cache) and shared by the tests that look at it.
"""

from __future__ import annotations

import functools
import io
import logging
import random
import re
import shutil
import socket
import subprocess
import unicodedata
import urllib.parse
from collections import defaultdict
from datetime import date

import pytest
import segno
from fontTools.cffLib import CFFFontSet
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

from training.certificates import pdf_fonts, render
from training.certificates.render import CertificateDoc, Design, PartyDoc, SignatoryDoc

NAMES = {  # script: (name, name_lang)
    "japanese": ("山田 花子", "ja"),
    "chinese": ("王小明", "zh-Hans"),
    "korean": ("김민준", "ko"),
    "thai": ("สมชาย ใจดี", None),
    "vietnamese": ("Nguyễn Thị Lan", None),
    "devanagari": ("प्रिया शर्मा", None),
    "arabic": ("فاطمة الزهراء", None),
    "long-latin": ("Maria Fernanda de los Santos Rodríguez-Villanueva y Pérez de Guzmán", None),
}
LAYOUT_OF = dict(zip(NAMES, render.LAYOUTS * 3, strict=False))  # every layout meets several scripts
CREDENTIAL = b'{"@context":["https://www.w3.org/ns/credentials/v2"],"name":"\xe5\xb1\xb1\xe7\x94\xb0","proof":"z3x"}\n'
VERIFY_URL = "https://training.example.org/certificates/7K3F-Q9M2-X8BD-4HNC-WT5R"
A4_LANDSCAPE = (841.89, 595.28)  # points


def _image(fmt: str, colour, size=(360, 160), mode="RGB") -> bytes:
    image = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size[1] - 10, size[1] - 10), fill=colour)
    draw.line([(size[1], size[1] // 2), (size[0] - 10, 20), (size[0] - 40, size[1] - 20)], fill=colour, width=6)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80"><rect x="2" y="2" width="76" height="76" rx="14"'
    b' fill="#1c5d99"/><text x="90" y="50" font-family="Noto Sans" font-size="28" fill="#1c5d99">UNU</text></svg>'
)
SVG_SIGNATURE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90"><path d="M10 60 C 40 10, 60 90, 90 40'
    b' S 150 20, 170 60 S 240 80, 290 30" stroke="#1a237e" stroke-width="3" fill="none"/></svg>'
)


def parties(count: int = 2) -> tuple[PartyDoc, ...]:
    signature = _image("PNG", (20, 30, 90, 255), (400, 120), "RGBA")
    return (
        PartyDoc(
            "Institute for Global Environmental Strategies", "IGES", "JP", "certifying",
            _image("PNG", (11, 110, 79)), "image/png",
            (SignatoryDoc("Kazuhiko Takeuchi", "President", signature, "image/png"),),
        ),
        PartyDoc(
            "United Nations University Institute for the Advanced Study of Sustainability", "UNU-IAS", "JP", "host",
            SVG_LOGO, "image/svg+xml", (SignatoryDoc("Shinobu Yamaguchi", "Director", SVG_SIGNATURE, "image/svg+xml"),),
        ),
        PartyDoc("Asian Institute of Technology", "AIT", "TH", "co-host", _image("JPEG", (30, 60, 150)), "image/jpeg"),
        PartyDoc("Ministry of Environment", "MoE", "VN", "co-host", _image("PNG", (200, 60, 40)), "image/png"),
    )[:count]  # fmt: skip


def make_doc(name="Nguyễn Thị Lan", name_lang=None, *, design=None, count=2, **fields) -> CertificateDoc:
    values = {
        "serial": "7K3F-Q9M2-X8BD-4HNC-WT5R",
        "name": name,
        "name_lang": name_lang,
        "course_title": "Municipal Solid Waste Management and the 3Rs",
        "hours": "12",
        "objectives": ("Sound material-cycle society", "Marine plastic litter"),
        "issued_on": date(2025, 3, 14),
        "expires_on": date(2028, 3, 13),
        "verify_url": VERIFY_URL,
        "parties": parties(count),
        "design": design or Design(),
    }
    return CertificateDoc(**{**values, **fields})


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@functools.cache
def rendered(script: str) -> tuple[bytes, list[str]]:
    """The PDF of a certificate for a name in that script, and WeasyPrint's warnings while rendering it."""
    name, lang = NAMES[script]
    records = _Records()
    logging.getLogger("weasyprint").addHandler(records)
    try:
        doc = make_doc(name, lang, design=Design(layout=LAYOUT_OF[script]))
        pdf = render.render_pdf(doc, credential_json=CREDENTIAL)
    finally:
        logging.getLogger("weasyprint").removeHandler(records)
    return pdf, records.messages


@functools.cache
def heavy(layout: str) -> bytes:
    """A CJK name, Japanese local wording, four institutions and a specimen stamp: the largest usual case."""
    design = Design(
        layout=layout, local_language="ja", local_heading="修了証",
        local_wording="{name} は {date} に講座「{course}」({hours} 時間)を修了したことを証します。",
    )  # fmt: skip
    doc = make_doc("山田 花子", "ja", design=design, count=4, status_note="Specimen")
    return render.render_pdf(doc, credential_json=CREDENTIAL)


def page_text(pdf: bytes) -> str:
    return unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


# --- Embedded font programs, read back from the PDF -------------------------------------------------------------


class EmbeddedFont:
    """One font of a page: its ToUnicode map and its embedded program (TrueType, OpenType or bare CFF)."""

    def __init__(self, font_dict):
        self.base_font = str(font_dict["/BaseFont"])
        descendant = font_dict["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        self.to_unicode = parse_to_unicode(font_dict["/ToUnicode"].get_object().get_data())
        cid_to_gid = descendant.get("/CIDToGIDMap")
        self.cid_to_gid = None
        if cid_to_gid is not None and not isinstance(cid_to_gid.get_object(), str):
            data = cid_to_gid.get_object().get_data()
            self.cid_to_gid = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
            stream = (descriptor.get("/FontFile2") or descriptor["/FontFile3"]).get_object()
            subtype = stream.get("/Subtype")
            data = stream.get_data()
        else:
            raise AssertionError(f"{self.base_font}: font program not embedded")
        if subtype == "/CIDFontType0C":  # bare CFF: CIDs go through the font's charset
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(data), None)
            self.charstrings = cff.topDictIndex[0].CharStrings
            self.glyph_for = self._cff_glyph
        else:
            font = TTFont(io.BytesIO(data))
            self.glyph_set = font.getGlyphSet()
            self.order = font.getGlyphOrder()
            self.cid_keyed = "CFF " in font and hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
            self.glyph_for = self._sfnt_glyph

    def _cff_glyph(self, cid: int):
        name = ".notdef" if cid == 0 else f"cid{cid:05d}"
        return (name, self.charstrings[name]) if name in self.charstrings else None

    def _sfnt_glyph(self, cid: int):
        gid = self.cid_to_gid[cid] if self.cid_to_gid and cid < len(self.cid_to_gid) else cid
        name = f"cid{cid:05d}" if self.cid_keyed and cid else (self.order[gid] if gid < len(self.order) else None)
        return (name, self.glyph_set[name]) if name in self.glyph_set else None

    def problem(self, cid: int) -> str | None:
        """Why the glyph drawn for that code is not a real glyph of this font, or None."""
        glyph = self.glyph_for(cid)
        if cid == 0 or glyph is None or glyph[0] == ".notdef":
            return f"code {cid:#06x} is .notdef or missing in {self.base_font}"
        pen = BoundsPen(None if hasattr(self, "charstrings") else self.glyph_set)
        glyph[1].draw(pen)
        if pen.bounds is None and not self.to_unicode.get(cid, "").isspace():
            return f"glyph {glyph[0]} of {self.base_font} is empty"
        return None


def parse_to_unicode(cmap: bytes) -> dict[int, str]:
    mapping = {}
    text = cmap.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = bytes.fromhex(dst).decode("utf-16-be")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


def font_dicts(resources, seen=None):
    """Every font dictionary reachable from a resource dictionary, through form XObjects (SVG images) too."""
    seen = set() if seen is None else seen
    resources = resources.get_object() if resources is not None else {}
    for ref in (resources.get("/Font") or {}).values():
        yield ref.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        key = getattr(ref, "idnum", id(xobject))
        if key not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(key)
            yield from font_dicts(xobject.get("/Resources"), seen)


def drawn_glyphs(pdf: bytes) -> list[tuple[EmbeddedFont, set[int]]]:
    """Each font of the page with the codes its text-showing operators draw (2 bytes each: Identity-H)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    drawn: dict[str, set[int]] = defaultdict(set)
    current = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            current = operands[0]
        elif operator in (b"Tj", b"TJ"):
            for item in operands[0] if operator == b"TJ" else operands[:1]:
                if isinstance(item, (str, bytes)):
                    raw = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                    drawn[current].update(int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))
    fonts = page["/Resources"]["/Font"]
    return [(EmbeddedFont(fonts[name].get_object()), cids) for name, cids in drawn.items()]


def glyph_problems(pdf: bytes, text: str) -> list[str]:
    """Whether the embedded fonts really draw every character of ``text``: [] when they do.

    pdftotext finds a name even when it is drawn as .notdef boxes, because WeasyPrint's ToUnicode map still says
    which characters the missing glyphs stand for. So: walk the page's text-showing operators, decode the 2-byte
    codes of each font (Identity-H), and look each one up in the font program embedded in the PDF (through its
    CIDToGIDMap, or its CFF charset). Every glyph drawn must exist, not be .notdef, and have an outline (unless it
    is a space); and every character of ``text`` must be among the characters that drawn glyphs stand for.
    """
    problems, covered = [], defaultdict(list)
    for font, cids in drawn_glyphs(pdf):
        for cid in sorted(cids):
            if problem := font.problem(cid):
                problems.append(f"{problem} (stands for {font.to_unicode.get(cid, '?')!r})")
            for char in font.to_unicode.get(cid, ""):
                covered[char].append(font.base_font)
    for char in text:
        if not char.isspace() and char not in covered:
            problems.append(f"{char!r} (U+{ord(char):04X}) is drawn by no glyph of any embedded font")
    return problems


# --- Tests --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", render.LAYOUTS)
def test_one_a4_landscape_page_under_150_kb_with_a_cjk_name(layout):
    pdf = heavy(layout)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    assert len(pdf) < 150 * 1024, f"{len(pdf) / 1024:.0f} KB"


@pytest.mark.parametrize("script", NAMES)
def test_every_script_is_one_page_and_its_name_extractable(script):
    pdf, warnings = rendered(script)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert len(pdf) < 150 * 1024
    assert not [w for w in warnings if "notdef" in w or "font" in w.lower()], warnings
    name = unicodedata.normalize("NFC", NAMES[script][0])
    text = " ".join(page_text(pdf).split())
    if script == "devanagari":
        # One ToUnicode entry per glyph: a reordered reph/matra cluster may come out in visual order. Each word's
        # first syllable and every character are there; the glyph test below proves each is really drawn.
        assert "प्रिया" in text and set(name) <= set(text)
    else:
        assert name in text


@pytest.mark.parametrize("script", NAMES)
def test_embedded_fonts_draw_every_character_of_the_name(script):
    pdf, _ = rendered(script)
    assert glyph_problems(pdf, NAMES[script][0]) == []


@pytest.mark.skipif(not shutil.which("fc-match"), reason="needs fontconfig's fc-match")
def test_cjk_glyphs_embedded_are_the_system_fonts_own_glyphs():
    """The CJK fonts are re-embedded as bare CFF (glyphs renumbered, CIDs kept): 山 must still be 山."""
    query = [shutil.which("fc-match"), "-f", "%{file}:%{index}", "Noto Serif CJK JP"]
    path, _, index = subprocess.run(query, capture_output=True, text=True, check=True).stdout.rpartition(":")
    with TTFont(path, fontNumber=int(index), lazy=True) as system:
        expected_name = system.getBestCmap()[ord("山")]
        glyph_set = system.getGlyphSet()
        expected = BoundsPen(glyph_set)
        glyph_set[expected_name].draw(expected)
    cjk = [(font, cids) for font, cids in drawn_glyphs(rendered("japanese")[0]) if "CJK-JP" in font.base_font]
    assert cjk, "the Japanese name is not drawn with Noto Serif CJK JP"
    font, cids = cjk[0]
    assert hasattr(font, "charstrings"), "expected a bare CID-keyed CFF (FontFile3 /CIDFontType0C)"
    code = int(expected_name.removeprefix("cid"))
    assert code in cids and "山" in font.to_unicode[code]
    embedded = BoundsPen(None)
    font.glyph_for(code)[1].draw(embedded)
    assert embedded.bounds == pytest.approx(expected.bounds)


def test_a_cjk_font_that_cannot_be_embedded_as_bare_cff_is_subset_by_weasyprint_after_all(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "_bare_cid_cff", lambda font: None)  # as for a font whose CIDs are not glyph ids
    pdf = render.render_pdf(make_doc("김민준", "ko"))
    assert glyph_problems(pdf, "김민준") == []
    assert not any(hasattr(font, "charstrings") for font, _ in drawn_glyphs(pdf))  # OpenType, glyph ids retained


def test_the_glyph_check_catches_a_character_that_no_font_has():
    """A private-use character: pdftotext would still 'find' it through ToUnicode, but no real glyph draws it."""
    pdf = render.render_pdf(make_doc("Lan \ue123"))
    if shutil.which("pdftotext"):  # what a text-only check would accept
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout  # noqa: S607
        assert "Lan \ue123" in text.decode()
    problems = glyph_problems(pdf, "Lan \ue123")
    assert problems and all("\\ue123" in problem for problem in problems), problems


def test_photographs_as_logos_and_signatures_still_make_a_small_pdf():
    noise = Image.frombytes("RGB", (1200, 600), random.Random(1).randbytes(1200 * 600 * 3))  # compresses worst
    png, jpeg = io.BytesIO(), io.BytesIO()
    noise.save(png, "PNG", compress_level=1)
    noise.save(jpeg, "JPEG")
    signatories = (SignatoryDoc("Trần Hồng Hà", "Minister", png.getvalue(), "image/png"),)
    photos = tuple(
        PartyDoc(f"Institution {n}", logo=logo.getvalue(), logo_type=kind, signatories=signatories)
        for n, (logo, kind) in enumerate([(png, "image/png"), (jpeg, "image/jpeg")] * 2)
    )
    pdf = render.render_pdf(make_doc("山田 花子", "ja", parties=photos), credential_json=CREDENTIAL)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert len(pdf) < 150 * 1024, f"{len(pdf) / 1024:.0f} KB"


def test_every_font_is_embedded_none_merely_referenced():
    pdf = heavy("classic")  # serif, sans (stamp), CJK regular and bold, and an SVG logo with text
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = list(font_dicts(page["/Resources"]))
    assert len(fonts) >= 3
    for font in fonts:
        for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
            if part.get("/Subtype") in ("/Type0", "/Type3"):
                continue  # a composite font's program is in its descendant; Type 3 glyphs are drawn inline
            descriptor = part["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), part.get("/BaseFont")


def test_cjk_glyph_shapes_follow_the_name_language():
    page = PdfReader(io.BytesIO(rendered("chinese")[0])).pages[0]
    base_fonts = " ".join(str(font["/BaseFont"]) for font in font_dicts(page["/Resources"]))
    assert "CJK-SC" in base_fonts and "CJK-JP" not in base_fonts


def test_pdf_a_3b_with_the_credential_attached_byte_identical():
    reader = PdfReader(io.BytesIO(rendered("japanese")[0]))
    assert reader.attachments["credential.json"] == [CREDENTIAL]
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    associated = [ref.get_object() for ref in root["/AF"]]  # PDF/A-3: the attachment belongs to the document
    assert len(associated) == 1 and associated[0]["/UF"] == "credential.json"
    assert associated[0]["/AFRelationship"] == "/Alternative"
    assert reader.pdf_header == "%PDF-1.7"


def test_without_a_credential_nothing_is_attached():
    assert render.render_pdf(make_doc("Lan")).count(b"/EmbeddedFile") == 0


def _qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of a segno SVG path: 'M x y' / 'm dx dy' moves and 'h n' horizontal runs at y + 0.5."""
    path = re.search(r'\sd="([^"]+)"', svg) or re.search(r"\sd='([^']+)'", svg)
    x = y = 0.0
    dark = set()
    for op, args in re.findall(r"([MmHhVv])([^MmHhVv]*)", path.group(1)):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if op in "Mm":
            x, y = (numbers[0], numbers[1]) if op == "M" else (x + numbers[0], y + numbers[1])
        elif op in "hH":
            end = x + numbers[0] if op == "h" else numbers[0]
            dark.update((int(column), int(y)) for column in range(int(x), int(end)))
            x = end
    return dark


def test_qr_code_is_segnos_encoding_of_the_verify_url():
    html = render.render_html(make_doc("Lan"))
    uri = re.search(r'<img class="qr" src="(data:image/svg\+xml[^"]+)"', html).group(1)
    svg = urllib.parse.unquote(uri.partition(",")[2].replace("&amp;", "&").replace("&#39;", "'"))
    expected = segno.make(VERIFY_URL, error="m")
    matrix = {(x, y) for y, row in enumerate(expected.matrix) for x, dark in enumerate(row) if dark}
    assert _qr_modules(svg) == matrix
    assert VERIFY_URL in page_text(rendered("vietnamese")[0]).replace("\n", "")


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbarimg and pdftoppm")
def test_qr_code_in_the_pdf_scans_as_the_verify_url(tmp_path):
    for script in ("japanese", "arabic"):
        (tmp_path / "c.pdf").write_bytes(rendered(script)[0])
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", "c.pdf", "c"], cwd=tmp_path, check=True)  # noqa: S607
        scan = subprocess.run(["zbarimg", "--raw", "-q", "c.png"], cwd=tmp_path, capture_output=True, text=True)  # noqa: S607
        assert scan.stdout.strip() == VERIFY_URL


@pytest.mark.parametrize(
    "url", ["https://example.org/logo.png", "http://127.0.0.1/x.png", "file:///etc/passwd", "ftp://example.org/a"]
)
def test_url_fetcher_refuses_everything_but_data_uris(url):
    with pytest.raises(render.RefusedURL):
        render.URL_FETCHER(url)


def test_url_fetcher_serves_data_uris():
    response = render.URL_FETCHER("data:image/png;base64,iVBORw0KGgo=")
    assert response.read() == b"\x89PNG\r\n\x1a\n" and response.content_type == "image/png"


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="https://example.org/logo.png">',
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="https://example.org/x.css">',
        "<style>@import url(file:///etc/hosts); p { background: url(https://example.org/b.png) }</style><p>x</p>",
    ],
)
def test_rendering_a_remote_or_local_resource_fails_without_touching_the_network(monkeypatch, markup):
    def no_network(*args, **kwargs):
        raise AssertionError("the renderer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(render.RefusedURL):
        render.write_pdf(f"<!DOCTYPE html><html><body>{markup}</body></html>", "classic")


@pytest.mark.parametrize("wording", ["Hi {name.__class__}", "{{7*7}} {name}", "{name} {course.__init__}", "{ name }"])
def test_placeholder_injection_is_refused_by_validate_design(wording):
    problems = render.validate_design(Design(wording=wording))
    assert problems and all(isinstance(problem, str) for problem in problems)
    with pytest.raises(render.InvalidDesign):
        render.render_html(make_doc(design=Design(wording=wording)))


def test_markup_and_braces_in_values_and_wording_come_out_as_literal_text():
    wording = "<script>alert(1)</script> This certifies that {name} completed {course} & more."
    assert render.validate_design(Design(wording=wording)) == []
    doc = make_doc("{{7*7}} {course} <b>Lan</b>", design=Design(wording=wording), course_title="{name.__class__}")
    html = render.render_html(doc)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Lan</b>" not in html and "&lt;b&gt;Lan&lt;/b&gt;" in html
    text = page_text(render.render_pdf(doc)).replace("\n", " ")
    assert "<script>alert(1)</script>" in text
    assert "{{7*7}} {course} <b>Lan</b>" in text  # the name is never scanned for placeholders
    assert "{name.__class__}" in text and "49" not in text and "class 'str'" not in text


@pytest.mark.parametrize(
    "colour", ["red", "#fff", "#12345g", "#0b6e4f; background: url(https://x)", "#0b6e4f}body{", "", None]
)
def test_bad_colours_are_refused(colour):
    for design in (Design(primary=colour), Design(accent=colour)):
        assert any("colour" in problem for problem in render.validate_design(design))
        with pytest.raises(render.InvalidDesign):
            render.render_html(make_doc(design=design))


def test_validate_design_reports_plain_english_problems():
    assert render.validate_design(Design()) == []
    problems = render.validate_design(
        Design(layout="baroque", heading="", wording="x" * 401, local_heading="修了証", local_language=None)
    )
    text = " ".join(problems)
    assert "Unknown layout" in text and "heading is empty" in text and "too long" in text and "language" in text
    assert render.validate_design(Design(local_language="ja; x", local_wording="y"))


def test_preview_html_is_self_contained_and_marks_the_name_direction():
    html = render.render_html(make_doc("فاطمة الزهراء", design=Design(layout="modern")))
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "@page" in html
    assert 'font-family: "Noto Sans"' in html  # the stylesheet is inlined as it is, not HTML-escaped
    assert not re.search(r'(src|href)="(?!data:)', html)  # every resource inline
    assert 'dir="auto"' in html and "name-text rtl" in html
    assert "Verify this certificate at" in html and VERIFY_URL in html


def test_printed_details():
    text = page_text(heavy("modern")).replace("\n", " ")
    for expected in (
        "Certificate of Completion".upper(),
        "修了証",
        "12 hours",
        "14 March 2025",
        "13 March 2028",
        "Sound material-cycle society",
        "Ministry of Environment",
        "Kazuhiko Takeuchi",
        "Director, UNU-IAS",
        "7K3F-Q9M2-X8BD-4HNC-WT5R",
        "2025年3月14日",
    ):
        assert expected in text or expected in text.upper(), expected


def test_serial_grouped_for_reading_aloud():
    assert render.group_serial("K7F3Q9M2X8") == "K7F3-Q9M2-X8"
    assert render.group_serial("7k3f-q9m2-x8bd-4hnc-wt5r") == "7k3f-q9m2-x8bd-4hnc-wt5r"
    assert render.group_serial(" AB CD1234 ") == "AB-CD12-34"


def test_unsupported_image_types_are_refused():
    bad = PartyDoc("Evil", logo=b"GIF89a", logo_type="image/gif")
    with pytest.raises(ValueError, match="Unsupported image type"):
        render.render_html(make_doc(parties=(bad,)))
