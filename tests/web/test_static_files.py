"""Static files: hashed names cached for a year, gzip and brotli by Accept-Encoding, pages that use the hashed names."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import brotli
import plotly.offline
import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.config import PROJECT_ROOT
from roadmap.domain.questionnaire import Questionnaire
from roadmap.web.static_files import build, hashed_name
from tests.conftest import all_answers
from tests.web.conftest import parse_html

STATIC = PROJECT_ROOT / "static"
HASHED = re.compile(r"/static/(?P<name>.+)\.[0-9a-f]{12}(?P<suffix>\.\w+)")
ONE_YEAR_IMMUTABLE = "max-age=31536000, public, immutable"
DECODE: dict[str, Callable[[bytes], bytes]] = {"br": brotli.decompress, "gzip": gzip.decompress}


def hashed_url(app: Flask, name: str) -> str:
    return "/static/" + app.extensions["static_files"][name]


@pytest.mark.parametrize("name", ["js/plotly.min.js", "js/charts.js", "css/site.css"])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_hashed_file_is_compressed_and_cached_for_a_year(
    app: Flask, client: FlaskClient, name: str, encoding: str
) -> None:
    with client.get(hashed_url(app, name), headers={"Accept-Encoding": f"{encoding}, deflate"}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert response.headers["Cache-Control"] == ONE_YEAR_IMMUTABLE
        assert response.headers["Vary"] == "Accept-Encoding"
        assert DECODE[encoding](response.data) == (STATIC / name).read_bytes()


def test_brotli_is_preferred_when_both_are_accepted(app: Flask, client: FlaskClient) -> None:
    with client.get(hashed_url(app, "js/plotly.min.js"), headers={"Accept-Encoding": "gzip, deflate, br"}) as response:
        assert response.headers["Content-Encoding"] == "br"
        assert int(response.headers["Content-Length"]) < (STATIC / "js/plotly.min.js").stat().st_size / 3


def test_without_accept_encoding_the_file_is_sent_as_it_is(app: Flask, client: FlaskClient) -> None:
    with client.get(hashed_url(app, "css/site.css"), headers={"Accept-Encoding": ""}) as response:
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.data == (STATIC / "css/site.css").read_bytes()


def test_the_plain_name_still_works_and_is_cached_briefly(client: FlaskClient) -> None:
    with client.get("/static/js/charts.js", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "max-age=60, public"
        assert gzip.decompress(response.data) == (STATIC / "js/charts.js").read_bytes()


def test_static_files_carry_the_site_security_headers(app: Flask, client: FlaskClient) -> None:
    with client.get(hashed_url(app, "js/charts.js")) as response:
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Content-Type"].startswith("text/javascript")


def test_an_unknown_static_file_is_not_found(client: FlaskClient) -> None:
    assert client.get("/static/js/no-such-file.js").status_code == 404
    assert client.get("/static/js/charts.js.gz").status_code == 404  # variants only through Accept-Encoding


def test_the_old_plotly_address_redirects_to_the_hashed_file(app: Flask, client: FlaskClient) -> None:
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 302
    assert response.headers["Location"] == hashed_url(app, "js/plotly.min.js")


def test_pages_reference_static_files_by_hashed_name(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire))
    body = client.get(f"/a/{token}/result").get_data(as_text=True)
    tree = parse_html(body)
    references = [e.attrs["src"] for e in tree.find_all("script") if "src" in e.attrs]
    references += [e.attrs["href"] for e in tree.find_all("link") if e.attrs.get("rel") == "stylesheet"]
    assert len(references) == 3  # plotly.js, the chart script, the stylesheet
    for reference in references:
        match = HASHED.fullmatch(reference)
        assert match, reference
        assert reference == hashed_url(app, match["name"] + match["suffix"])
        with client.get(reference) as response:
            assert response.headers["Cache-Control"] == ONE_YEAR_IMMUTABLE


@pytest.mark.parametrize(
    ("name", "hashed"),
    [
        ("css/site.css", "css/site.2c26b46b68ff.css"),
        ("js/plotly.min.js", "js/plotly.min.2c26b46b68ff.js"),
        ("LICENSE", "LICENSE.2c26b46b68ff"),
    ],
)
def test_hashed_name(name: str, hashed: str) -> None:
    assert hashed_name(name, b"foo") == hashed  # sha256("foo") starts 2c26b46b68ff


def test_a_changed_file_gets_a_new_name_and_the_old_one_stays(tmp_path: Path) -> None:
    source, folder = tmp_path / "static", tmp_path / "build"
    (source / "css").mkdir(parents=True)
    (source / "css/a.css").write_text("body { color: black; }\n" * 100)
    first = build(source, folder)["css/a.css"]
    (source / "css/a.css").write_text("body { color: navy; }\n" * 100)
    second = build(source, folder)["css/a.css"]
    assert first != second
    assert (folder / first).read_text().startswith("body { color: black")
    assert (folder / second).read_text().startswith("body { color: navy")
    assert (folder / "css/a.css").read_text().startswith("body { color: navy")
    assert gzip.decompress((folder / "css/a.css.gz").read_bytes()) == (source / "css/a.css").read_bytes()
    assert brotli.decompress((folder / "css/a.css.br").read_bytes()) == (source / "css/a.css").read_bytes()


def test_files_that_do_not_compress_get_no_variants_and_hidden_files_are_left_out(tmp_path: Path) -> None:
    source, folder = tmp_path / "static", tmp_path / "build"
    source.mkdir()
    (source / "noise.bin").write_bytes(b"".join(hashlib.sha256(bytes([n])).digest() for n in range(64)))
    (source / ".hidden").write_text("not served")
    (source / "tiny.png").write_bytes(b"\x89PNG" + b"\0" * 500)
    names = build(source, folder)
    assert set(names) == {"noise.bin", "tiny.png"}
    assert sorted(path.name for path in folder.iterdir()) == sorted(["noise.bin", "tiny.png", *names.values()])


def test_the_bundle_is_the_plotly_js_the_python_package_expects() -> None:
    version = re.search(rb"plotly\.js v(\d+)\.(\d+)\.(\d+)", (STATIC / "js/plotly.min.js").read_bytes()[:300])
    assert version is not None
    assert version[1].decode() == plotly.offline.get_plotlyjs_version().split(".")[0]
