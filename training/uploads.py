"""Image uploads: size limit, type by content, and SVG sanitising.

A PNG or JPEG must decode with Pillow (a renamed text file or a truncated image
is refused). An SVG is parsed without DTDs or entities and kept only if every
element and attribute is on an allow-list; anything active (scripts, event
handlers, external references, foreignObject) makes it refused.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "defs",
    "lineargradient",
    "radialgradient",
    "stop",
    "title",
    "desc",
    "clippath",
    "use",
    "symbol",
    "mask",
    "pattern",
}
SVG_ATTRIBUTES = {
    "id",
    "class",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "width",
    "height",
    "viewbox",
    "preserveaspectratio",
    "transform",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-miterlimit",
    "opacity",
    "offset",
    "stop-color",
    "stop-opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "gradientunits",
    "gradienttransform",
    "clip-path",
    "clip-rule",
    "href",
    "version",
    "mask",
    "style",
    "dx",
    "dy",
    "letter-spacing",
    "dominant-baseline",
    "patternunits",
    "maskunits",
    "clippathunits",
    "fx",
    "fy",
    "spreadmethod",
}
_UNSAFE_VALUE = re.compile(r"(javascript:|data:|url\(\s*['\"]?\s*(?!#)|expression\(|@import|https?:)", re.I)


class UploadError(ValueError):
    """The file cannot be accepted; the message is safe to show to the user."""


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    content_type: str
    extension: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def sanitise_svg(data: bytes) -> bytes:
    """Return the SVG unchanged when it is safe, else raise UploadError."""
    text = data.decode("utf-8", errors="strict") if data else ""
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.I):
        raise UploadError(_l("SVG files with a DOCTYPE or entities are not accepted."))
    # The parser drops processing instructions, so <?xml-stylesheet href=...?> would pass unseen below.
    if re.search(r"<\?(?!xml[\s?])", text, re.I):
        raise UploadError(_l("SVG files that link to other files are not accepted."))
    try:
        root = SafeET.fromstring(text)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise UploadError(_l("This SVG file could not be read.")) from exc
    if _local(root.tag) != "svg":
        raise UploadError(_l("This file is not an SVG image."))
    for element in root.iter():
        if not isinstance(element.tag, str) or _local(element.tag) not in SVG_ELEMENTS:
            raise UploadError(_l("SVG files with scripts or embedded content are not accepted."))
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on") or local not in SVG_ATTRIBUTES:
                raise UploadError(_l("SVG files with scripts or embedded content are not accepted."))
            if local == "href" and not value.startswith("#"):
                raise UploadError(_l("SVG files that link to other files are not accepted."))
            if _UNSAFE_VALUE.search(value):
                raise UploadError(_l("SVG files that link to other files are not accepted."))
        if _local(element.tag) == "style" or (element.text and _UNSAFE_VALUE.search(element.text)):
            raise UploadError(_l("SVG files that link to other files are not accepted."))
    return data


def check_image(data: bytes, max_bytes: int) -> CheckedImage:
    """Validate an uploaded image by its content; PNG, JPEG or SVG."""
    if not data:
        raise UploadError(_l("The file is empty."))
    if len(data) > max_bytes:
        raise UploadError(_l("The file is too large (at most %(size)s KB).", size=max_bytes // 1024))
    head = data[:512].lstrip()
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                # Checked before decoding: a small file can declare a huge canvas (a decompression bomb).
                if image.width * image.height > 40_000_000:
                    raise UploadError(_l("The image is too large."))
                image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, UnicodeDecodeError, Image.DecompressionBombError) as exc:
            raise UploadError(_l("The image is damaged or not really a PNG or JPEG file.")) from exc
        if fmt == "PNG":
            return CheckedImage(data, "image/png", "png")
        if fmt == "JPEG":
            return CheckedImage(data, "image/jpeg", "jpg")
    elif head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in data[:1024]:
        try:
            return CheckedImage(sanitise_svg(data), "image/svg+xml", "svg")
        except UnicodeDecodeError as exc:
            raise UploadError(_l("This SVG file could not be read.")) from exc
    raise UploadError(_l("Only PNG, JPEG or SVG images are accepted."))


_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|OpenAction)\b")


def check_pdf(data: bytes, max_bytes: int) -> CheckedImage:
    """A PDF attachment: real PDF structure, within the size limit, and nothing that runs."""
    if not data:
        raise UploadError(_l("The file is empty."))
    if len(data) > max_bytes:
        raise UploadError(_l("The file is too large (at most %(size)s KB).", size=max_bytes // 1024))
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadError(_l("The file is damaged or not really a PDF."))
    if _PDF_ACTIVE.search(data):
        raise UploadError(_l("PDF files with scripts, actions or embedded files are not accepted."))
    return CheckedImage(data, "application/pdf", "pdf")


def check_attachment(data: bytes, max_bytes: int, *, allow_pdf: bool) -> CheckedImage:
    """An image (PNG, JPEG, SVG) or, where allowed, a PDF, recognised by content."""
    if allow_pdf and data[:5] == b"%PDF-":
        return check_pdf(data, max_bytes)
    try:
        return check_image(data, max_bytes)
    except UploadError:
        if allow_pdf and data and not data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"<")):
            raise UploadError(_l("Only PDF, PNG, JPEG or SVG files are accepted.")) from None
        raise
