from decimal import Decimal

from tests.factories import make_attribute, make_category, make_product


def test_home_lists_top_categories(client):
    make_category(name_en="Fasteners", name_de="Befestigungstechnik")

    response = client.get("/", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert "Fasteners" in response.get_data(as_text=True)


def test_category_page_lists_products_of_subcategories_with_list_prices(client):
    parent = make_category(slug="tools", name_en="Tools", name_de="Werkzeuge")
    child = make_category(slug="drills", parent_id=parent.id, name_en="Drills", name_de="Bohrer")
    make_product(child, name_en="Cordless drill 18 V", list_price=Decimal("149.00"))

    page = client.get("/catalog/tools", headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert "Cordless drill 18 V" in page
    assert "€149.00" in page
    assert "List price – log in for your prices" in page


def test_category_page_paginates_and_sorts_by_price(client):
    category = make_category(slug="nuts")
    for cents in range(30):
        make_product(category, list_price=Decimal(cents + 1), name_en=f"Nut {cents:02d}")

    first = client.get("/catalog/nuts?sort=price_desc").get_data(as_text=True)
    second = client.get("/catalog/nuts?sort=price_desc&page=2").get_data(as_text=True)

    assert "Nut 29" in first and "Nut 00" not in first
    assert "Nut 00" in second
    assert "Page 2 of 2" in second


def test_unknown_category_and_product_are_404(client):
    assert client.get("/catalog/nothing-here").status_code == 404
    assert client.get("/products/NOPE-1").status_code == 404


def test_product_page_shows_attributes_and_german_names(client):
    product = make_product(name_en="Hex head bolt M8", name_de="Sechskantschraube M8")
    make_attribute(product, "thread", "M8", label_en="Thread", label_de="Gewinde")

    page = client.get(f"/products/{product.sku}", headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)

    assert "Sechskantschraube M8" in html
    assert "Gewinde" in html
    assert "M8" in html


def test_product_page_shows_attribute_values_in_the_readers_language_only(client):
    product = make_product()
    make_attribute(product, "material", "steel", "Stahl", label_en="Material", label_de="Werkstoff")
    make_attribute(product, "thickness", "0.8 mm", "0,8 mm", number=0.8, unit="mm")

    english = client.get(f"/products/{product.sku}", headers={"Accept-Language": "en"})
    german = client.get(f"/products/{product.sku}", headers={"Accept-Language": "de"})

    assert "<td>steel</td>" in english.get_data(as_text=True)
    assert "Stahl" not in english.get_data(as_text=True)
    assert "<td>0.8 mm</td>" in english.get_data(as_text=True)
    assert "<td>Stahl</td>" in german.get_data(as_text=True)
    assert "<td>0,8 mm</td>" in german.get_data(as_text=True)


def test_unpublished_products_are_not_shown(client):
    product = make_product(published=False)

    assert client.get(f"/products/{product.sku}").status_code == 404


def test_search_finds_products_by_word_prefix_in_both_languages(client):
    make_product(name_en="Hex head bolt DIN 933 M8", name_de="Sechskantschraube DIN 933 M8")
    make_product(name_en="Nitrile work gloves", name_de="Nitril-Arbeitshandschuhe")

    english = client.get("/search?q=hex bol").get_data(as_text=True)
    german = client.get("/search?q=sechskant").get_data(as_text=True)
    none = client.get("/search?q=hex nitrile").get_data(as_text=True)

    assert "Hex head bolt DIN 933 M8" in english and "gloves" not in english
    assert "DIN 933" in german
    assert "No product matches" in none


def test_search_by_sku_and_with_syntax_characters_does_not_fail(client):
    product = make_product(sku="FAS-SCR-000777")

    found = client.get("/search?q=FAS-SCR-000777", follow_redirects=True).get_data(as_text=True)
    weird = client.get('/search?q="* OR ( AND : NEAR')

    assert product.name_en in found
    assert weird.status_code == 200


def test_single_letters_do_not_widen_a_search_to_the_whole_catalogue(client):
    make_product(name_en="Hex head bolt M8", name_de="Sechskantschraube M8")
    make_product(name_en="Safety gloves", name_de="Schutzhandschuhe")

    narrowed = client.get("/search?q=hex s").get_data(as_text=True)
    only_letter = client.get("/search?q=s", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )

    assert "Hex head bolt M8" in narrowed and "Safety gloves" not in narrowed
    assert "Safety gloves" not in only_letter
