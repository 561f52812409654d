"""Demo media for products: a small SVG picture and a one-page PDF data sheet.

Both are produced from plain strings without third-party libraries. The SVG
uses presentation attributes only, so it passes a strict Content-Security-Policy
(no inline styles, no scripts, no external references).
"""

import textwrap
from functools import cache
from xml.sax.saxutils import escape

from shop.demo.catalog_data import ProductSpec, categories

_PARENT_OF = {spec.slug: spec.parent_slug for spec in categories() if spec.parent_slug}

# Top category -> (accent colour, pictogram drawn in the 400x300 canvas, centred at 200,130).
_PICTOGRAMS = {
    "fasteners": (
        "#4a6fa5",
        '<polygon points="160,60 240,60 255,85 240,110 160,110 145,85" fill="#4a6fa5"/>'
        '<rect x="180" y="110" width="40" height="100" fill="#8aa4c8"/>'
        '<path d="M180 130h40M180 150h40M180 170h40M180 190h40" stroke="#4a6fa5" '
        'stroke-width="4"/>',
    ),
    "tools": (
        "#c0392b",
        '<rect x="190" y="95" width="20" height="125" rx="6" fill="#8d6e63"/>'
        '<rect x="140" y="60" width="120" height="40" rx="6" fill="#c0392b"/>',
    ),
    "safety": (
        "#e6a100",
        '<rect x="160" y="120" width="80" height="90" rx="18" fill="#e6a100"/>'
        '<rect x="160" y="60" width="18" height="75" rx="9" fill="#e6a100"/>'
        '<rect x="181" y="50" width="18" height="85" rx="9" fill="#e6a100"/>'
        '<rect x="202" y="55" width="18" height="80" rx="9" fill="#e6a100"/>'
        '<rect x="222" y="70" width="18" height="65" rx="9" fill="#e6a100"/>'
        '<rect x="130" y="130" width="45" height="18" rx="9" fill="#e6a100" '
        'transform="rotate(35 150 140)"/>',
    ),
    "workshop": (
        "#607d8b",
        '<path d="M140 50v160M260 50v160" stroke="#607d8b" stroke-width="8"/>'
        '<path d="M140 90h120M140 140h120M140 190h120" stroke="#607d8b" stroke-width="6"/>'
        '<rect x="155" y="112" width="40" height="25" fill="#90a4ae"/>'
        '<rect x="205" y="162" width="40" height="25" fill="#90a4ae"/>',
    ),
    "pneumatics": (
        "#00897b",
        '<circle cx="200" cy="130" r="70" fill="none" stroke="#00897b" stroke-width="14"/>'
        '<circle cx="200" cy="130" r="40" fill="none" stroke="#4db6ac" stroke-width="10"/>'
        '<rect x="250" y="115" width="60" height="30" fill="#00897b"/>',
    ),
    "electrical": (
        "#f9a825",
        '<polygon points="215,45 160,140 200,140 180,215 245,110 205,110" fill="#f9a825"/>',
    ),
    "chemicals": (
        "#6d4c41",
        '<path d="M200 45C200 45 150 115 150 150a50 50 0 0 0 100 0C250 115 200 45 200 45z" '
        'fill="#6d4c41"/>'
        '<circle cx="180" cy="155" r="10" fill="#a1887f"/>',
    ),
}


def product_image_svg(product: ProductSpec) -> bytes:
    """A small 400x300 SVG: category pictogram and the SKU, safe under a strict CSP."""
    top = _PARENT_OF.get(product.category_slug, product.category_slug)
    accent, pictogram = _PICTOGRAMS.get(top, _PICTOGRAMS["fasteners"])
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" '
        'viewBox="0 0 400 300" role="img">'
        f"<title>{escape(product.sku)}</title>"
        '<rect width="400" height="300" fill="#f4f5f7"/>'
        f'<rect x="0" y="262" width="400" height="38" fill="{accent}"/>'
        f"{pictogram}"
        '<text x="200" y="288" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="20" fill="#ffffff">{escape(product.sku)}</text>'
        "</svg>"
    )
    return svg.encode("utf-8")


@cache
def placeholder_image_svg(category_slug: str) -> bytes:
    """The category's pictogram alone: the image of a generated product (one per family, so
    a large generated catalogue stays small)."""
    top = _PARENT_OF.get(category_slug, category_slug)
    _, pictogram = _PICTOGRAMS.get(top, _PICTOGRAMS["fasteners"])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" '
        'viewBox="0 0 400 300" role="img"><rect width="400" height="300" fill="#f4f5f7"/>'
        f"{pictogram}</svg>"
    ).encode()


_A4 = (595, 842)
_MARGIN = 56
_WRAP = 95


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding: cp1252 bytes with ( ) \\ escaped."""
    raw = text.replace("\r", " ").replace("\n", " ").encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _datasheet_content(product: ProductSpec) -> bytes:
    """The page's content stream: text lines top to bottom, then a rule under the title."""
    left, top = _MARGIN, _A4[1] - _MARGIN - 18
    lines: list[tuple[bytes, int, str]] = [
        (b"/F2", 18, "Data sheet / Datenblatt"),
        (b"/F1", 11, ""),
        (b"/F2", 12, f"SKU / Artikelnummer: {product.sku}"),
        (b"/F1", 11, ""),
        (b"/F2", 11, product.name_en),
        (b"/F1", 11, product.name_de),
        (b"/F1", 11, ""),
        (b"/F1", 10, f"Manufacturer / Hersteller: {product.manufacturer}"),
        (b"/F1", 10, f"Unit / Einheit: {product.unit}"),
        (b"/F1", 10, ""),
    ]
    for description in (product.description_en, product.description_de):
        lines.extend((b"/F1", 10, part) for part in textwrap.wrap(description, _WRAP))
        lines.append((b"/F1", 6, ""))
    lines.append((b"/F2", 12, "Technical data / Technische Daten"))
    lines.append((b"/F1", 6, ""))

    out = [b"BT", b"%d %d Td" % (left, top)]
    font = None
    drop = 0  # blank lines only add to the next line's downward move
    for index, (font_name, size, text) in enumerate(lines):
        if index:
            drop += size + 6
        if not text:
            continue
        if drop:
            out.append(b"0 -%d Td" % drop)
            drop = 0
        if (font_name, size) != font:
            out.append(b"%s %d Tf" % (font_name, size))
            font = (font_name, size)
        out.append(_pdf_string(text) + b" Tj")
    out.append(b"0 -%d Td" % drop)
    # The attribute table: label column and value column on the same baseline.
    out.append(b"/F1 10 Tf")
    for attribute in product.attributes:
        label = f"{attribute.label_en} / {attribute.label_de}"
        out.append(b"0 -16 Td " + _pdf_string(label) + b" Tj")
        out.append(b"230 0 Td " + _pdf_string(attribute.bilingual_value) + b" Tj -230 0 Td")
    out.append(b"ET")
    rule_y = top - 8
    out.append(b"0.6 w %d %d m %d %d l S" % (left, rule_y, _A4[0] - _MARGIN, rule_y))
    return b"\n".join(out)


@cache
def placeholder_datasheet_pdf() -> bytes:
    """A data sheet that only says it is one: a generated product's, kept small."""
    blank = ProductSpec("", "", "", "", "", "", "", "", 0, 0, ())
    return datasheet_pdf(blank)


def datasheet_pdf(product: ProductSpec) -> bytes:
    """A one-page A4 PDF data sheet with names, manufacturer, unit and attributes.

    Never a price: the sheet is one file for every visitor, cached for a day and passed on
    to colleagues and end customers, while prices differ per customer and change; the shop
    shows each user their own price beside the download, and technicians none at all (§2).
    """
    content = _datasheet_content(product)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>" % _A4,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Title " + _pdf_string(f"Data sheet {product.sku}") + b" /Producer (b2b-shop) >>",
    ]
    # The binary comment line marks the file as binary for transfer tools.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        len(objects),
    )
    out += b"startxref\n%d\n%%%%EOF" % xref_at
    return bytes(out)
