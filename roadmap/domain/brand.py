"""A firm's brand: its name, accent colour and logo, and the rules a logo and a colour must meet.

Pure rules only: the accent's contrast with white text (WCAG 2), a PNG's header and what an SVG may contain, read
from an element tree the service parsed safely (services.branding uses defusedxml: no DTD, no entities).
A refusal is a `BrandProblem` with a code and the thing found; the service turns it into its error, the web edge
into a translated message.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

LOGO_MAX_BYTES = 1024 * 1024  # "1 MB", as the site's other uploads
LOGO_MAX_PIXELS = 5000  # a side of a PNG: larger is no logo, and costs WeasyPrint memory
PNG, SVG = "image/png", "image/svg+xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
ACCENT_MINIMUM = 4.5  # WCAG 2 AA for normal text: the accent behind white text, or as text on white
ACCENT_PATTERN = re.compile(r"#[0-9a-f]{6}")
# Elements that run code or embed another document (foreignObject holds HTML); refused wherever they are.
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"})
LINK_ATTRIBUTES = frozenset({"href", "src"})
# Images embedded in the SVG itself; another SVG (which could not be checked here) is not among them.
EMBEDDED_IMAGES = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")
CSS_URL = re.compile(r"url\(", re.IGNORECASE)


class BrandProblem(ValueError):
    """Why a logo or colour is refused: `code` names the rule, `found` what broke it (shown in the message)."""

    def __init__(self, code: str, found: str = "", message: str = "") -> None:
        self.code = code
        self.found = found
        super().__init__(message or (f"{code}: {found}" if found else code))


@dataclass(frozen=True)
class Brand:
    """What reports, the welcome page and e-mails show of a firm (a client's own logo in place of the firm's)."""

    name: str | None = None
    accent: str | None = None
    logo: bytes | None = None
    logo_type: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.accent or self.logo)

    @property
    def css_accent(self) -> str | None:
        """The accent where CSS gets it: only ever "#rrggbb", whatever was stored."""
        return self.accent if self.accent and ACCENT_PATTERN.fullmatch(self.accent) else None

    @property
    def logo_uri(self) -> str | None:
        """The logo as a data: URI: pages, PDFs and previews embed it (no URL to fetch, nothing to guess)."""
        if not self.logo or not self.logo_type:
            return None
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"

    @property
    def fingerprint(self) -> str:
        """Changes with the name, the accent or the logo: part of every report cache key."""
        digest = hashlib.sha256()
        for part in (self.name or "", self.accent or "", self.logo_type or ""):
            digest.update(part.encode() + b"\0")
        digest.update(self.logo or b"")
        return digest.hexdigest()


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of "#rrggbb"."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    """The contrast ratio of white text on the colour (1 to 21)."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def accent_colour(text: str) -> str:
    """The accent as stored ("#rrggbb", lower case); BrandProblem "accent-format" or "accent-contrast"."""
    colour = text.strip().lower()
    if not ACCENT_PATTERN.fullmatch(colour):
        raise BrandProblem("accent-format", text.strip()[:20])
    ratio = contrast_with_white(colour)
    if ratio < ACCENT_MINIMUM:
        # Rounded down: 4.48 is not shown as 4.5.
        raise BrandProblem("accent-contrast", f"{int(ratio * 100) / 100:.2f}")
    return colour


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, after checking the whole file: every chunk whole with its CRC, an IHDR first, an
    IEND last and the image data a complete zlib stream. BrandProblem "png-damaged" or "png-too-large".

    Pillow alone cannot say whether a file is cut short: WeasyPrint sets its LOAD_TRUNCATED_IMAGES for the process.
    """
    chunks = list(png_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13 or chunks[-1][0] != b"IEND":
        raise BrandProblem("png-damaged")
    width, height = struct.unpack(">II", chunks[0][1][:8])
    if width == 0 or height == 0:
        raise BrandProblem("png-damaged")
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise BrandProblem("png-too-large", f"{width} x {height}")
    check_image_data(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    return width, height


def png_chunks(data: bytes) -> Iterable[tuple[bytes, bytes]]:
    """Each chunk's type and data after the signature; BrandProblem for one cut short or with a wrong CRC."""
    position = len(PNG_SIGNATURE)
    while position < len(data):
        if position + 12 > len(data):
            raise BrandProblem("png-damaged")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        crc = data[position + 8 + length : position + 12 + length]
        if len(body) != length or len(crc) != 4 or zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise BrandProblem("png-damaged")
        yield kind, body
        position += 12 + length


def check_image_data(compressed: bytes) -> None:
    """The image data must be one whole zlib stream (inflated piece by piece: nothing big is kept)."""
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(compressed, 1 << 16)
        while inflater.unconsumed_tail:
            inflater.decompress(inflater.unconsumed_tail, 1 << 16)
    except zlib.error as error:
        raise BrandProblem("png-damaged") from error
    if not inflater.eof:
        raise BrandProblem("png-damaged")


class Element(Protocol):
    """An element of a parsed SVG (xml.etree's Element)."""

    tag: object
    text: str | None
    attrib: dict[str, str]

    def iter(self) -> Iterable[Element]: ...


def local_name(name: str) -> str:
    """A tag or attribute without its namespace ("{http://www.w3.org/1999/xlink}href" is "href")."""
    return name.rsplit("}", 1)[-1].lower()


def check_svg(root: Element) -> None:
    """Refuse an SVG that could run code or fetch anything: BrandProblem with what was found first."""
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise BrandProblem("svg-not-svg")
    for element in root.iter():
        if not isinstance(element.tag, str):  # a processing instruction (<?xml-stylesheet ...?>)
            raise BrandProblem("svg-instruction", (element.text or "")[:60])
        name = local_name(element.tag)
        if name in FORBIDDEN_ELEMENTS:
            raise BrandProblem("svg-element", f"<{element.tag.rsplit('}', 1)[-1]}>")
        if name == "style":
            check_css(element.text or "")
        for attribute, value in element.attrib.items():
            check_attribute(local_name(attribute), value)


def check_attribute(attribute: str, value: str) -> None:
    if attribute.startswith("on"):
        raise BrandProblem("svg-event", attribute)
    if attribute in LINK_ATTRIBUTES:
        check_reference(value)
    if attribute == "base":  # xml:base would turn "#id" into a link to another address
        raise BrandProblem("svg-reference", value.strip()[:60])
    if attribute == "attributename":  # an animation may not set a link or an event handler
        target = local_name(value)
        if target.startswith("on"):
            raise BrandProblem("svg-event", target)
        if target in LINK_ATTRIBUTES:
            raise BrandProblem("svg-reference", value[:60])
    if attribute == "style":
        check_css(value)
    else:
        check_urls(value)


def check_reference(value: str) -> None:
    """A link may point inside the SVG ("#id") or hold an embedded image (data:image/png...), nothing else."""
    target = "".join(value.split())
    if target.startswith("#") or target.lower().startswith(EMBEDDED_IMAGES):
        return
    raise BrandProblem("svg-reference", value.strip()[:60])


def check_css(text: str) -> None:
    """CSS in a style element or attribute: url() to a fragment only, no @import."""
    if "@import" in text.lower():
        raise BrandProblem("svg-css", "@import")
    check_urls(text)


def check_urls(text: str) -> None:
    """Every url() in a value (fill="url(#gradient)") points inside the SVG, an unclosed one too (CSS reads it to
    the end); no CSS escapes, which could spell a url() these checks would not see."""
    if "\\" in text:
        raise BrandProblem("svg-css", "\\")
    for match in CSS_URL.finditer(text):
        target = text[match.end() :].split(")", 1)[0].strip().strip("'\"").strip()
        if not target.startswith("#"):
            raise BrandProblem("svg-css", text[match.start() : match.start() + 60])
