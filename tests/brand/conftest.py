"""Fixtures of the brand tests: the workspace's accounts and clients, and logos made on the spot."""

from __future__ import annotations

import io

from PIL import Image

from tests.workspace import conftest as workspace

consultant, logged_in, make_user = workspace.consultant, workspace.logged_in, workspace.make_user
make_client, make_round, invite, respond, add_round = (
    workspace.make_client,
    workspace.make_round,
    workspace.invite,
    workspace.respond,
    workspace.add_round,
)
keys = workspace.keys

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40">'
GOOD_SVG = (
    SVG_OPEN + '<defs><linearGradient id="g"><stop offset="0" stop-color="#0b4f6c"/></linearGradient></defs>'
    '<rect width="120" height="40" fill="url(#g)" style="stroke: #123"/><use href="#g"/>'
    '<text x="10" y="28" font-size="20" fill="#fff">Logo</text></svg>'
).encode()


def png(width: int = 120, height: int = 40, colour: str = "#0b4f6c") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def svg(inner: str, open_tag: str = SVG_OPEN) -> bytes:
    return f"{open_tag}{inner}</svg>".encode()
