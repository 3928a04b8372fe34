"""Static files under content-hashed names with gzip and brotli variants, served by WhiteNoise and cached for a year.

At start-up every file of the static folder is placed in a build folder (`STATIC_BUILD_FOLDER`, by default
`instance/static`) twice: under a name with a hash of its content (`css/site.css` -> `css/site.1f2e3d4c5b6a.css`)
and under its own name, each with the `.br` and `.gz` variants made by WhiteNoise's compressor. A hashed file never
changes, so one already there is kept: only a changed file costs time (brotli takes seconds for plotly.js), and
processes of several versions can share the folder. WhiteNoise serves it at /static/ in front of Flask, in the
encoding the browser accepts (with `Vary: Accept-Encoding`): hashed names cacheable for a year and immutable, plain
names for a minute. `url_for('static', filename=...)` gives the hashed name, so pages need no change.

The PDF report reads the static folder itself (roadmap/render/pdf.py), by plain name; this module does not touch it.
In debug mode nothing is built: Flask serves static/ as it is, so an edit shows on the next reload.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Flask, Response
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from roadmap.web import security_headers

log = logging.getLogger(__name__)

HASH_LENGTH = 12
ONE_YEAR = 365 * 24 * 60 * 60
PLAIN_NAME_MAX_AGE = 60
VARIANTS = (".br", ".gz")
# Response headers WhiteNoise sets itself; the site's own (CSP, nosniff, ...) are added to every file.
WHITENOISE_HEADERS = {"content-type", "content-length"}


class StaticFiles(WhiteNoise):
    """WhiteNoise with a year, not its ten, for names that never change: the longest expiry RFC 2616 allowed."""

    FOREVER = ONE_YEAR


def init_app(app: Flask) -> None:
    if app.debug or not app.static_folder:
        return
    source = Path(app.static_folder)
    folder = Path(app.config.get("STATIC_BUILD_FOLDER") or Path(app.instance_path) / "static")
    prefix = (app.static_url_path or "/static").strip("/") + "/"
    site_headers = [
        (name, value)
        for name, value in security_headers(Response()).headers.items()
        if name.lower() not in WHITENOISE_HEADERS
    ]

    def add_site_headers(headers: Any, path: str, url: str) -> None:
        for name, value in site_headers:
            headers.setdefault(name, value)

    # Processes that start together (gunicorn's workers, two test runs) build in turn: the first does the work, the
    # others find it done. WhiteNoise reads the folder inside the lock too, so it never sees another's half-work.
    with locked(folder.with_name(folder.name + ".lock")):
        hashed = build(source, folder)
        immutable_urls = {f"/{prefix}{name}" for name in hashed.values()}
        app.wsgi_app = StaticFiles(  # type: ignore[method-assign]
            app.wsgi_app,
            root=str(folder),
            prefix=prefix,
            max_age=PLAIN_NAME_MAX_AGE,
            immutable_file_test=lambda path, url: url in immutable_urls,
            add_headers_function=add_site_headers,
        )
    app.extensions["static_files"] = hashed

    def hashed_static_url(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and (name := hashed.get(values.get("filename", ""))):
            values["filename"] = name

    app.url_defaults(hashed_static_url)


def hashed_name(relative: str, content: bytes) -> str:
    """`js/plotly.min.js` -> `js/plotly.min.<first 12 hex digits of the SHA-256 of its content>.js`."""
    path = PurePosixPath(relative)
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def source_files(source: Path) -> Iterator[tuple[str, Path]]:
    """Every file under the static folder by its name relative to it, hidden files and folders left out."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix(), path


def build(source: Path, folder: Path) -> Mapping[str, str]:
    """Place every static file in `folder` under its hashed and its plain name; returns plain name -> hashed name."""
    compressor = Compressor(quiet=True)
    hashed: dict[str, str] = {}
    for relative, path in source_files(source):
        content = path.read_bytes()
        hashed[relative] = hashed_name(relative, content)
        target = folder / hashed[relative]
        if not target.is_file():
            write_with_variants(target, content, compressor)
            log.info("Static file %s built as %s", relative, hashed[relative])
        plain = folder / relative
        if not plain.is_file() or plain.read_bytes() != content:
            copy_with_variants(target, plain)
    return hashed


def write_with_variants(target: Path, content: bytes, compressor: Compressor) -> None:
    """The file and its compressed variants, the variants first: a file that is there has its variants."""
    variants = {".br": compressor.compress_brotli, ".gz": compressor.compress_gzip}
    if compressor.should_compress(target.name):
        for suffix, compress in variants.items():
            compressed = compress(content)
            if compressor.is_compressed_effectively(suffix, str(target), len(content), compressed):
                write_atomically(target.with_name(target.name + suffix), compressed)
    write_atomically(target, content)


def copy_with_variants(hashed: Path, plain: Path) -> None:
    for suffix in VARIANTS:
        variant = hashed.with_name(hashed.name + suffix)
        plain_variant = plain.with_name(plain.name + suffix)
        if variant.is_file():
            write_atomically(plain_variant, variant.read_bytes())
        else:
            plain_variant.unlink(missing_ok=True)
    write_atomically(plain, hashed.read_bytes())


def write_atomically(target: Path, content: bytes) -> None:
    """Written beside the target and renamed onto it, so no process ever reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)
