"""A firm's brand (name, accent colour, logo) and a client's own logo: checked, saved, cleared, and read for the
reports, the respondents' welcome page and the invitation e-mails.

A logo's type is decided by its content, never by its file name: a PNG by its signature, header and a full decode
(Pillow); an SVG by a parse with defusedxml (no DTD, no entities, nothing external) whose elements, attributes and
styles are then checked by `domain.brand.check_svg`. A refused logo or colour raises `BrandRefused` and stores
nothing. Pages and PDFs embed the logo as a data: URI (`Brand.logo_uri`): there is no URL that serves it. The
firm's log records each change once it is stored (`web.auditing.firm_changed`).
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import ParseError, TreeBuilder

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser
from PIL import Image
from sqlalchemy.orm import Session

from roadmap.domain import brand as rules
from roadmap.domain.brand import Brand, BrandProblem
from roadmap.models import Client, Firm
from roadmap.services.accounts import AccountError, name_text
from roadmap.services.errors import Invalid


class BrandRefused(Invalid):
    """A logo, colour or name the brand does not take; `problem` says which rule and what was found."""

    def __init__(self, field: str, problem: BrandProblem) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field} refused: {problem}", [f"{field}: {problem}"])


def logo_type(data: bytes) -> str:
    """PNG or SVG, by the content; BrandProblem for anything else or anything unsafe."""
    if len(data) > rules.LOGO_MAX_BYTES:
        raise BrandProblem("logo-too-big", f"{len(data) / (1024 * 1024):.1f} MB")
    if not data:
        raise BrandProblem("logo-empty")
    if data.startswith(rules.PNG_SIGNATURE):
        check_png(data)
        return rules.PNG
    if looks_like_xml(data):
        check_svg(data)
        return rules.SVG
    raise BrandProblem("logo-type")


def looks_like_xml(data: bytes) -> bool:
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<")


def check_png(data: bytes) -> None:
    """The header's size within bounds, then a full decode: a truncated or damaged file is refused here."""
    rules.png_size(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise BrandProblem("png-damaged")
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        if isinstance(error, BrandProblem):
            raise
        raise BrandProblem("png-damaged") from error


class SvgTree(TreeBuilder):
    """The parsed tree, and every processing instruction (<?xml-stylesheet?>), before the root element too."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> None:  # type: ignore[override]
        self.instructions.append(f"{target} {text or ''}".strip())


def check_svg(data: bytes) -> None:
    tree = SvgTree()
    parser = DefusedXMLParser(target=tree, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as error:
        raise BrandProblem("svg-dtd") from error
    except (ParseError, ValueError) as error:
        raise BrandProblem("svg-unreadable") from error
    if tree.instructions:
        raise BrandProblem("svg-instruction", tree.instructions[0][:60])
    rules.check_svg(root)


def checked_logo(data: bytes) -> tuple[bytes, str]:
    try:
        return data, logo_type(data)
    except BrandProblem as problem:
        raise BrandRefused("logo", problem) from problem


def checked_accent(text: str | None) -> str | None:
    if not (text or "").strip():
        return None
    try:
        return rules.accent_colour(text or "")
    except BrandProblem as problem:
        raise BrandRefused("accent", problem) from problem


def checked_name(text: str | None) -> str | None:
    try:
        return name_text("firm name", text)
    except AccountError as error:
        raise BrandRefused("name", BrandProblem("name", message=str(error))) from error


def save_firm_brand(
    session: Session, firm: Firm, name: str | None, accent: str | None, logo: bytes | None = None
) -> None:
    """The firm's name and accent (empty: none), and its logo when one is given; everything is checked first, so a
    refusal stores nothing."""
    name, accent = checked_name(name), checked_accent(accent)
    checked = checked_logo(logo) if logo is not None else None
    firm.name, firm.accent = name, accent
    if checked is not None:
        firm.logo, firm.logo_type = checked
    session.commit()


def clear_firm_logo(session: Session, firm: Firm) -> None:
    firm.logo, firm.logo_type = None, None
    session.commit()


def save_client_logo(session: Session, client: Client, logo: bytes) -> None:
    """The client's own logo on its own reports, in place of the firm's."""
    client.logo, client.logo_type = checked_logo(logo)
    session.commit()


def clear_client_logo(session: Session, client: Client) -> None:
    client.logo, client.logo_type = None, None
    session.commit()


def firm_brand(firm: Firm | None) -> Brand | None:
    """The firm's brand, or None when it has none: then everything looks as it does without firms."""
    if firm is None:
        return None
    found = Brand(name=firm.name, accent=firm.accent, logo=firm.logo, logo_type=firm.logo_type)
    return None if found.is_empty else found


def client_brand(client: Client) -> Brand | None:
    """The brand on a client's reports: its firm's, with the client's own logo in place of the firm's."""
    firm = client.firm
    if client.logo is None:
        return firm_brand(firm)
    return Brand(
        name=firm.name if firm else None,
        accent=firm.accent if firm else None,
        logo=client.logo,
        logo_type=client.logo_type,
    )
