"""What a logo and an accent colour must be: every bad logo refused with what was found, colours below WCAG AA
refused with their ratio, the good ones taken (services.branding, domain.brand)."""

from __future__ import annotations

import pytest
from PIL import ImageFile

from roadmap.domain import brand as rules
from roadmap.domain.brand import BrandProblem
from roadmap.services import branding
from tests.brand.conftest import GOOD_SVG, SVG_OPEN, png, svg

BAD_LOGOS = {
    "too big": (png() + b"\0" * rules.LOGO_MAX_BYTES, "logo-too-big", "1.0 MB"),
    "empty": (b"", "logo-empty", ""),
    "a GIF calling itself a PNG": (b"GIF89a\x01\x00\x01\x00" + b"\0" * 40, "logo-type", ""),
    "a PNG signature on nothing": (rules.PNG_SIGNATURE + b"\0" * 40, "png-damaged", ""),
    "a truncated PNG": (png()[:60], "png-damaged", ""),
    "a PNG without its end": (png()[:-12], "png-damaged", ""),
    "a PNG with a wrong CRC": (png()[:-5] + b"\0" + png()[-4:], "png-damaged", ""),
    "a PNG too large": (png(6000, 10), "png-too-large", "6000 x 10"),
    "not XML": (b"<svg <<", "svg-unreadable", ""),
    "XML that is not SVG": (b"<html><body/></html>", "svg-not-svg", ""),
    "SVG without its namespace": (b"<svg><rect/></svg>", "svg-not-svg", ""),
    "script": (svg("<script>alert(1)</script>"), "svg-element", "<script>"),
    "foreignObject": (svg("<foreignObject><p>hi</p></foreignObject>"), "svg-element", "<foreignObject>"),
    "onload": (svg("<rect/>", SVG_OPEN.replace("<svg ", '<svg onload="alert(1)" ')), "svg-event", "onload"),
    "onclick on a child": (svg('<rect onClick="x()"/>'), "svg-event", "onclick"),
    "external href": (svg('<image href="https://evil.example/x.png"/>'), "svg-reference", "https://evil.example/x.png"),
    "xlink:href to a file": (svg('<use xlink:href="file:///etc/passwd#x"/>'), "svg-reference", "file:///etc/passwd#x"),
    "xml:base": (svg('<use xml:base="https://evil.example/" href="#g"/>'), "svg-reference", "https://evil.example/"),
    "javascript: link": (svg('<a href="javascript:alert(1)"><rect/></a>'), "svg-reference", "javascript:alert(1)"),
    "nested SVG by data:": (svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'), "svg-reference", "data:image"),
    "animation setting a link": (svg('<a><set attributeName="href" to="javascript:x"/></a>'), "svg-reference", "href"),
    "style url()": (svg('<rect style="fill: url(https://evil.example/a)"/>'), "svg-css", "url(https://evil.example/a)"),
    "style element url()": (svg("<style>rect { fill: url('//evil.example/a') }</style>"), "svg-css", "url("),
    "attribute url()": (svg('<rect fill="url(http://evil.example/#g)"/>'), "svg-css", "url(http://evil.example"),
    "unclosed url()": (svg('<rect style="fill: URL( https://evil.example/a"/>'), "svg-css", "URL( https://evil"),
    "escape in an attribute": (svg('<rect fill="\\75rl(//evil.example)"/>'), "svg-css", "\\"),
    "@import": (svg('<style>@import "https://evil.example/a.css";</style>'), "svg-css", "@import"),
    "CSS escape": (svg('<rect style="fill: u\\72l(//evil.example)"/>'), "svg-css", "\\"),
    "stylesheet instruction": (
        b'<?xml-stylesheet href="https://evil.example/a.css"?>' + svg("<rect/>"),
        "svg-instruction",
        "evil.example",
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"),
        "svg-dtd",
        "",
    ),
    "a DTD": (
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/svg11.dtd">' + svg(""),
        "svg-dtd",
        "",
    ),
    "billion laughs": (
        b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + svg("<text>&b;</text>"),
        "svg-dtd",
        "",
    ),
}


@pytest.fixture(params=[False, True], ids=["", "after WeasyPrint"])
def truncated_images_allowed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process: the checks must not depend on it."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", request.param)


@pytest.mark.parametrize("name", BAD_LOGOS)
@pytest.mark.usefixtures("truncated_images_allowed")
def test_a_bad_logo_is_refused_naming_what_was_found(name: str) -> None:
    data, code, found = BAD_LOGOS[name]
    with pytest.raises(BrandProblem) as refused:
        branding.logo_type(data)
    assert refused.value.code == code
    assert found in refused.value.found


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (png(), rules.PNG),
        (GOOD_SVG, rules.SVG),
        (b'<?xml version="1.0" encoding="UTF-8"?>\n' + GOOD_SVG, rules.SVG),
        (b"\xef\xbb\xbf" + GOOD_SVG, rules.SVG),
        (svg(f'<image href="data:image/png;base64,{"A" * 20}"/>'), rules.SVG),
        (svg('<a href="#top"><rect/></a><animate attributeName="opacity" to="0"/>'), rules.SVG),
    ],
)
def test_a_good_logo_is_taken_its_type_judged_by_content(data: bytes, kind: str) -> None:
    assert branding.logo_type(data) == kind


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ffffff", 1.0), ("#000000", 21.0), ("#ffff00", 1.07), ("#777777", 4.48), ("#767676", 4.54), ("#1d5f8a", 6.87)],
)
def test_the_contrast_with_white_text_is_wcag_2s(colour: str, ratio: float) -> None:
    assert rules.contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(("colour", "ratio"), [("#ffff00", "1.07"), ("#777777", "4.47"), ("#00ff00", "1.37")])
def test_an_accent_below_aa_is_refused_with_its_ratio(colour: str, ratio: str) -> None:
    with pytest.raises(BrandProblem) as refused:
        rules.accent_colour(colour)
    assert refused.value.code == "accent-contrast"
    assert refused.value.found == ratio


@pytest.mark.parametrize(
    ("typed", "stored"), [("#767676", "#767676"), (" #1D5F8A ", "#1d5f8a"), ("#000000", "#000000")]
)
def test_an_accent_at_or_above_aa_is_taken(typed: str, stored: str) -> None:
    assert rules.accent_colour(typed) == stored


@pytest.mark.parametrize("typed", ["1d5f8a", "#1d5f8", "#1d5f8a0", "#ggg000", "red", "#1d5f8a;}"])
def test_an_accent_not_written_as_rrggbb_is_refused(typed: str) -> None:
    with pytest.raises(BrandProblem) as refused:
        rules.accent_colour(typed)
    assert refused.value.code == "accent-format"


def test_the_brand_fingerprint_changes_with_each_part() -> None:
    base = rules.Brand("Social Inc.", "#1d5f8a", png(), rules.PNG)
    changed = [
        rules.Brand("Social Inc", "#1d5f8a", png(), rules.PNG),
        rules.Brand("Social Inc.", "#1d5f8b", png(), rules.PNG),
        rules.Brand("Social Inc.", "#1d5f8a", png(colour="#000000"), rules.PNG),
    ]
    assert len({base.fingerprint, *(brand.fingerprint for brand in changed)}) == 4
    assert rules.Brand("x", "#1d5f8a;}").css_accent is None
