import pytest

from tests.factories import make_product, make_user


@pytest.mark.parametrize(
    "path, data",
    [
        ("/login", {"email": "a@example.com", "password": "x"}),
        ("/logout", {}),
        ("/language", {"language": "de"}),
        ("/password/forgot", {"email": "a@example.com"}),
        ("/cart/add", {"sku": "X", "quantity": 1}),
        ("/quick-order", {"lines": "X 1"}),
        ("/checkout", {}),
    ],
)
def test_forms_without_a_csrf_token_are_refused(client, login_as, path, data):
    if path not in {"/login", "/password/forgot"}:
        login_as(make_user())

    response = client.post(path, data=data)

    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)


def test_every_page_sends_security_headers(client):
    response = client.get("/")

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only(client, csrf):
    csrf()

    cookie = client.get_cookie("session")

    assert cookie is not None and cookie.http_only


def test_healthz_reports_the_database_and_the_erp(client, erp):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "erp": "ok"}


def test_healthz_reports_a_down_erp_as_degraded_without_failing(client, erp):
    erp.stop()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "degraded", "database": "ok", "erp": "unreachable"}


def test_language_follows_accept_language_then_the_users_choice(client, csrf):
    german = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert 'lang="de"' in german.get_data(as_text=True)

    client.post("/language", data={"language": "en", "next": "/", "csrf_token": csrf("/")})
    english = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})

    assert 'lang="en"' in english.get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client, csrf):
    response = client.post(
        "/language", data={"language": "de", "next": "//evil.example.com", "csrf_token": csrf("/")}
    )

    assert response.headers["Location"] == "/"


def test_prices_and_dates_are_formatted_per_locale(client):
    from decimal import Decimal

    product = make_product(list_price=Decimal("1234.50"))

    german = client.get(f"/products/{product.sku}", headers={"Accept-Language": "de"})
    english = client.get(f"/products/{product.sku}", headers={"Accept-Language": "en"})

    assert "1.234,50\xa0€" in german.get_data(as_text=True)
    assert "€1,234.50" in english.get_data(as_text=True)


def test_data_sheet_downloads_as_pdf(client):
    from shop.extensions import db
    from shop.models import ProductMedia

    product = make_product()
    sheet = ProductMedia(
        product_id=product.id,
        kind="datasheet",
        filename="sheet.pdf",
        mime_type="application/pdf",
        content=b"%PDF-1.4 test",
        size=13,
    )
    db.session.add(sheet)
    db.session.commit()

    response = client.get(f"/products/{product.sku}/media/{sheet.id}/sheet.pdf")
    wrong = client.get(f"/products/{product.sku}/media/{sheet.id}/other.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert wrong.status_code == 404


def test_errors_never_show_a_stack_trace(client, monkeypatch):
    from shop.catalog import queries

    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "top_categories", broken)

    response = client.get("/")

    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_production_serves_no_development_pages_and_refuses_the_development_secret(
    monkeypatch,
):
    import pytest

    from shop import create_app

    monkeypatch.setenv("SHOP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-of-at-least-32-bytes")

    production = create_app()

    assert "dev.mails" not in production.view_functions
    assert production.config["SESSION_COOKIE_SECURE"] is True
