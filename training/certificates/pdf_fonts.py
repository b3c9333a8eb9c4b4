"""Small CJK fonts in certificate PDFs: embed only the glyphs a certificate draws.

Used by :mod:`training.certificates.render` around each ``write_pdf``; it patches WeasyPrint 70's
``Font.subset`` for CFF-based CJK fonts, and only while a certificate is being written (a context variable
is set by :func:`deferring`). tests/test_certificate_render.py covers the glyphs, the outlines and the
fallback to WeasyPrint's own subsetting: re-run it after any WeasyPrint upgrade.
"""

from __future__ import annotations

import contextlib
import contextvars
import io

import pydyf
import weasyprint.pdf.fonts
from fontTools.cffLib import CFFFontSet
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import get_hb_object_data

# CJK fonts. WeasyPrint subsets fonts keeping their glyph ids: for Noto CJK that takes ~16 ms per font and still
# leaves ~60,000 empty glyphs, ~100 KB per font even for a three-letter name. While a certificate is written, such
# fonts (CFF-based, large) are left unsubset, and the finisher embeds each as a bare CID-keyed CFF (FontFile3
# /CIDFontType0C) of the glyphs drawn: its charset maps each CID, the Identity-H code on the page, to its glyph, so
# HarfBuzz can renumber the glyphs (it keeps their CIDs) without a change to the page. The usual way to embed CJK.
_DEFERRED_FONTS: contextvars.ContextVar[dict | None] = contextvars.ContextVar("deferred_fonts", default=None)
_weasyprint_subset = weasyprint.pdf.fonts.Font.subset


def _subset(font, to_unicode, hinting) -> None:
    deferred = _DEFERRED_FONTS.get()
    if deferred is None or harfbuzz_subset is None or "CFF " not in font.tables or font.glyph_count < 5000:
        return _weasyprint_subset(font, to_unicode, hinting)
    font.file_content = b"OTTO" + font.hash.encode()  # a stand-in ("OTTO": an OpenType CFF font), replaced below
    deferred[id(font.file_content)] = font


weasyprint.pdf.fonts.Font.subset = _subset


def finish(document, pdf) -> None:
    """Finisher: list each attachment once in /AF; embed the deferred CJK fonts as bare CID-keyed CFF."""
    if "AF" in pdf.catalog:  # WeasyPrint's PDF/A step lists each attachment twice
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    deferred = _DEFERRED_FONTS.get() or {}
    for cid_font in pdf.objects:
        if not isinstance(cid_font, dict) or cid_font.get("Subtype") != "/CIDFontType0":
            continue
        stream = pdf.objects[_number(pdf.objects[_number(cid_font["FontDescriptor"])]["FontFile3"])]
        if (font := deferred.get(id(stream.stream[0]))) is None:
            continue
        if bare := _bare_cid_cff(font):
            stream.stream = [bare]
            stream.extra["Subtype"] = "/CIDFontType0C"
            cid_font.pop("CIDToGIDMap", None)  # only for TrueType-based CIDFontType2
        else:  # not Adobe-Identity-0: WeasyPrint's own subset after all
            font.file_content = get_hb_object_data(font.hb_face)
            _weasyprint_subset(font, font.to_unicode, False)
            stream.stream = [font.file_content]


def _number(reference: bytes | str) -> int:
    return int((reference.decode() if isinstance(reference, bytes) else reference).split()[0])


def _bare_cid_cff(font) -> bytes | None:
    """The CFF table of a HarfBuzz subset of the font with only the glyphs drawn, or None if it is not CID-keyed."""
    plan = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    glyphs = sorted({0, *(glyph for glyph in font.widths if glyph < font.glyph_count)})
    harfbuzz.hb_set_add_sorted_array(harfbuzz_subset.hb_subset_input_glyph_set(plan), glyphs, len(glyphs))
    drop = harfbuzz_subset.hb_subset_input_set(plan, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    for tag in (b"GSUB", b"GPOS", b"BASE", b"JSTF", b"VORG", b"vmtx", b"vhea"):  # no layout closure: the glyphs drawn
        harfbuzz.hb_set_add_sorted_array(drop, [harfbuzz.hb_tag_from_string(tag, -1)], 1)
    flags = harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE | harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    harfbuzz_subset.hb_subset_input_set_flags(plan, flags | harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE)
    face = harfbuzz_subset.hb_subset_or_fail(font.hb_face, plan)
    if face == ffi.NULL:
        return None
    blob = harfbuzz.hb_face_reference_table(face, harfbuzz.hb_tag_from_string(b"CFF ", -1))
    length = ffi.new("unsigned int *")
    cff = bytes(ffi.buffer(harfbuzz.hb_blob_get_data(blob, length), length[0]))
    harfbuzz.hb_blob_destroy(blob)
    harfbuzz.hb_face_destroy(face)
    # Keep it only if it is CID-keyed with CIDs equal to glyph ids (Adobe-Identity-0, as Noto CJK): then every glyph
    # drawn keeps its code. HarfBuzz may keep a variant glyph more (through the cmap), which is harmless.
    top = CFFFontSet()
    top.decompile(io.BytesIO(cff), None)
    top = top.topDictIndex[0]
    if getattr(top, "ROS", None) != ("Adobe", "Identity", 0):
        return None
    cids = [0 if name == ".notdef" else int(name[3:]) for name in top.charset]
    return cff if set(glyphs) <= set(cids) and cids == sorted(cids) else None


@contextlib.contextmanager
def deferring():
    """While a certificate is written: large CFF fonts wait for :func:`finish` to embed them."""
    token = _DEFERRED_FONTS.set({})
    try:
        yield
    finally:
        _DEFERRED_FONTS.reset(token)
