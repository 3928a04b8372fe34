"""Slides as a PowerPoint file (.pptx, with python-pptx): 16:9, real text boxes and tables a consultant can edit.

What the caller hands over is written as it is: text already in the deck's language, numbers already formatted.
Every slide's title is the slide's title placeholder (PowerPoint's outline and screen readers find it there), on a
bar in the accent colour; below it paragraphs, a table, a picture (PNG, with its alternative text) or two columns
of paragraphs, and a line of speaker notes. The cover has the organisation on the accent bar and a PNG or JPEG
logo in its corner (python-pptx embeds no SVG: an SVG logo is left out). The text is marked with the deck's
language, so PowerPoint checks the spelling of a Dutch deck in Dutch.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

log = logging.getLogger(__name__)

# Lengths in EMU (914,400 an inch), as plain ints: python-pptx's Length is an int, and sums of them are ints.
WIDTH, HEIGHT = int(Inches(13.333)), int(Inches(7.5))  # 16:9
MARGIN = int(Inches(0.6))
BAR_HEIGHT = int(Inches(1.1))
BODY_TOP = int(Inches(1.45))
FOOTER_TOP = HEIGHT - int(Inches(0.5))
ROW_HEIGHT = int(Inches(0.42))
TITLE_ONLY = 5  # the layout of python-pptx's default template with just a title placeholder
INK, MUTED, SOFT, WHITE = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x4A, 0x4A, 0x4A), RGBColor(0xF2, 0xF6, 0xF9), "FFFFFF"
LANGUAGE_TAGS = {"en": "en-GB", "nl": "nl-NL"}
LOGO_TYPES = ("image/png", "image/jpeg")
HEX_COLOUR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text box: level 0 is a paragraph, level 1 a bullet point under it."""

    text: str
    level: int = 0
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table: its headers and rows of text, the columns aligned right (numbers) and relative column widths."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    numeric: Sequence[int] = ()
    widths: Sequence[float] = ()


@dataclass(frozen=True)
class Picture:
    png: bytes
    description: str  # the alternative text


@dataclass(frozen=True)
class Slide:
    """One slide: a title and any of body paragraphs, a table, a picture, a second column (`aside`); notes."""

    title: str
    body: Sequence[Paragraph] = ()
    table: Table | None = None
    picture: Picture | None = None
    aside: Sequence[Paragraph] = ()  # a second, wider column on the right
    notes: str = ""


@dataclass(frozen=True)
class Cover:
    kicker: str  # the line above the title
    title: str
    subtitle: str
    facts: Sequence[str] = ()
    note: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Logo:
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class Style:
    """The deck's colours (from the accent) and language; `footer` is written at the bottom of every slide."""

    accent: RGBColor
    language: str
    footer: str = ""
    on_accent: RGBColor = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "on_accent", text_colour_on(self.accent))


def colour(text: str) -> RGBColor:
    """A colour from its hex form: "#1f5fa8", "1f5fa8" or "#15a"; ValueError for anything else."""
    match = HEX_COLOUR.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a hex colour: {text!r}")
    digits = match.group(1)
    return RGBColor.from_string(digits if len(digits) == 6 else "".join(d * 2 for d in digits))


def luminance(rgb: RGBColor) -> float:
    """WCAG's relative luminance of a colour."""
    channels = [value / 255 for value in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour_on(background: RGBColor) -> RGBColor:
    """White on a dark background, ink on a light one: whichever contrasts more (a firm's colour may be pale)."""
    light = luminance(background)
    on_white = 1.05 / (light + 0.05)
    on_ink = (light + 0.05) / (luminance(INK) + 0.05)
    return RGBColor.from_string(WHITE) if on_white >= on_ink else INK


def deck_bytes(cover: Cover, slides: Sequence[Slide], style: Style, title: str, logo: Logo | None = None) -> bytes:
    """The cover and the slides as the bytes of a .pptx file; `title` is the file's document title."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(WIDTH), Emu(HEIGHT)
    properties = presentation.core_properties
    properties.title, properties.author, properties.last_modified_by = title, "Roadmap", "Roadmap"
    properties.language = LANGUAGE_TAGS.get(style.language, style.language)
    properties.created = properties.modified = datetime.now(UTC).replace(tzinfo=None)
    properties.revision = 1
    add_cover(presentation, cover, style, logo)
    for slide in slides:
        add_slide(presentation, slide, style)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def new_slide(
    presentation: PresentationObject,
    title: str,
    style: Style,
    top: int = 0,
    height: int = BAR_HEIGHT,
    size: int = 32,
    footer: bool = True,
) -> PptxSlide:
    """A slide with its title on the accent bar, at `top`, and the footer."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY])
    bar = slide.shapes.title
    assert bar is not None
    bar.left, bar.top, bar.width, bar.height = Emu(0), Emu(top), Emu(WIDTH), Emu(height)
    bar.fill.solid()
    bar.fill.fore_color.rgb = style.accent
    frame = bar.text_frame
    frame.margin_left = frame.margin_right = Emu(MARGIN)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    write(frame, [Paragraph(title, bold=True)], style, size=size, colour=style.on_accent)
    if footer and style.footer:
        write(
            text_box(slide, MARGIN, FOOTER_TOP, WIDTH - 2 * MARGIN, Inches(0.35)),
            [Paragraph(style.footer)],
            style,
            size=10,
            colour=MUTED,
        )
    return slide


def write(
    frame: TextFrame, paragraphs: Sequence[Paragraph], style: Style, size: int = 20, colour: RGBColor = INK
) -> None:
    """Paragraphs into a text frame (replacing its text); level 1 is a bullet point, a size smaller."""
    frame.word_wrap = True
    tag = LANGUAGE_TAGS.get(style.language, style.language)
    for number, paragraph in enumerate(paragraphs):
        shown = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        shown.alignment = PP_ALIGN.LEFT
        if number:
            shown.space_before = Pt(8 if paragraph.level == 0 else 4)
        text = f"\u2022 {paragraph.text}" if paragraph.level else paragraph.text
        run = shown.add_run()
        run.text = text
        run.font.size = Pt(size - 2 * min(paragraph.level, 1))
        run.font.bold = paragraph.bold
        run.font.color.rgb = colour
        run._r.get_or_add_rPr().set("lang", tag)
        if paragraph.level:
            shown.level = 1


def text_box(slide: PptxSlide, left: int, top: int, width: int, height: int) -> TextFrame:
    frame = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height)).text_frame
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    return frame


def add_slide(presentation: PresentationObject, content: Slide, style: Style) -> None:
    slide = new_slide(presentation, content.title, style)
    top, bottom = BODY_TOP, FOOTER_TOP - Inches(0.1)
    width = WIDTH - 2 * MARGIN
    if content.picture is not None:
        top = add_picture(slide, content.picture, top, bottom - Inches(0.9))
    if content.table is not None:
        top = add_table(slide, content.table, style, top, width)
    if content.aside:  # the aside is the wider column, a size smaller: it holds the longer text
        gap = int(Inches(0.5))
        column = (width - gap) * 2 // 5
        write(text_box(slide, MARGIN, top, column, bottom - top), content.body, style, size=18)
        aside = text_box(slide, MARGIN + column + gap, top, width - column - gap, bottom - top)
        write(aside, content.aside, style, size=16)
    elif content.body:
        small = content.picture is not None or content.table is not None
        write(text_box(slide, MARGIN, top, width, bottom - top), content.body, style, size=14 if small else 20)
    notes(slide, content.notes)


def add_picture(slide: PptxSlide, picture: Picture, top: int, bottom: int) -> int:
    """The picture centred, as tall as the room allows; where the text below it starts."""
    shown = slide.shapes.add_picture(io.BytesIO(picture.png), Emu(0), Emu(top), height=Emu(bottom - top))
    shown.left = Emu((WIDTH - shown.width) // 2)
    shown._element._nvXxPr.cNvPr.set("descr", picture.description)
    return bottom + Inches(0.1)


def add_table(slide: PptxSlide, table: Table, style: Style, top: int, width: int) -> int:
    """A real table: a header row on the accent colour, banded rows; where the text below it starts."""
    columns = len(table.headers)
    height = ROW_HEIGHT * (len(table.rows) + 1)
    shape = slide.shapes.add_table(len(table.rows) + 1, columns, Emu(MARGIN), Emu(top), Emu(width), Emu(height))
    grid = shape.table
    weights = list(table.widths) or [1.0] * columns
    for index in range(columns):
        grid.columns[index].width = Emu(int(width * weights[index] / sum(weights)))
    for row in grid.rows:
        row.height = Emu(ROW_HEIGHT)
    for index, header in enumerate(table.headers):
        cell_text(grid.cell(0, index), header, style, index in table.numeric, style.accent, style.on_accent, True)
    for number, values in enumerate(table.rows, start=1):
        fill = SOFT if number % 2 == 0 else RGBColor.from_string(WHITE)
        for index, value in enumerate(values):
            cell_text(grid.cell(number, index), value, style, index in table.numeric, fill, INK, False)
    return top + height + Inches(0.25)


def cell_text(cell: object, text: str, style: Style, right: bool, fill: RGBColor, colour: RGBColor, bold: bool) -> None:
    cell.fill.solid()  # type: ignore[attr-defined]
    cell.fill.fore_color.rgb = fill  # type: ignore[attr-defined]
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE  # type: ignore[attr-defined]
    frame = cell.text_frame  # type: ignore[attr-defined]
    write(frame, [Paragraph(text, bold=bold)], style, size=14, colour=colour)
    frame.paragraphs[0].alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT


def add_cover(presentation: PresentationObject, cover: Cover, style: Style, logo: Logo | None) -> None:
    slide = new_slide(presentation, cover.title, style, Inches(2.3), Inches(1.6), size=40, footer=False)
    width = WIDTH - 2 * MARGIN
    kicker_colour = style.accent if text_colour_on(style.accent) != INK else INK  # readable on white
    write(
        text_box(slide, MARGIN, Inches(1.5), width, Inches(0.6)),
        [Paragraph(cover.kicker, bold=True)],
        style,
        size=18,
        colour=kicker_colour,
    )
    write(text_box(slide, MARGIN, Inches(4.1), width, Inches(0.7)), [Paragraph(cover.subtitle)], style, size=28)
    facts = [Paragraph(fact) for fact in cover.facts]
    write(text_box(slide, MARGIN, Inches(4.9), width, Inches(1.4)), facts, style, size=16, colour=MUTED)
    if cover.note:
        write(text_box(slide, MARGIN, Inches(6.3), width, Inches(0.6)), [Paragraph(cover.note)], style, size=12)
    if logo is not None:
        add_logo(slide, logo)
    notes(slide, cover.notes)


def notes(slide: PptxSlide, text: str) -> None:
    """The slide's speaker notes."""
    if text:
        frame = slide.notes_slide.notes_text_frame
        assert frame is not None
        frame.text = text


def add_logo(slide: PptxSlide, logo: Logo) -> None:
    """The logo in the top right corner, at most 1 inch tall and 3 wide; left out when it cannot be embedded."""
    if logo.mime_type not in LOGO_TYPES:
        log.info("slide deck without the logo: python-pptx cannot embed %s", logo.mime_type)
        return
    try:
        picture = slide.shapes.add_picture(io.BytesIO(logo.content), Emu(0), Inches(0.3), height=Inches(1))
    except Exception:  # a damaged image: the deck is still worth having
        log.warning("slide deck without the logo: the image could not be read", exc_info=True)
        return
    if picture.width > Inches(3):
        picture.height = Emu(int(picture.height * Inches(3) / picture.width))
        picture.width = Inches(3)
    picture.left = Emu(WIDTH - MARGIN - picture.width)
    picture._element._nvXxPr.cNvPr.set("descr", "Logo")
