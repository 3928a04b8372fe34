"""The JSON API v1 (docs/api.md): routes, the schemas requests are checked with, the OpenAPI document."""

from __future__ import annotations

from roadmap.web.api.routes import bp

__all__ = ["bp"]
