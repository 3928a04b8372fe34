import pytest

from roadmap.web.main import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/start", "/start"),
        ("/a/abc/page/2?review=1", "/a/abc/page/2?review=1"),
        (None, "/"),
        ("", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("start", "/"),
        ("/a\nSet-Cookie: x=1", "/"),
        ("/start\r", "/"),
        ("/\x00", "/"),
    ],
)
def test_language_switch_returns_only_to_a_path_on_this_site(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected
