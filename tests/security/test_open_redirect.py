"""Issue #14: `next` may only ever lead to a path on this site, whatever its encoding."""

import pytest

from shop.web.navigation import safe_next_url
from tests.factories import PASSWORD, make_user

# Raw query values (already URL-encoded where a browser or attacker would encode them).
BYPASSES = [
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5cevil.example",
    "/%5Cevil.example",
    "%2f%2fevil.example",
    "/%2f/evil.example",
    "/%252f/evil.example",
    "/%09/evil.example",
    "/%0a/x",
    "/%0d/evil.example",
    "%09//evil.example",
    "%20//evil.example",
    "%00/evil.example",
    "https://evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "/%EF%BC%8Fevil.example",  # ／ fullwidth solidus
    "%EF%BC%8F%EF%BC%8Fevil.example",
    "/%E2%81%84evil.example",  # ⁄ fraction slash
    "/%E2%88%95evil.example",  # ∕ division slash
    "/%EF%BC%BCevil.example",  # ＼ fullwidth reverse solidus
    "/%E2%80%AE/evil.example",  # right-to-left override
    "%E2%80%AE//evil.example",
    "%C2%A0//evil.example",  # leading no-break space
    "%20/evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("raw_next", BYPASSES)
def test_login_never_redirects_off_site(client, csrf, raw_next):
    user = make_user()

    response = client.post(
        f"/login?next={raw_next}",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf()},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("raw_next", BYPASSES)
def test_language_switch_never_redirects_off_site(client, csrf, raw_next):
    from urllib.parse import unquote

    response = client.post(
        "/language",
        data={"language": "de", "next": unquote(raw_next), "csrf_token": csrf("/")},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target",
    [
        "/orders",
        "/orders?page=2",
        "/search?q=Schraube+M8&page=2",
        "/search?q=Schraube%20M8",
        "/products/ABC-1#datasheet",
    ],
)
def test_local_paths_are_kept(target):
    assert safe_next_url(target) == target


def test_a_local_path_with_non_ascii_letters_is_kept_encoded():
    assert safe_next_url("/search?q=Müller") == "/search?q=M%C3%BCller"
