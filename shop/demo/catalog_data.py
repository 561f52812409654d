"""Demo catalogue content: a bilingual industrial-supplies range as plain data.

Everything here is deterministic: the same call returns the same products, so
demo shops, tests and benchmarks can rely on SKUs and names.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

VAT_STANDARD = Decimal("19.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    parent_slug: str | None
    name_en: str
    name_de: str
    position: int


@dataclass(frozen=True)
class AttributeSpec:
    label_en: str
    label_de: str
    value: str


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    category_slug: str
    name_en: str
    name_de: str
    description_en: str
    description_de: str
    manufacturer: str
    unit: str
    list_price: Decimal
    vat_rate: Decimal
    attributes: tuple[AttributeSpec, ...]


# (slug, name_en, name_de, ((leaf slug, name_en, name_de), ...))
_TREE = (
    (
        "fasteners",
        "Fasteners",
        "Befestigungstechnik",
        (
            ("fasteners-screws", "Screws & bolts", "Schrauben"),
            ("fasteners-nuts", "Nuts", "Muttern"),
            ("fasteners-washers", "Washers", "Unterlegscheiben"),
            ("fasteners-anchors", "Anchors", "Dübel"),
        ),
    ),
    (
        "tools",
        "Tools",
        "Werkzeuge",
        (
            ("tools-drivers", "Drills & drivers", "Bohrmaschinen & Schrauber"),
            ("tools-drill-bits", "Drill bits", "Bohrer"),
            ("tools-hand-tools", "Hand tools", "Handwerkzeuge"),
            ("tools-saw-blades", "Saw blades", "Sägeblätter"),
        ),
    ),
    (
        "safety",
        "Occupational safety",
        "Arbeitsschutz",
        (
            ("safety-gloves", "Gloves", "Handschuhe"),
            ("safety-eye", "Eye protection", "Augenschutz"),
            ("safety-head", "Head protection", "Kopfschutz"),
            ("safety-hearing", "Hearing protection", "Gehörschutz"),
        ),
    ),
    (
        "workshop",
        "Workshop equipment",
        "Betriebseinrichtung",
        (
            ("workshop-shelving", "Shelving", "Regale"),
            ("workshop-workbenches", "Workbenches", "Werkbänke"),
            ("workshop-storage", "Storage boxes", "Lagerboxen"),
        ),
    ),
    (
        "pneumatics",
        "Pneumatics & hydraulics",
        "Pneumatik & Hydraulik",
        (
            ("pneumatics-fittings", "Fittings", "Verschraubungen"),
            ("pneumatics-hoses", "Hoses", "Schläuche"),
            ("pneumatics-couplings", "Couplings", "Kupplungen"),
        ),
    ),
    (
        "electrical",
        "Electrical",
        "Elektrotechnik",
        (
            ("electrical-cables", "Cables", "Kabel & Leitungen"),
            ("electrical-connectors", "Connectors", "Verbindungstechnik"),
            ("electrical-cable-ties", "Cable ties", "Kabelbinder"),
        ),
    ),
    (
        "chemicals",
        "Lubricants & chemicals",
        "Schmierstoffe & Chemie",
        (
            ("chemicals-oils", "Oils", "Öle"),
            ("chemicals-greases", "Greases", "Fette"),
            ("chemicals-cleaners", "Cleaners", "Reiniger"),
        ),
    ),
)


def categories() -> list[CategorySpec]:
    """The category tree, two levels deep, each parent listed before its children."""
    result = []
    for top_position, (slug, name_en, name_de, leaves) in enumerate(_TREE, start=1):
        result.append(CategorySpec(slug, None, name_en, name_de, top_position))
        for leaf_position, (leaf_slug, leaf_en, leaf_de) in enumerate(leaves, start=1):
            result.append(CategorySpec(leaf_slug, slug, leaf_en, leaf_de, leaf_position))
    return result


def leaf_category_slugs() -> list[str]:
    """Slugs of the categories that hold products, in catalogue order."""
    return [leaf[0] for top in _TREE for leaf in top[3]]


# Attribute labels by key, so families stay short and labels stay consistent.
_LABELS = {
    "standard": ("Standard", "Norm"),
    "thread": ("Thread size", "Gewindegröße"),
    "length": ("Length", "Länge"),
    "diameter": ("Diameter", "Durchmesser"),
    "drill_hole": ("Drill hole diameter", "Bohrlochdurchmesser"),
    "inner_diameter": ("Inner diameter", "Innendurchmesser"),
    "outer_diameter": ("Outer diameter", "Außendurchmesser"),
    "thickness": ("Thickness", "Dicke"),
    "width": ("Width", "Breite"),
    "height": ("Height", "Höhe"),
    "depth": ("Depth", "Tiefe"),
    "width_across_flats": ("Width across flats", "Schlüsselweite"),
    "strength": ("Property class", "Festigkeitsklasse"),
    "material": ("Material", "Werkstoff"),
    "finish": ("Surface finish", "Oberfläche"),
    "drive": ("Drive", "Antrieb"),
    "pack": ("Pieces per pack", "Stück pro Packung"),
    "pairs": ("Pairs per pack", "Paar pro Packung"),
    "voltage": ("Voltage", "Spannung"),
    "power": ("Rated power", "Nennleistung"),
    "torque": ("Max. torque", "Max. Drehmoment"),
    "speed": ("No-load speed", "Leerlaufdrehzahl"),
    "battery": ("Batteries", "Akkus"),
    "chuck": ("Chuck", "Bohrfutter"),
    "weight": ("Weight", "Gewicht"),
    "shank": ("Shank", "Schaft"),
    "teeth": ("Number of teeth", "Zähnezahl"),
    "bore": ("Bore", "Bohrung"),
    "tpi": ("Teeth per inch", "Zähne pro Zoll"),
    "size": ("Size", "Größe"),
    "cut_level": ("Cut protection level", "Schnittschutzklasse"),
    "coating": ("Coating", "Beschichtung"),
    "lens": ("Lens tint", "Scheibentönung"),
    "colour": ("Colour", "Farbe"),
    "snr": ("Noise reduction (SNR)", "Dämmwert (SNR)"),
    "load": ("Load per shelf", "Fachlast"),
    "total_load": ("Max. load", "Max. Belastung"),
    "shelves": ("Shelves", "Fachböden"),
    "worktop": ("Worktop", "Arbeitsplatte"),
    "volume": ("Volume", "Volumen"),
    "tube": ("Tube outer diameter", "Schlauch-Außendurchmesser"),
    "pressure": ("Max. operating pressure", "Max. Betriebsdruck"),
    "nominal_width": ("Nominal width", "Nennweite"),
    "connection": ("Connection", "Anschluss"),
    "cross_section": ("Cross-section", "Querschnitt"),
    "conductors": ("Conductors", "Adern"),
    "rated_voltage": ("Rated voltage", "Nennspannung"),
    "current": ("Rated current", "Nennstrom"),
    "temperature": ("Temperature range", "Temperaturbereich"),
    "viscosity": ("Viscosity class", "Viskositätsklasse"),
    "container": ("Container", "Gebinde"),
    "nlgi": ("NLGI class", "NLGI-Klasse"),
    "base": ("Base", "Basis"),
    "certificate": ("Certification", "Zulassung"),
}


def _a(key: str, value: str) -> AttributeSpec:
    label_en, label_de = _LABELS[key]
    return AttributeSpec(label_en, label_de, value)


@dataclass(frozen=True)
class _Draft:
    """A product before it gets its SKU and category."""

    name_en: str
    name_de: str
    description_en: str
    description_de: str
    manufacturer: str
    unit: str
    list_price: Decimal
    attributes: tuple[AttributeSpec, ...]


def _draft(
    names: tuple[str, str],
    descriptions: tuple[str, str],
    manufacturer: str,
    unit: str,
    price: Decimal | str,
    *attributes: AttributeSpec,
) -> _Draft:
    return _Draft(
        names[0],
        names[1],
        descriptions[0],
        descriptions[1],
        manufacturer,
        unit,
        Decimal(price).quantize(CENT, rounding=ROUND_HALF_UP),
        attributes,
    )


def _de(number: str) -> str:
    """German decimal comma for numbers shown in German names."""
    return number.replace(".", ",")


# Fictitious manufacturers, so no real brand is implied.
_FASTENERS = "Brockmann Verbindungstechnik"
_FASTENERS_2 = "Nordfix"
_TOOLS = "Kessler Werkzeuge"
_TOOLS_2 = "Ironvale Tools"
_SAFETY = "Sentra Arbeitsschutz"
_SAFETY_2 = "Guardwell"
_WORKSHOP = "Altmark Betriebseinrichtung"
_PNEUMATICS = "Pneutec Hansa"
_ELECTRICAL = "Elkaro Elektro"
_CHEMICALS = "Lubrion Chemie"


def _metric_bolt_piece_price(diameter: int, length: int, stainless: bool) -> Decimal:
    # Roughly proportional to the steel used, plus a handling share.
    steel = Decimal(diameter * diameter * length) * Decimal("0.000047")
    return (steel * (Decimal("2.8") if stainless else 1)) + Decimal("0.02")


def _screws() -> Iterator[_Draft]:
    materials = (
        ("steel 8.8, zinc-plated", "Stahl 8.8, verzinkt", "8.8", False),
        ("A2 stainless", "Edelstahl A2", "A2-70", True),
    )
    for diameter, length in ((8, 40), (6, 20), (6, 30), (8, 20), (10, 50), (12, 60)):
        for material_en, material_de, strength, stainless in materials:
            pack = 100 if diameter <= 8 else 50
            price = _metric_bolt_piece_price(diameter, length, stainless) * pack
            yield _draft(
                (
                    f"Hex head bolt DIN 933, M{diameter} x {length}, {material_en}",
                    f"Sechskantschraube DIN 933, M{diameter} x {length}, {material_de}",
                ),
                (
                    f"Fully threaded hex head bolt for general mechanical engineering. "
                    f"Box of {pack}.",
                    f"Schraube mit Sechskantkopf und Gewinde bis Kopf für den allgemeinen "
                    f"Maschinenbau. Packung mit {pack} Stück.",
                ),
                _FASTENERS,
                "box",
                price,
                _a("standard", "DIN 933 / ISO 4017"),
                _a("thread", f"M{diameter}"),
                _a("length", f"{length} mm"),
                _a("strength", strength),
                _a("width_across_flats", f"{(10, 13, 16, 18)[(diameter - 6) // 2]} mm"),
                _a("pack", str(pack)),
            )
    for diameter, length in ((4, 12), (5, 16), (6, 20), (8, 25)):
        yield _draft(
            (
                f"Countersunk screw DIN 7991, M{diameter} x {length}, hex socket, A2 stainless",
                f"Senkschraube DIN 7991, M{diameter} x {length}, Innensechskant, Edelstahl A2",
            ),
            (
                "Countersunk head screw with hex socket for flush fastening. Box of 100.",
                "Schraube mit Senkkopf und Innensechskant für flächenbündige Verbindungen. "
                "Packung mit 100 Stück.",
            ),
            _FASTENERS_2,
            "box",
            _metric_bolt_piece_price(diameter, length, True) * 100,
            _a("standard", "DIN 7991 / ISO 10642"),
            _a("thread", f"M{diameter}"),
            _a("length", f"{length} mm"),
            _a("drive", "hex socket / Innensechskant"),
            _a("material", "A2 stainless"),
            _a("pack", "100"),
        )
    for diameter, length, pack in (("4.0", 40, 500), ("5.0", 60, 200), ("6.0", 100, 100)):
        yield _draft(
            (
                f"Chipboard screw {diameter} x {length}, countersunk, Torx, yellow zinc-plated",
                f"Spanplattenschraube {_de(diameter)} x {length}, Senkkopf, Torx, gelb verzinkt",
            ),
            (
                "Wood and chipboard screw with partial thread and cutting point for "
                "fast driving without pre-drilling.",
                "Schraube für Holz und Spanplatten mit Teilgewinde und Schneidspitze, "
                "schnelles Eindrehen ohne Vorbohren.",
            ),
            _FASTENERS_2,
            "box",
            Decimal(pack) * Decimal(length) * Decimal("0.0011"),
            _a("diameter", f"{diameter} mm"),
            _a("length", f"{length} mm"),
            _a("drive", f"TX{20 if diameter == '4.0' else 25 if diameter == '5.0' else 30}"),
            _a("finish", "yellow zinc / gelb verzinkt"),
            _a("pack", str(pack)),
        )


def _nuts() -> Iterator[_Draft]:
    flats = {4: 7, 5: 8, 6: 10, 8: 13, 10: 16, 12: 18}
    for diameter in (4, 5, 6, 8, 10, 12):
        for stainless in (False, True):
            material_en = "A2 stainless" if stainless else "steel 8, zinc-plated"
            material_de = "Edelstahl A2" if stainless else "Stahl 8, verzinkt"
            pack = 200 if diameter <= 8 else 100
            piece = Decimal(diameter * diameter) * Decimal("0.0009") + Decimal("0.01")
            yield _draft(
                (
                    f"Hex nut DIN 934, M{diameter}, {material_en}",
                    f"Sechskantmutter DIN 934, M{diameter}, {material_de}",
                ),
                (
                    f"Standard hex nut with metric ISO thread. Box of {pack}.",
                    f"Standard-Sechskantmutter mit metrischem ISO-Gewinde. "
                    f"Packung mit {pack} Stück.",
                ),
                _FASTENERS,
                "box",
                piece * pack * (Decimal("2.6") if stainless else 1),
                _a("standard", "DIN 934 / ISO 4032"),
                _a("thread", f"M{diameter}"),
                _a("width_across_flats", f"{flats[diameter]} mm"),
                _a("strength", "A2-70" if stainless else "8"),
                _a("pack", str(pack)),
            )
    for diameter in (6, 8, 10):
        yield _draft(
            (
                f"Nylon insert lock nut DIN 985, M{diameter}, steel, zinc-plated",
                f"Sicherungsmutter DIN 985 mit Klemmteil, M{diameter}, Stahl, verzinkt",
            ),
            (
                "Self-locking nut with polyamide insert; resists loosening under vibration.",
                "Selbstsichernde Mutter mit Polyamid-Klemmring, löst sich auch bei "
                "Vibration nicht.",
            ),
            _FASTENERS_2,
            "box",
            Decimal(diameter * diameter) * Decimal("0.002") * 100 + 2,
            _a("standard", "DIN 985 / ISO 10511"),
            _a("thread", f"M{diameter}"),
            _a("width_across_flats", f"{flats[diameter]} mm"),
            _a("temperature", "-40 .. +120 °C"),
            _a("pack", "100"),
        )


def _washers() -> Iterator[_Draft]:
    sizes = {4: ("4.3", "9", "0.8"), 5: ("5.3", "10", "1"), 6: ("6.4", "12", "1.6")}
    sizes |= {8: ("8.4", "16", "1.6"), 10: ("10.5", "20", "2"), 12: ("13", "24", "2.5")}
    for diameter in (4, 5, 6, 8, 10, 12):
        inner, outer, thickness = sizes[diameter]
        for stainless in (False, True):
            material_en = "A2 stainless" if stainless else "steel, zinc-plated"
            material_de = "Edelstahl A2" if stainless else "Stahl, verzinkt"
            yield _draft(
                (
                    f"Flat washer DIN 125, M{diameter}, {material_en}",
                    f"Unterlegscheibe DIN 125, M{diameter}, {material_de}",
                ),
                (
                    "Flat washer form A to spread the load under bolt heads and nuts. Box of 200.",
                    "Unterlegscheibe Form A zur Lastverteilung unter Schraubenköpfen und "
                    "Muttern. Packung mit 200 Stück.",
                ),
                _FASTENERS,
                "box",
                Decimal(outer)
                * Decimal(thickness)
                * Decimal("0.0012")
                * 200
                * (Decimal("2.5") if stainless else 1),
                _a("standard", "DIN 125-A / ISO 7089"),
                _a("inner_diameter", f"{inner} mm"),
                _a("outer_diameter", f"{outer} mm"),
                _a("thickness", f"{thickness} mm"),
                _a("material", "A2 stainless" if stainless else "steel / Stahl"),
                _a("pack", "200"),
            )
    for diameter in (6, 8, 10):
        yield _draft(
            (
                f"Spring lock washer DIN 127 B, M{diameter}, spring steel, zinc-plated",
                f"Federring DIN 127 B, M{diameter}, Federstahl, verzinkt",
            ),
            (
                "Split spring washer for securing screw connections. Box of 200.",
                "Federring zur Sicherung von Schraubverbindungen. Packung mit 200 Stück.",
            ),
            _FASTENERS_2,
            "box",
            Decimal(diameter) * Decimal("0.75") + Decimal("1.90"),
            _a("standard", "DIN 127 B"),
            _a("thread", f"M{diameter}"),
            _a("material", "spring steel / Federstahl"),
            _a("pack", "200"),
        )


def _anchors() -> Iterator[_Draft]:
    for diameter, length, pack in ((6, 30, 100), (8, 40, 100), (10, 50, 50), (12, 60, 25)):
        yield _draft(
            (
                f"Nylon wall plug {diameter} x {length} mm",
                f"Nylon-Spreizdübel {diameter} x {length} mm",
            ),
            (
                "Universal expansion plug for concrete, solid brick and natural stone.",
                "Universal-Spreizdübel für Beton, Vollziegel und Naturstein.",
            ),
            _FASTENERS_2,
            "box",
            Decimal(diameter * length) * Decimal("0.00013") * pack + 1,
            _a("drill_hole", f"{diameter} mm"),
            _a("length", f"{length} mm"),
            _a("material", "PA 6 (nylon)"),
            _a("pack", str(pack)),
        )
    for diameter, length in ((8, 75), (10, 90), (12, 110)):
        yield _draft(
            (
                f"Wedge anchor M{diameter} x {length}, steel, zinc-plated, ETA approved",
                f"Bolzenanker M{diameter} x {length}, Stahl, verzinkt, ETA-Zulassung",
            ),
            (
                "Heavy-duty through-bolt anchor for cracked and non-cracked concrete. Box of 50.",
                "Schwerlast-Bolzenanker für gerissenen und ungerissenen Beton. "
                "Packung mit 50 Stück.",
            ),
            _FASTENERS,
            "box",
            _metric_bolt_piece_price(diameter, length, False) * 50 * 3,
            _a("thread", f"M{diameter}"),
            _a("length", f"{length} mm"),
            _a("drill_hole", f"{diameter} mm"),
            _a("certificate", "ETA Option 7"),
            _a("pack", "50"),
        )
    for thread, length in ((5, 52), (6, 65)):
        yield _draft(
            (
                f"Cavity anchor M{thread} x {length} for plasterboard",
                f"Hohlraumdübel M{thread} x {length} für Gipskarton",
            ),
            (
                "Metal cavity anchor that spreads behind panels 12.5 to 25 mm thick.",
                "Metall-Hohlraumdübel, spreizt hinter Platten von 12,5 bis 25 mm Stärke.",
            ),
            _FASTENERS_2,
            "box",
            Decimal(length) * Decimal("0.19"),
            _a("thread", f"M{thread}"),
            _a("length", f"{length} mm"),
            _a("thickness", "12.5 .. 25 mm"),
            _a("pack", "50"),
        )
    for length in (100, 140):
        yield _draft(
            (
                f"Frame anchor 10 x {length} mm with countersunk screw",
                f"Rahmendübel 10 x {length} mm mit Senkkopfschraube",
            ),
            (
                "Long-shaft anchor for push-through mounting of window and door frames.",
                "Langschaftdübel für die Durchsteckmontage von Fenster- und Türrahmen.",
            ),
            _FASTENERS_2,
            "box",
            Decimal(length) * Decimal("0.16"),
            _a("drill_hole", "10 mm"),
            _a("length", f"{length} mm"),
            _a("drive", "TX40"),
            _a("pack", "50"),
        )


def _drivers() -> Iterator[_Draft]:
    kits = (
        ("solo, without battery", "solo, ohne Akku", "-", 0),
        ("2 x 2.0 Ah, charger, case", "2 x 2,0 Ah, Ladegerät, Koffer", "2 x 2.0 Ah", 95),
        ("2 x 4.0 Ah, charger, case", "2 x 4,0 Ah, Ladegerät, Koffer", "2 x 4.0 Ah", 165),
    )
    for voltage, base, torque in ((12, Decimal("99.00"), 35), (18, Decimal("159.00"), 60)):
        for kit_en, kit_de, batteries, extra in kits:
            yield _draft(
                (
                    f"Cordless drill driver {voltage} V, {kit_en}",
                    f"Akku-Bohrschrauber {voltage} V, {kit_de}",
                ),
                (
                    "Compact two-speed drill driver with brushless motor and "
                    "20-position torque clutch.",
                    "Kompakter Zwei-Gang-Bohrschrauber mit bürstenlosem Motor und "
                    "20-stufiger Drehmomentkupplung.",
                ),
                _TOOLS,
                "piece",
                base + extra - Decimal("0.10"),
                _a("voltage", f"{voltage} V"),
                _a("torque", f"{torque} Nm"),
                _a("speed", "0-450 / 0-1600 min⁻¹"),
                _a("chuck", "1.5-13 mm"),
                _a("battery", batteries),
            )
    for kit_en, kit_de, batteries, price in (
        ("solo, without battery", "solo, ohne Akku", "-", "189.00"),
        ("2 x 5.0 Ah, charger, case", "2 x 5,0 Ah, Ladegerät, Koffer", "2 x 5.0 Ah", "399.00"),
    ):
        yield _draft(
            (f"Cordless impact driver 18 V, {kit_en}", f"Akku-Schlagschrauber 18 V, {kit_de}"),
            (
                "Impact driver with 1/4 inch hex chuck for long screws and lag bolts.",
                "Schlagschrauber mit 1/4-Zoll-Sechskantaufnahme für lange Schrauben "
                "und Holzbauschrauben.",
            ),
            _TOOLS,
            "piece",
            price,
            _a("voltage", "18 V"),
            _a("torque", "200 Nm"),
            _a("chuck", '1/4" hex'),
            _a("battery", batteries),
        )
    for watts, price in ((800, "219.00"), (1100, "329.00")):
        yield _draft(
            (f"Hammer drill SDS-plus, {watts} W", f"Bohrhammer SDS-plus, {watts} W"),
            (
                "Corded rotary hammer with chiselling function for drilling in concrete "
                "and masonry.",
                "Netzbetriebener Bohrhammer mit Meißelfunktion zum Bohren in Beton und Mauerwerk.",
            ),
            _TOOLS_2,
            "piece",
            price,
            _a("power", f"{watts} W"),
            _a("voltage", "230 V"),
            _a("chuck", "SDS-plus"),
            _a("weight", "2.9 kg" if watts < 1000 else "3.6 kg"),
        )
    yield _draft(
        ("Cordless screwdriver 3.6 V, with bit set", "Akku-Stabschrauber 3,6 V, mit Bitset"),
        (
            "Pen-style screwdriver for assembly work, USB charging.",
            "Stabschrauber für Montagearbeiten, Ladung über USB.",
        ),
        _TOOLS_2,
        "piece",
        "49.90",
        _a("voltage", "3.6 V"),
        _a("torque", "5 Nm"),
        _a("chuck", '1/4" hex'),
    )


def _drill_bits() -> Iterator[_Draft]:
    for diameter in ("3.0", "4.0", "5.0", "6.0", "8.0", "10.0"):
        size = Decimal(diameter)
        pack = 10 if size <= 6 else 5
        yield _draft(
            (
                f"HSS-G twist drill DIN 338, {diameter} mm, pack of {pack}",
                f"HSS-G-Spiralbohrer DIN 338, {_de(diameter)} mm, {pack} Stück",
            ),
            (
                "Ground high-speed steel drill with 135° split point for steel, cast iron "
                "and non-ferrous metals.",
                "Geschliffener HSS-Bohrer mit 135°-Kreuzanschliff für Stahl, Guss und NE-Metalle.",
            ),
            _TOOLS_2,
            "pack",
            size * size * Decimal("0.09") * pack / 10 + Decimal("4.50"),
            _a("standard", "DIN 338"),
            _a("diameter", f"{diameter} mm"),
            _a("material", "HSS-G"),
            _a("shank", "cylindrical / zylindrisch"),
            _a("pack", str(pack)),
        )
    yield _draft(
        (
            "HSS-G twist drill set DIN 338, 1-10 mm, 19 pieces, metal case",
            "HSS-G-Spiralbohrer-Satz DIN 338, 1-10 mm, 19-teilig, Metallkassette",
        ),
        (
            "Drill set in 0.5 mm steps in a sturdy metal case.",
            "Bohrersatz in 0,5-mm-Schritten in robuster Metallkassette.",
        ),
        _TOOLS_2,
        "piece",
        "39.90",
        _a("standard", "DIN 338"),
        _a("diameter", "1-10 mm"),
        _a("material", "HSS-G"),
        _a("pack", "19"),
    )
    for diameter, length in ((6, 160), (8, 160), (10, 210), (12, 260), (14, 310)):
        yield _draft(
            (
                f"SDS-plus masonry drill bit, {diameter} x {length} mm",
                f"SDS-plus-Hammerbohrer, {diameter} x {length} mm",
            ),
            (
                "Four-cutter carbide tip for fast, low-vibration drilling in reinforced concrete.",
                "Vierschneider-Hartmetallkopf für schnelles, vibrationsarmes Bohren in Stahlbeton.",
            ),
            _TOOLS,
            "piece",
            Decimal(diameter * length) * Decimal("0.0045") + Decimal("1.20"),
            _a("diameter", f"{diameter} mm"),
            _a("length", f"{length} mm"),
            _a("shank", "SDS-plus"),
            _a("material", "carbide / Hartmetall"),
        )


def _hand_tools() -> Iterator[_Draft]:
    for size in (8, 10, 13, 17, 19):
        yield _draft(
            (
                f"Combination spanner DIN 3113, {size} mm, chrome vanadium",
                f"Ring-Maulschlüssel DIN 3113, {size} mm, Chrom-Vanadium",
            ),
            (
                "Open-end and 15° offset ring spanner, satin chrome-plated.",
                "Maul- und um 15° gekröpfter Ringschlüssel, mattverchromt.",
            ),
            _TOOLS,
            "piece",
            Decimal(size) * Decimal("0.42") + Decimal("2.10"),
            _a("standard", "DIN 3113 A"),
            _a("width_across_flats", f"{size} mm"),
            _a("material", "Cr-V"),
            _a("finish", "satin chrome / mattverchromt"),
        )
    for tip, length, price in (("PH1", 80, "4.60"), ("PH2", 100, "5.20"), ("SL 5.5", 125, "4.90")):
        yield _draft(
            (
                f"Screwdriver {tip} x {length} mm, 2-component handle",
                f"Schraubendreher {_de(tip)} x {length} mm, 2-Komponenten-Griff",
            ),
            (
                "VDE-free workshop screwdriver with hardened blackened tip.",
                "Werkstattschraubendreher mit gehärteter, brünierter Spitze.",
            ),
            _TOOLS_2,
            "piece",
            price,
            _a("drive", tip),
            _a("length", f"{length} mm"),
            _a("material", "Cr-Mo-V"),
        )
    for weight, price in ((300, "14.90"), (500, "18.90")):
        yield _draft(
            (
                f"Engineer's hammer DIN 1041, {weight} g, hickory handle",
                f"Schlosserhammer DIN 1041, {weight} g, Hickorystiel",
            ),
            (
                "Forged head, hardened faces, wedged hickory handle.",
                "Geschmiedeter Kopf, gehärtete Bahnen, verkeilter Hickorystiel.",
            ),
            _TOOLS,
            "piece",
            price,
            _a("standard", "DIN 1041"),
            _a("weight", f"{weight} g"),
            _a("material", "C45 / hickory"),
        )
    yield _draft(
        (
            "Hex key set 1.5-10 mm, ball end, 9 pieces",
            "Winkelschraubendreher-Satz 1,5-10 mm, Kugelkopf, 9-teilig",
        ),
        (
            "Long L-shaped hex keys with ball end for angled access, in a plastic holder.",
            "Lange Winkelschlüssel mit Kugelkopf für schräges Ansetzen, im Kunststoffhalter.",
        ),
        _TOOLS_2,
        "piece",
        "16.90",
        _a("standard", "ISO 2936"),
        _a("width_across_flats", "1.5-10 mm"),
        _a("material", "Cr-V"),
        _a("pack", "9"),
    )
    yield _draft(
        (
            'Socket set 1/2", 10-32 mm, 24 pieces, with ratchet',
            'Steckschlüsselsatz 1/2", 10-32 mm, 24-teilig, mit Umschaltknarre',
        ),
        (
            "Hex sockets, 72-tooth reversible ratchet and extensions in a metal case.",
            "Sechskant-Steckschlüsseleinsätze, Umschaltknarre mit 72 Zähnen und "
            "Verlängerungen im Metallkoffer.",
        ),
        _TOOLS,
        "piece",
        "89.00",
        _a("standard", "DIN 3124"),
        _a("drive", '1/2"'),
        _a("width_across_flats", "10-32 mm"),
        _a("pack", "24"),
    )
    yield _draft(
        ("Combination pliers 180 mm, insulated 1000 V", "Kombizange 180 mm, isoliert 1000 V"),
        (
            "VDE-tested pliers with induction-hardened cutting edges.",
            "VDE-geprüfte Zange mit induktiv gehärteten Schneiden.",
        ),
        _TOOLS,
        "piece",
        "21.50",
        _a("standard", "IEC 60900"),
        _a("length", "180 mm"),
        _a("rated_voltage", "1000 V"),
    )
    yield _draft(
        (
            'Torque wrench 1/2", 40-200 Nm, with ratchet',
            'Drehmomentschlüssel 1/2", 40-200 Nm, mit Umschaltknarre',
        ),
        (
            "Release-type torque wrench with calibration certificate, accuracy ±4 %.",
            "Auslösender Drehmomentschlüssel mit Kalibrierschein, Genauigkeit ±4 %.",
        ),
        _TOOLS_2,
        "piece",
        "129.00",
        _a("standard", "DIN EN ISO 6789"),
        _a("drive", '1/2"'),
        _a("torque", "40-200 Nm"),
        _a("length", "470 mm"),
    )


def _saw_blades() -> Iterator[_Draft]:
    for diameter, bore in ((160, 20), (190, 30), (216, 30), (254, 30)):
        for teeth, use_en, use_de in (
            (24, "for wood, rip cut", "für Holz, Längsschnitt"),
            (48, "for wood, fine cut", "für Holz, Feinschnitt"),
        ):
            yield _draft(
                (
                    f"Circular saw blade {diameter} x {bore} mm, {teeth} teeth, {use_en}",
                    f"Kreissägeblatt {diameter} x {bore} mm, {teeth} Zähne, {use_de}",
                ),
                (
                    "Carbide-tipped blade with alternate top bevel teeth and "
                    "anti-friction coating.",
                    "Hartmetallbestücktes Sägeblatt mit Wechselzahn und Antihaftbeschichtung.",
                ),
                _TOOLS,
                "piece",
                Decimal(diameter) * Decimal("0.11") + teeth * Decimal("0.35"),
                _a("diameter", f"{diameter} mm"),
                _a("bore", f"{bore} mm"),
                _a("teeth", str(teeth)),
                _a("material", "HM / TCT"),
            )
    for code, use_en, use_de, price in (
        ("T101B", "clean cut in wood", "sauberer Schnitt in Holz", "6.90"),
        ("T144D", "fast cut in wood", "schneller Schnitt in Holz", "6.50"),
        ("T118A", "sheet metal", "Metallbleche", "7.40"),
    ):
        yield _draft(
            (
                f"Jigsaw blade {code}, {use_en}, pack of 5",
                f"Stichsägeblatt {code}, {use_de}, 5 Stück",
            ),
            (
                "T-shank jigsaw blade fitting all common jigsaws.",
                "Stichsägeblatt mit T-Schaft, passend für alle gängigen Stichsägen.",
            ),
            _TOOLS_2,
            "pack",
            price,
            _a("shank", "T"),
            _a("material", "HSS" if code.endswith("A") else "HCS"),
            _a("pack", "5"),
        )
    yield _draft(
        (
            "Hacksaw blade 300 mm, 24 TPI, bi-metal, pack of 10",
            "Handsägeblatt 300 mm, 24 ZpZ, Bimetall, 10 Stück",
        ),
        (
            "Flexible bi-metal blade for steel tubes and profiles.",
            "Flexibles Bimetall-Sägeblatt für Stahlrohre und Profile.",
        ),
        _TOOLS_2,
        "pack",
        "18.90",
        _a("length", "300 mm"),
        _a("tpi", "24"),
        _a("material", "bi-metal / Bimetall"),
        _a("pack", "10"),
    )


_GLOVE_SIZES = (("7", "S"), ("8", "M"), ("9", "L"), ("10", "XL"))


def _gloves() -> Iterator[_Draft]:
    for size, letter in _GLOVE_SIZES:
        yield _draft(
            (
                f"Nitrile work gloves, size {size} ({letter}), 12 pairs",
                f"Nitril-Arbeitshandschuhe, Größe {size} ({letter}), 12 Paar",
            ),
            (
                "Nylon knit gloves with nitrile foam coating on palm and fingertips; good "
                "grip on oily parts.",
                "Nylon-Strickhandschuhe mit Nitrilschaum-Beschichtung an Handfläche und "
                "Fingerkuppen; griffig auch bei öligen Teilen.",
            ),
            _SAFETY,
            "pack",
            "29.90",
            _a("standard", "EN 388 4121X"),
            _a("size", f"{size} ({letter})"),
            _a("coating", "nitrile foam / Nitrilschaum"),
            _a("pairs", "12"),
        )
    for size, letter in _GLOVE_SIZES[1:]:
        yield _draft(
            (
                f"Cut-resistant gloves level C, size {size} ({letter})",
                f"Schnittschutzhandschuhe Klasse C, Größe {size} ({letter})",
            ),
            (
                "HPPE fibre gloves with polyurethane coating for handling sheet metal and glass.",
                "Handschuhe aus HPPE-Faser mit PU-Beschichtung für den Umgang mit Blech und Glas.",
            ),
            _SAFETY_2,
            "pair",
            "7.90",
            _a("standard", "EN 388 4X42C"),
            _a("size", f"{size} ({letter})"),
            _a("cut_level", "C"),
            _a("coating", "PU"),
        )
    for _size, letter in _GLOVE_SIZES:
        yield _draft(
            (
                f"Disposable nitrile gloves, powder-free, size {letter}, box of 100",
                f"Einweg-Nitrilhandschuhe, puderfrei, Größe {letter}, 100 Stück",
            ),
            (
                "Thin single-use gloves for workshop, laboratory and cleaning work.",
                "Dünne Einmalhandschuhe für Werkstatt, Labor und Reinigung.",
            ),
            _SAFETY_2,
            "box",
            "8.40",
            _a("standard", "EN ISO 374-1 type B"),
            _a("size", letter),
            _a("thickness", "0.10 mm"),
            _a("pack", "100"),
        )
    yield _draft(
        ("Leather rigger gloves, size 10 (XL)", "Rindleder-Handschuhe, Größe 10 (XL)"),
        (
            "Full-grain cowhide gloves for rough work, with elastic back.",
            "Handschuhe aus Rindnarbenleder für grobe Arbeiten, mit Gummizug.",
        ),
        _SAFETY,
        "pair",
        "4.95",
        _a("standard", "EN 388 3122X"),
        _a("size", "10 (XL)"),
        _a("material", "cowhide / Rindleder"),
    )


def _eye_protection() -> Iterator[_Draft]:
    lenses = (
        ("clear", "klar"),
        ("grey", "grau"),
        ("yellow", "gelb"),
        ("mirrored", "verspiegelt"),
    )
    for lens_en, lens_de in lenses:
        for pack in (1, 10):
            suffix_en = "" if pack == 1 else f", pack of {pack}"
            suffix_de = "" if pack == 1 else f", {pack} Stück"
            yield _draft(
                (
                    f"Safety glasses, {lens_en} lens, anti-fog{suffix_en}",
                    f"Schutzbrille, Scheibe {lens_de}, beschlagfrei{suffix_de}",
                ),
                (
                    "Lightweight wraparound safety spectacles with soft temples and "
                    "scratch-resistant polycarbonate lens.",
                    "Leichte Bügelbrille mit weichen Bügelenden und kratzfester "
                    "Polycarbonat-Scheibe.",
                ),
                _SAFETY,
                "piece" if pack == 1 else "pack",
                Decimal("5.90") * pack * (Decimal("0.85") if pack > 1 else 1),
                _a("standard", "EN 166 / EN 170"),
                _a("lens", lens_en),
                _a("material", "PC"),
                _a("weight", "26 g"),
            )
    for names, descriptions, price, standard in (
        (
            ("Safety goggles, indirect ventilation", "Vollsichtbrille, indirekte Belüftung"),
            (
                "Goggles for splash and dust protection; fit over prescription glasses.",
                "Vollsichtbrille gegen Spritzer und Staub, auch über Korrekturbrillen.",
            ),
            "12.90",
            "EN 166 3 4 B",
        ),
        (
            ("Face shield with headgear, clear", "Gesichtsschutzschirm mit Kopfhalterung, klar"),
            (
                "Full-face visor for grinding and handling chemicals.",
                "Visier für Schleifarbeiten und den Umgang mit Chemikalien.",
            ),
            "24.50",
            "EN 166 B 3",
        ),
        (
            ("Welding goggles, shade 5, flip-up", "Schweißerschutzbrille, Schutzstufe 5, klappbar"),
            (
                "Gas welding goggles with flip-up filter lenses.",
                "Gasschweißerbrille mit aufklappbaren Filterscheiben.",
            ),
            "19.90",
            "EN 169 / EN 175",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _SAFETY_2,
            "piece",
            price,
            _a("standard", standard),
            _a("material", "PC"),
            _a("lens", "clear" if "shade" not in names[0] else "5"),
        )


def _head_protection() -> Iterator[_Draft]:
    colours = (
        ("white", "weiß"),
        ("yellow", "gelb"),
        ("red", "rot"),
        ("blue", "blau"),
        ("green", "grün"),
        ("orange", "orange"),
    )
    for colour_en, colour_de in colours:
        yield _draft(
            (
                f"Safety helmet EN 397, {colour_en}, ratchet adjustment",
                f"Schutzhelm EN 397, {colour_de}, Drehradverstellung",
            ),
            (
                "ABS industrial helmet with 6-point textile cradle and ratchet headband "
                "(53-63 cm).",
                "Industrieschutzhelm aus ABS mit 6-Punkt-Textilinnenausstattung und "
                "Drehradverstellung (53-63 cm).",
            ),
            _SAFETY,
            "piece",
            "14.90",
            _a("standard", "EN 397"),
            _a("colour", colour_en),
            _a("material", "ABS"),
            _a("size", "53-63 cm"),
            _a("temperature", "-30 .. +50 °C"),
        )
    for colour_en, colour_de in colours[2:4]:
        yield _draft(
            (f"Bump cap, {colour_en}", f"Anstoßkappe, {colour_de}"),
            (
                "Baseball-style cap with hard shell insert against bumps.",
                "Schirmmütze mit Hartschaleneinsatz gegen Anstoßen.",
            ),
            _SAFETY_2,
            "piece",
            "16.50",
            _a("standard", "EN 812"),
            _a("colour", colour_en),
            _a("size", "55-62 cm"),
        )
    for names, descriptions, price in (
        (
            (
                "Safety helmet with visor and ear defenders",
                "Schutzhelm mit Visier und Kapselgehörschutz",
            ),
            (
                "Forestry helmet combination with mesh visor and ear defenders, SNR 27 dB.",
                "Forsthelm-Kombination mit Gittervisier und Kapselgehörschutz, SNR 27 dB.",
            ),
            "59.00",
        ),
        (
            ("Chin strap for safety helmets, 4-point", "Kinnriemen für Schutzhelme, 4-Punkt"),
            (
                "Elastic chin strap for working at height.",
                "Elastischer Kinnriemen für Arbeiten in der Höhe.",
            ),
            "4.20",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _SAFETY,
            "piece",
            price,
            _a("standard", "EN 397"),
            _a("colour", "orange"),
            _a("material", "ABS / PA"),
        )


def _hearing_protection() -> Iterator[_Draft]:
    for snr, price in ((27, "12.90"), (31, "18.50"), (35, "27.90")):
        yield _draft(
            (f"Ear defenders, SNR {snr} dB", f"Kapselgehörschützer, SNR {snr} dB"),
            (
                "Over-the-head ear muffs with soft cushions and adjustable headband.",
                "Kapselgehörschutz mit weichen Dichtungskissen und verstellbarem Kopfbügel.",
            ),
            _SAFETY_2,
            "piece",
            price,
            _a("standard", "EN 352-1"),
            _a("snr", f"{snr} dB"),
            _a("weight", f"{180 + snr * 3} g"),
        )
    for names, descriptions, unit, price, snr, pack in (
        (
            ("Foam earplugs, 200 pairs", "Schaumstoff-Gehörschutzstöpsel, 200 Paar"),
            (
                "Single-use polyurethane earplugs, individually packed in pairs.",
                "Einweg-Gehörschutzstöpsel aus PU-Schaum, paarweise verpackt.",
            ),
            "box",
            "34.90",
            37,
            "200",
        ),
        (
            (
                "Foam earplugs, dispenser refill, 500 pairs",
                "Gehörschutzstöpsel, Nachfüllpack, 500 Paar",
            ),
            (
                "Refill bag for wall dispensers; earplugs loose.",
                "Nachfüllbeutel für Wandspender, Stöpsel lose.",
            ),
            "pack",
            "49.90",
            37,
            "500",
        ),
        (
            (
                "Reusable earplugs with cord, 50 pairs",
                "Mehrweg-Gehörschutzstöpsel mit Kordel, 50 Paar",
            ),
            (
                "Washable silicone earplugs with cord, in a storage box.",
                "Waschbare Silikon-Gehörschutzstöpsel mit Kordel, in Aufbewahrungsbox.",
            ),
            "box",
            "79.00",
            27,
            "50",
        ),
        (
            (
                "Metal-detectable earplugs with cord, 100 pairs",
                "Detektierbare Gehörschutzstöpsel mit Kordel, 100 Paar",
            ),
            (
                "Earplugs with metal core for the food industry.",
                "Gehörschutzstöpsel mit Metallkern für die Lebensmittelindustrie.",
            ),
            "box",
            "89.00",
            33,
            "100",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _SAFETY_2,
            unit,
            price,
            _a("standard", "EN 352-2"),
            _a("snr", f"{snr} dB"),
            _a("pairs", pack),
        )
    for names, descriptions, price in (
        (
            ("Banded hearing protector, SNR 23 dB", "Bügelgehörschutz, SNR 23 dB"),
            (
                "Lightweight band with replaceable plugs for intermittent noise.",
                "Leichter Bügel mit austauschbaren Stöpseln für wechselnde Lärmbereiche.",
            ),
            "7.90",
        ),
        (
            ("Helmet-mounted ear defenders, SNR 30 dB", "Helmkapselgehörschutz, SNR 30 dB"),
            (
                "Ear defenders with 30 mm slot adapters for industrial helmets.",
                "Kapselgehörschutz mit 30-mm-Steckadaptern für Industrieschutzhelme.",
            ),
            "21.90",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _SAFETY,
            "piece",
            price,
            _a("standard", "EN 352-3"),
            _a("snr", names[0].rsplit("SNR ", 1)[1]),
            _a("colour", "yellow"),
        )


def _shelving() -> Iterator[_Draft]:
    for height in (1800, 2000, 2500):
        for width in (1000, 1200):
            for depth, load in ((400, 150), (600, 265)):
                yield _draft(
                    (
                        f"Boltless shelving unit {height} x {width} x {depth} mm, 5 shelves, "
                        f"{load} kg",
                        f"Steckregal {height} x {width} x {depth} mm, 5 Böden, {load} kg",
                    ),
                    (
                        "Galvanised steel shelving assembled without screws; shelves "
                        "adjustable in 25 mm steps.",
                        "Regal aus verzinktem Stahl, ohne Schrauben montierbar; Böden im "
                        "25-mm-Raster verstellbar.",
                    ),
                    _WORKSHOP,
                    "piece",
                    Decimal(height * width * depth) * Decimal("0.0000001") + load * Decimal("0.2"),
                    _a("height", f"{height} mm"),
                    _a("width", f"{width} mm"),
                    _a("depth", f"{depth} mm"),
                    _a("load", f"{load} kg"),
                    _a("shelves", "5"),
                    _a("finish", "galvanised / verzinkt"),
                )
    for width, depth in ((1000, 400), (1200, 600)):
        yield _draft(
            (
                f"Additional shelf for boltless shelving, {width} x {depth} mm",
                f"Zusatzboden für Steckregal, {width} x {depth} mm",
            ),
            (
                "Extra shelf including four clips.",
                "Zusätzlicher Fachboden inklusive vier Klammern.",
            ),
            _WORKSHOP,
            "piece",
            Decimal(width * depth) * Decimal("0.00004"),
            _a("width", f"{width} mm"),
            _a("depth", f"{depth} mm"),
            _a("load", "150 kg" if depth == 400 else "265 kg"),
        )


def _workbenches() -> Iterator[_Draft]:
    tops = (
        ("beech multiplex top", "Buche-Multiplexplatte", "beech / Buche 40 mm", Decimal("0")),
        ("steel top", "Stahlblechplatte", "steel / Stahl 2 mm", Decimal("90")),
    )
    for width in (1200, 1500, 2000):
        for top_en, top_de, worktop, extra in tops:
            yield _draft(
                (
                    f"Workbench {width} x 750 mm, {top_en}",
                    f"Werkbank {width} x 750 mm, {top_de}",
                ),
                (
                    "Welded steel frame with height-adjustable feet, powder-coated RAL 7035.",
                    "Geschweißtes Stahlgestell mit höhenverstellbaren Füßen, "
                    "pulverbeschichtet RAL 7035.",
                ),
                _WORKSHOP,
                "piece",
                Decimal(width) * Decimal("0.21") + 129 + extra,
                _a("width", f"{width} mm"),
                _a("depth", "750 mm"),
                _a("height", "840-1090 mm"),
                _a("worktop", worktop),
                _a("total_load", "1000 kg"),
            )
    for drawers, price in ((3, "689.00"), (5, "849.00")):
        yield _draft(
            (
                f"Workbench 1500 x 750 mm with {drawers}-drawer cabinet",
                f"Werkbank 1500 x 750 mm mit Schubladenschrank, {drawers} Schubladen",
            ),
            (
                "Workbench with lockable drawer cabinet on full-extension runners.",
                "Werkbank mit abschließbarem Schubladenschrank auf Vollauszügen.",
            ),
            _WORKSHOP,
            "piece",
            price,
            _a("width", "1500 mm"),
            _a("depth", "750 mm"),
            _a("worktop", "beech / Buche 40 mm"),
            _a("shelves", str(drawers)),
        )
    yield _draft(
        (
            "Packing table 1600 x 800 mm with paper roll holder",
            "Packtisch 1600 x 800 mm mit Papierrollenhalter",
        ),
        (
            "Ergonomic packing station with top shelf and roll holder for 500 mm rolls.",
            "Ergonomischer Packplatz mit Aufsatzboard und Rollenhalter für 500-mm-Rollen.",
        ),
        _WORKSHOP,
        "piece",
        "549.00",
        _a("width", "1600 mm"),
        _a("depth", "800 mm"),
        _a("total_load", "300 kg"),
    )
    yield _draft(
        (
            "Mobile work table 1000 x 600 mm, 4 castors",
            "Fahrbarer Arbeitstisch 1000 x 600 mm, 4 Lenkrollen",
        ),
        (
            "Mobile table with two shelves and braked castors.",
            "Fahrbarer Tisch mit zwei Ablagen und gebremsten Lenkrollen.",
        ),
        _WORKSHOP,
        "piece",
        "289.00",
        _a("width", "1000 mm"),
        _a("depth", "600 mm"),
        _a("total_load", "250 kg"),
    )


def _storage() -> Iterator[_Draft]:
    bins = (
        (1, "100 x 160 x 75", "0.9"),
        (2, "105 x 175 x 75", "1.3"),
        (3, "150 x 235 x 125", "3.5"),
        (4, "205 x 345 x 150", "7.8"),
        (5, "300 x 500 x 200", "21"),
    )
    for size, dimensions, litres in bins:
        for colour_en, colour_de in (("blue", "blau"), ("red", "rot"), ("green", "grün")):
            yield _draft(
                (
                    f"Stackable storage bin size {size}, {dimensions} mm, {colour_en}",
                    f"Sichtlagerkasten Größe {size}, {dimensions} mm, {colour_de}",
                ),
                (
                    "Open-fronted polypropylene bin for shelves and louvre panels; "
                    "label holder included.",
                    "Sichtlagerkasten aus Polypropylen für Regale und Schlitzplatten; "
                    "mit Etikettenhalter.",
                ),
                _WORKSHOP,
                "piece",
                Decimal(litres) * Decimal("0.55") + Decimal("0.85"),
                _a("size", dimensions + " mm"),
                _a("volume", f"{litres} l"),
                _a("material", "PP"),
                _a("colour", colour_en),
            )
    for dimensions, litres, price in (
        ("400 x 300 x 120", "10", "6.90"),
        ("600 x 400 x 220", "45", "12.90"),
    ):
        yield _draft(
            (f"Euro container {dimensions} mm, grey", f"Euro-Stapelbehälter {dimensions} mm, grau"),
            (
                "Euro-standard stacking container with solid walls and base.",
                "Stapelbehälter im Euronorm-Maß mit geschlossenen Wänden und Boden.",
            ),
            _WORKSHOP,
            "piece",
            price,
            _a("size", dimensions + " mm"),
            _a("volume", f"{litres} l"),
            _a("material", "PP"),
            _a("colour", "grey"),
        )


def _fittings() -> Iterator[_Draft]:
    threads = {4: "G1/8", 6: "G1/8", 8: "G1/4", 10: "G3/8"}
    shapes = (
        ("Straight push-in fitting", "Gerade Steckverschraubung", Decimal("1.90")),
        ("Elbow push-in fitting", "Winkel-Steckverschraubung", Decimal("2.70")),
        ("Tee push-in fitting", "T-Steckverbinder", Decimal("3.40")),
    )
    for shape_en, shape_de, base in shapes:
        for tube, thread in threads.items():
            is_tee = shape_en.startswith("Tee")
            connection = f"3 x {tube} mm" if is_tee else f"{thread} male / AG"
            thread_en = "" if is_tee else f", {thread} male thread"
            thread_de = "" if is_tee else f", Außengewinde {thread}"
            yield _draft(
                (
                    f"{shape_en}, tube {tube} mm{thread_en}",
                    f"{shape_de}, Schlauch {tube} mm{thread_de}",
                ),
                (
                    "Nickel-plated brass push-in fitting with stainless steel gripping ring "
                    "for compressed air.",
                    "Steckverschraubung aus vernickeltem Messing mit Edelstahl-Krallenring "
                    "für Druckluft.",
                ),
                _PNEUMATICS,
                "piece",
                base + Decimal(tube) * Decimal("0.18"),
                _a("tube", f"{tube} mm"),
                _a("connection", connection),
                _a("pressure", "16 bar"),
                _a("material", "CuZn, nickel-plated / vernickelt"),
                _a("temperature", "-20 .. +80 °C"),
            )


def _hoses() -> Iterator[_Draft]:
    for outer, inner in ((6, 4), (8, 6), (10, 8), (12, 9)):
        for colour_en, colour_de in (("blue", "blau"), ("black", "schwarz")):
            yield _draft(
                (
                    f"Polyurethane tube {outer} x {inner} mm, {colour_en}, sold by the metre",
                    f"Polyurethan-Schlauch {outer} x {inner} mm, {colour_de}, Meterware",
                ),
                (
                    "Flexible PU tube for pneumatic lines, kink-resistant and "
                    "hydrolysis-resistant.",
                    "Flexibler PU-Schlauch für Pneumatikleitungen, knickfest und "
                    "hydrolysebeständig.",
                ),
                _PNEUMATICS,
                "metre",
                Decimal(outer) * Decimal("0.11") + Decimal("0.25"),
                _a("outer_diameter", f"{outer} mm"),
                _a("inner_diameter", f"{inner} mm"),
                _a("pressure", "10 bar"),
                _a("material", "PU 98 Shore A"),
                _a("colour", colour_en),
            )
    for dn, inch, pressure in ((6, "1/4", 400), (10, "3/8", 330), (12, "1/2", 275)):
        yield _draft(
            (
                f'Hydraulic hose 2SN DN{dn} ({inch}"), sold by the metre',
                f'Hydraulikschlauch 2SN DN{dn} ({inch}"), Meterware',
            ),
            (
                "Two-wire braided high-pressure hose for hydraulic oils.",
                "Hochdruckschlauch mit zwei Stahldrahtgeflechten für Hydrauliköle.",
            ),
            _PNEUMATICS,
            "metre",
            Decimal(dn) * Decimal("0.62") + Decimal("2.10"),
            _a("standard", "EN 853 2SN"),
            _a("nominal_width", f"DN{dn}"),
            _a("pressure", f"{pressure} bar"),
            _a("temperature", "-40 .. +100 °C"),
        )
    yield _draft(
        (
            "Spiral air hose 7.5 m with quick couplings NW 7.2",
            "Spiral-Druckluftschlauch 7,5 m mit Schnellkupplungen NW 7,2",
        ),
        (
            "Retractable PU spiral hose with bend protection on both ends.",
            "Rückstellender PU-Spiralschlauch mit Knickschutz an beiden Enden.",
        ),
        _PNEUMATICS,
        "piece",
        "32.90",
        _a("length", "7.5 m"),
        _a("outer_diameter", "10 mm"),
        _a("pressure", "10 bar"),
        _a("connection", "NW 7.2"),
    )


def _couplings() -> Iterator[_Draft]:
    for kind_en, kind_de, base in (
        ("Quick coupling", "Schnellkupplung", Decimal("4.60")),
        ("Plug nipple", "Stecknippel", Decimal("1.40")),
    ):
        for thread in ("G1/4", "G3/8", "G1/2"):
            yield _draft(
                (
                    f"{kind_en} NW 7.2, {thread} female thread",
                    f"{kind_de} NW 7,2, Innengewinde {thread}",
                ),
                (
                    "Compatible with the common European profile NW 7.2 (ISO 6150 B).",
                    "Kompatibel zum verbreiteten europäischen Profil NW 7,2 (ISO 6150 B).",
                ),
                _PNEUMATICS,
                "piece",
                base + Decimal(thread.count("/") * len(thread)) * Decimal("0.3"),
                _a("nominal_width", "NW 7.2"),
                _a("connection", f"{thread} female / IG"),
                _a("pressure", "35 bar"),
                _a("material", "brass / Messing"),
            )
    for barb in (6, 9, 13):
        yield _draft(
            (
                f"Quick coupling NW 7.2, hose barb {barb} mm",
                f"Schnellkupplung NW 7,2, Schlauchtülle {barb} mm",
            ),
            (
                "Quick coupling with hose barb for clamped rubber and PVC air hoses.",
                "Schnellkupplung mit Schlauchtülle für geschellte Gummi- und PVC-Schläuche.",
            ),
            _PNEUMATICS,
            "piece",
            Decimal("4.80") + Decimal(barb) * Decimal("0.05"),
            _a("nominal_width", "NW 7.2"),
            _a("connection", f"{barb} mm"),
            _a("pressure", "35 bar"),
        )
    yield _draft(
        (
            "Safety coupling NW 7.2, G1/4 female thread",
            "Sicherheitskupplung NW 7,2, Innengewinde G1/4",
        ),
        (
            "Two-stage safety coupling that vents the hose before release, preventing whiplash.",
            "Zweistufige Sicherheitskupplung, entlüftet vor dem Lösen und verhindert "
            "Peitschenschlag.",
        ),
        _PNEUMATICS,
        "piece",
        "14.90",
        _a("standard", "EN ISO 4414"),
        _a("nominal_width", "NW 7.2"),
        _a("connection", "G1/4 female / IG"),
    )
    for size, price in (("1/4", "18.90"), ("3/8", "22.50"), ("1/2", "27.90")):
        yield _draft(
            (
                f'Hydraulic quick coupling ISO 7241-A, {size}", set',
                f'Hydraulik-Schnellkupplung ISO 7241-A, {size}", Set',
            ),
            (
                "Coupler and plug with ball locking for hydraulic lines.",
                "Muffe und Stecker mit Kugelverriegelung für Hydraulikleitungen.",
            ),
            _PNEUMATICS,
            "piece",
            price,
            _a("standard", "ISO 7241-A"),
            _a("connection", f'{size}" NPT'),
            _a("pressure", "250 bar"),
            _a("material", "steel / Stahl"),
        )


def _cables() -> Iterator[_Draft]:
    for kind, use_en, use_de, sizes, base in (
        (
            "NYM-J",
            "installation cable for indoor use",
            "Mantelleitung für die Installation in Innenräumen",
            ("3x1.5", "3x2.5", "5x1.5", "5x2.5"),
            Decimal("0.38"),
        ),
        (
            "H07RN-F",
            "rubber cable for harsh site conditions",
            "Gummischlauchleitung für raue Baustellenbedingungen",
            ("3G1.5", "3G2.5", "5G2.5"),
            Decimal("0.72"),
        ),
        (
            "H05VV-F",
            "PVC flexible cable for appliances",
            "flexible PVC-Schlauchleitung für Geräte",
            ("3G0.75", "3G1.5"),
            Decimal("0.29"),
        ),
        (
            "LiYY",
            "control cable for data and signals",
            "Steuerleitung für Daten und Signale",
            ("4x0.25", "7x0.25"),
            Decimal("0.16"),
        ),
    ):
        for size in sizes:
            conductors, cross = size.replace("G", "x").split("x")
            copper = Decimal(conductors) * Decimal(cross)
            yield _draft(
                (
                    f"{kind} {size} mm², {use_en}, sold by the metre",
                    f"{kind} {_de(size)} mm², {use_de}, Meterware",
                ),
                (
                    f"{kind} cable with copper conductors, {use_en}.",
                    f"{kind}-Leitung mit Kupferleitern, {use_de}.",
                ),
                _ELECTRICAL,
                "metre",
                base + copper * Decimal("0.085"),
                _a("conductors", conductors),
                _a("cross_section", f"{cross} mm²"),
                _a("rated_voltage", "300/500 V" if kind in ("H05VV-F", "NYM-J") else "450/750 V"),
                _a("material", "Cu"),
            )


def _connectors() -> Iterator[_Draft]:
    for poles, price in ((2, "14.90"), (3, "17.90"), (5, "24.90")):
        yield _draft(
            (
                f"Lever splicing connector, {poles} conductors, 0.2-4 mm², pack of 50",
                f"Hebelklemme, {poles}-polig, 0,2-4 mm², 50 Stück",
            ),
            (
                "Compact splicing connector with levers for solid, stranded and "
                "fine-stranded conductors.",
                "Kompakte Verbindungsklemme mit Hebeln für ein-, mehr- und feindrähtige Leiter.",
            ),
            _ELECTRICAL,
            "pack",
            price,
            _a("conductors", str(poles)),
            _a("cross_section", "0.2-4 mm²"),
            _a("current", "32 A"),
            _a("rated_voltage", "450 V"),
            _a("pack", "50"),
        )
    for cross, colour_en, colour_de, price in (
        ("0.5", "white", "weiß", "4.90"),
        ("0.75", "grey", "grau", "5.20"),
        ("1.0", "red", "rot", "5.60"),
        ("1.5", "black", "schwarz", "6.10"),
        ("2.5", "blue", "blau", "7.40"),
    ):
        yield _draft(
            (
                f"Insulated wire ferrules {cross} mm², {colour_en}, box of 500",
                f"Isolierte Aderendhülsen {_de(cross)} mm², {colour_de}, 500 Stück",
            ),
            (
                "Tin-plated copper ferrules with plastic collar, colour-coded to DIN 46228.",
                "Verzinnte Kupfer-Aderendhülsen mit Kunststoffkragen, Farbcode nach DIN 46228.",
            ),
            _ELECTRICAL,
            "box",
            price,
            _a("standard", "DIN 46228-4"),
            _a("cross_section", f"{cross} mm²"),
            _a("colour", colour_en),
            _a("pack", "500"),
        )
    for names, descriptions, price, current in (
        (
            ("CEE plug 16 A, 5-pin, 400 V, IP44", "CEE-Stecker 16 A, 5-polig, 400 V, IP44"),
            (
                "Three-phase plug with screwless terminals.",
                "Drehstromstecker mit schraubenlosen Anschlussklemmen.",
            ),
            "8.90",
            "16 A",
        ),
        (
            ("Rubber Schuko plug, IP44", "Gummi-Schutzkontaktstecker, IP44"),
            (
                "Impact-resistant rubber plug for site cables.",
                "Schlagfester Gummistecker für Baustellenleitungen.",
            ),
            "4.20",
            "16 A",
        ),
        (
            ("Ring cable lugs M6, 6 mm², pack of 100", "Ringkabelschuhe M6, 6 mm², 100 Stück"),
            (
                "Uninsulated tubular cable lugs for crimping.",
                "Unisolierte Rohrkabelschuhe zum Verpressen.",
            ),
            "11.50",
            "54 A",
        ),
        (
            ("Push-in terminal block 2.5 mm², grey", "Durchgangsklemme 2,5 mm², grau"),
            (
                "DIN rail terminal block with push-in connection.",
                "Reihenklemme für Tragschiene mit Push-in-Anschluss.",
            ),
            "0.85",
            "24 A",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _ELECTRICAL,
            "pack" if "pack of" in names[0] else "piece",
            price,
            _a("current", current),
            _a("rated_voltage", "400 V" if "CEE" in names[0] else "230 V"),
            _a("material", "Cu / PA"),
        )


def _cable_ties() -> Iterator[_Draft]:
    for length, width, tensile in (
        (100, "2.5", 8),
        (140, "3.6", 18),
        (200, "3.6", 18),
        (300, "4.8", 22),
    ):
        for colour_en, colour_de in (
            ("natural", "natur"),
            ("black, UV-resistant", "schwarz, UV-beständig"),
        ):
            yield _draft(
                (
                    f"Cable ties {length} x {width} mm, {colour_en}, pack of 100",
                    f"Kabelbinder {length} x {_de(width)} mm, {colour_de}, 100 Stück",
                ),
                (
                    "Polyamide 6.6 cable ties for bundling and fixing cables.",
                    "Kabelbinder aus Polyamid 6.6 zum Bündeln und Befestigen von Kabeln.",
                ),
                _ELECTRICAL,
                "pack",
                Decimal(length) * Decimal(width) * Decimal("0.0035") + Decimal("0.60"),
                _a("length", f"{length} mm"),
                _a("width", f"{width} mm"),
                _a("total_load", f"{tensile} kg"),
                _a("material", "PA 6.6"),
                _a("colour", colour_en.split(",")[0]),
                _a("pack", "100"),
            )
    for length, width in ((370, "7.6"), (540, "7.6")):
        yield _draft(
            (
                f"Heavy-duty cable ties {length} x {width} mm, black, pack of 100",
                f"Schwerlast-Kabelbinder {length} x {_de(width)} mm, schwarz, 100 Stück",
            ),
            (
                "Extra-strong cable ties for thick bundles and outdoor use.",
                "Besonders reißfeste Kabelbinder für dicke Bündel und den Außeneinsatz.",
            ),
            _ELECTRICAL,
            "pack",
            Decimal(length) * Decimal("0.031"),
            _a("length", f"{length} mm"),
            _a("width", f"{width} mm"),
            _a("total_load", "54 kg"),
            _a("pack", "100"),
        )
    yield _draft(
        (
            "Releasable cable ties 200 x 7.6 mm, pack of 100",
            "Lösbare Kabelbinder 200 x 7,6 mm, 100 Stück",
        ),
        (
            "Reusable cable ties with release tab.",
            "Wiederverwendbare Kabelbinder mit Öffnungslasche.",
        ),
        _ELECTRICAL,
        "pack",
        "9.80",
        _a("length", "200 mm"),
        _a("width", "7.6 mm"),
        _a("pack", "100"),
    )
    yield _draft(
        (
            "Stainless steel cable ties 360 x 4.6 mm, pack of 100",
            "Edelstahl-Kabelbinder 360 x 4,6 mm, 100 Stück",
        ),
        (
            "Ball-lock cable ties for high temperatures and outdoor installations.",
            "Kabelbinder mit Kugelverschluss für hohe Temperaturen und Außenanlagen.",
        ),
        _ELECTRICAL,
        "pack",
        "27.50",
        _a("length", "360 mm"),
        _a("width", "4.6 mm"),
        _a("material", "1.4301"),
        _a("temperature", "-80 .. +538 °C"),
        _a("pack", "100"),
    )


def _oils() -> Iterator[_Draft]:
    for grade in (32, 46, 68):
        for litres, price_per_litre in ((5, Decimal("4.40")), (20, Decimal("3.60"))):
            yield _draft(
                (
                    f"Hydraulic oil HLP {grade}, {litres} l canister",
                    f"Hydrauliköl HLP {grade}, {litres}-l-Kanister",
                ),
                (
                    "Mineral hydraulic oil with anti-wear additives for industrial "
                    "hydraulic systems.",
                    "Mineralisches Hydrauliköl mit Verschleißschutz-Additiven für "
                    "Industriehydraulik.",
                ),
                _CHEMICALS,
                "piece",
                price_per_litre * litres + grade * Decimal("0.05"),
                _a("standard", "DIN 51524-2 HLP"),
                _a("viscosity", f"ISO VG {grade}"),
                _a("container", f"{litres} l"),
                _a("base", "mineral oil / Mineralöl"),
            )
    yield _draft(
        (
            "Hydraulic oil HLP 46, bulk from 208 l drum",
            "Hydrauliköl HLP 46, lose aus 208-l-Fass",
        ),
        (
            "Price per litre, filled from the drum; minimum order 50 litres.",
            "Preis pro Liter, aus dem Fass abgefüllt; Mindestabnahme 50 Liter.",
        ),
        _CHEMICALS,
        "litre",
        "3.15",
        _a("standard", "DIN 51524-2 HLP"),
        _a("viscosity", "ISO VG 46"),
        _a("container", "208 l"),
    )
    for names, descriptions, price, container, viscosity in (
        (
            ("Cutting oil, water-miscible, 5 l", "Kühlschmierstoff, wassermischbar, 5 l"),
            (
                "Emulsifiable concentrate for turning, milling and drilling.",
                "Emulgierbares Konzentrat zum Drehen, Fräsen und Bohren.",
            ),
            "39.90",
            "5 l",
            "-",
        ),
        (
            ("Multi-purpose oil spray, 400 ml", "Multifunktionsöl-Spray, 400 ml"),
            (
                "Penetrating oil that loosens, lubricates and protects against corrosion.",
                "Kriechöl, löst, schmiert und schützt vor Korrosion.",
            ),
            "6.90",
            "400 ml",
            "-",
        ),
        (
            ("Compressor oil VDL 100, 1 l", "Kompressorenöl VDL 100, 1 l"),
            (
                "Oil for reciprocating and rotary compressors.",
                "Öl für Kolben- und Schraubenkompressoren.",
            ),
            "11.50",
            "1 l",
            "ISO VG 100",
        ),
        (
            ("Chain saw oil, biodegradable, 1 l", "Sägekettenöl, biologisch abbaubar, 1 l"),
            (
                "Vegetable-based adhesive oil for saw chains.",
                "Haftöl auf Pflanzenölbasis für Sägeketten.",
            ),
            "7.80",
            "1 l",
            "ISO VG 150",
        ),
        (
            ("Gear oil CLP 220, 20 l", "Getriebeöl CLP 220, 20 l"),
            (
                "Industrial gear oil with EP additives for enclosed gear units.",
                "Industriegetriebeöl mit EP-Additiven für geschlossene Getriebe.",
            ),
            "119.00",
            "20 l",
            "ISO VG 220",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _CHEMICALS,
            "piece",
            price,
            _a("container", container),
            _a("viscosity", viscosity),
            _a("temperature", "-10 .. +80 °C"),
        )


def _greases() -> Iterator[_Draft]:
    for container, unit_en, unit_de, price in (
        ("400 g", "cartridge", "Kartusche", "5.90"),
        ("1 kg", "tin", "Dose", "12.40"),
        ("5 kg", "bucket", "Eimer", "44.90"),
        ("25 kg", "drum", "Hobbock", "189.00"),
    ):
        yield _draft(
            (
                f"Multi-purpose grease NLGI 2, {container} {unit_en}",
                f"Mehrzweckfett NLGI 2, {container} {unit_de}",
            ),
            (
                "Lithium-soap grease for rolling and plain bearings.",
                "Lithiumverseiftes Fett für Wälz- und Gleitlager.",
            ),
            _CHEMICALS,
            "piece",
            price,
            _a("standard", "DIN 51825 K2K-30"),
            _a("nlgi", "2"),
            _a("base", "lithium / Lithium"),
            _a("container", container),
            _a("temperature", "-30 .. +120 °C"),
        )
    for names, descriptions, price, base, temperature in (
        (
            ("High-temperature grease, 400 g cartridge", "Hochtemperaturfett, 400-g-Kartusche"),
            (
                "Complex-soap grease for bearings up to 180 °C.",
                "Komplexseifenfett für Lager bis 180 °C.",
            ),
            "9.80",
            "lithium complex / Lithiumkomplex",
            "-30 .. +180 °C",
        ),
        (
            (
                "Food-grade grease NSF H1, 400 g cartridge",
                "Lebensmittelfett NSF H1, 400-g-Kartusche",
            ),
            (
                "Grease for incidental food contact in the food and beverage industry.",
                "Fett für gelegentlichen Lebensmittelkontakt in der Lebensmittelindustrie.",
            ),
            "14.50",
            "aluminium complex / Aluminiumkomplex",
            "-25 .. +160 °C",
        ),
        (
            ("Copper paste, 100 g brush tin", "Kupferpaste, 100-g-Pinseldose"),
            (
                "Anti-seize paste for threads and brake components.",
                "Trennpaste gegen Festbrennen für Gewinde und Bremsenteile.",
            ),
            "7.20",
            "Cu",
            "-30 .. +1100 °C",
        ),
        (
            ("Silicone grease, 100 g tube", "Silikonfett, 100-g-Tube"),
            (
                "Grease for seals, O-rings and plastic parts.",
                "Fett für Dichtungen, O-Ringe und Kunststoffteile.",
            ),
            "6.40",
            "silicone / Silikon",
            "-40 .. +200 °C",
        ),
        (
            ("White lithium grease spray, 400 ml", "Weißes Lithiumfett-Spray, 400 ml"),
            (
                "Sprayable grease for hinges, guides and locks.",
                "Sprühfett für Scharniere, Führungen und Schlösser.",
            ),
            "8.90",
            "lithium / Lithium",
            "-20 .. +140 °C",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _CHEMICALS,
            "piece",
            price,
            _a("base", base),
            _a("temperature", temperature),
            _a("container", names[0].rsplit(", ", 1)[1]),
        )
    yield _draft(
        ("Grease gun 500 cm³, lever type", "Fettpresse 500 cm³, Hebelausführung"),
        (
            "One-hand lever grease gun for 400 g cartridges and loose grease.",
            "Einhand-Hebelfettpresse für 400-g-Kartuschen und losen Fettvorrat.",
        ),
        _TOOLS_2,
        "piece",
        "24.90",
        _a("standard", "DIN 1283"),
        _a("pressure", "400 bar"),
        _a("volume", "500 cm³"),
    )


def _cleaners() -> Iterator[_Draft]:
    for names, descriptions, unit, price, container in (
        (
            (
                "Brake cleaner, acetone-free, 500 ml spray, 12 cans",
                "Bremsenreiniger, acetonfrei, 500-ml-Spray, 12 Dosen",
            ),
            (
                "Fast-evaporating cleaner for brakes, clutches and metal parts.",
                "Schnell verdunstender Reiniger für Bremsen, Kupplungen und Metallteile.",
            ),
            "pack",
            "38.90",
            "12 x 500 ml",
        ),
        (
            ("Brake cleaner, 5 l canister", "Bremsenreiniger, 5-l-Kanister"),
            (
                "Refill for pump sprayers and parts washers.",
                "Nachfüllware für Pumpsprüher und Teilereinigungsgeräte.",
            ),
            "piece",
            "21.90",
            "5 l",
        ),
        (
            ("Hand cleaner with scrub particles, 2 l", "Handwaschpaste mit Reibemittel, 2 l"),
            (
                "Skin-friendly hand cleaner for heavy soiling with oil, grease and graphite.",
                "Hautschonende Handwaschpaste für starke Verschmutzungen durch Öl, Fett "
                "und Graphit.",
            ),
            "piece",
            "9.60",
            "2 l",
        ),
        (
            (
                "Hand cleaner with scrub particles, 4 l dispenser cartridge",
                "Handwaschpaste mit Reibemittel, 4-l-Spenderkartusche",
            ),
            (
                "Cartridge for wall-mounted dispensers.",
                "Kartusche für Wandspender.",
            ),
            "piece",
            "16.80",
            "4 l",
        ),
        (
            ("Industrial degreaser concentrate, 10 l", "Industrie-Entfetter Konzentrat, 10 l"),
            (
                "Alkaline cleaner for floors, machines and parts; dilute 1:10 to 1:50.",
                "Alkalischer Reiniger für Böden, Maschinen und Teile; Verdünnung 1:10 bis 1:50.",
            ),
            "piece",
            "54.90",
            "10 l",
        ),
        (
            ("Contact cleaner spray, 400 ml", "Kontaktreiniger-Spray, 400 ml"),
            (
                "Residue-free cleaner for electrical contacts and circuit boards.",
                "Rückstandsfreier Reiniger für elektrische Kontakte und Platinen.",
            ),
            "piece",
            "8.20",
            "400 ml",
        ),
        (
            ("Rust remover spray, 400 ml", "Rostlöser-Spray, 400 ml"),
            (
                "Creeps into rusted threads and loosens seized connections.",
                "Kriecht in verrostete Gewinde und löst festsitzende Verbindungen.",
            ),
            "piece",
            "6.50",
            "400 ml",
        ),
        (
            ("Workshop cleaning wipes, tub of 72", "Werkstatt-Reinigungstücher, Eimer mit 72"),
            (
                "Pre-moistened wipes for hands, tools and surfaces.",
                "Getränkte Tücher für Hände, Werkzeuge und Oberflächen.",
            ),
            "piece",
            "12.90",
            "72",
        ),
        (
            ("Stainless steel cleaner spray, 500 ml", "Edelstahlreiniger-Spray, 500 ml"),
            (
                "Cleans and protects stainless steel surfaces without streaks.",
                "Reinigt und pflegt Edelstahloberflächen streifenfrei.",
            ),
            "piece",
            "9.90",
            "500 ml",
        ),
    ):
        yield _draft(
            names,
            descriptions,
            _CHEMICALS,
            unit,
            price,
            _a("container", container),
            _a("base", "solvent / Lösemittel" if "spray" in names[0] else "water / Wasser"),
            _a("temperature", "+5 .. +40 °C"),
        )


# Each leaf with its SKU prefix and product family, in catalogue order.
_FAMILIES: tuple[tuple[str, str, Callable[[], Iterator[_Draft]]], ...] = (
    ("fasteners-screws", "FAS-SCR", _screws),
    ("fasteners-nuts", "FAS-NUT", _nuts),
    ("fasteners-washers", "FAS-WAS", _washers),
    ("fasteners-anchors", "FAS-ANC", _anchors),
    ("tools-drivers", "TOO-DRV", _drivers),
    ("tools-drill-bits", "TOO-BIT", _drill_bits),
    ("tools-hand-tools", "TOO-HND", _hand_tools),
    ("tools-saw-blades", "TOO-SAW", _saw_blades),
    ("safety-gloves", "SAF-GLV", _gloves),
    ("safety-eye", "SAF-EYE", _eye_protection),
    ("safety-head", "SAF-HEA", _head_protection),
    ("safety-hearing", "SAF-EAR", _hearing_protection),
    ("workshop-shelving", "WRK-SHF", _shelving),
    ("workshop-workbenches", "WRK-BEN", _workbenches),
    ("workshop-storage", "WRK-BOX", _storage),
    ("pneumatics-fittings", "PNE-FIT", _fittings),
    ("pneumatics-hoses", "PNE-HOS", _hoses),
    ("pneumatics-couplings", "PNE-CPL", _couplings),
    ("electrical-cables", "ELE-CAB", _cables),
    ("electrical-connectors", "ELE-CON", _connectors),
    ("electrical-cable-ties", "ELE-TIE", _cable_ties),
    ("chemicals-oils", "CHE-OIL", _oils),
    ("chemicals-greases", "CHE-GRS", _greases),
    ("chemicals-cleaners", "CHE-CLN", _cleaners),
)


@cache
def _demo_products() -> tuple[ProductSpec, ...]:
    products = []
    for category_slug, prefix, family in _FAMILIES:
        for draft in family():
            # One running number over the whole catalogue keeps every SKU unique.
            sku = f"{prefix}-{len(products) + 1:06d}"
            products.append(_product(sku, category_slug, draft))
    return tuple(products)


def _product(sku: str, category_slug: str, draft: _Draft) -> ProductSpec:
    return ProductSpec(
        sku=sku,
        category_slug=category_slug,
        name_en=draft.name_en,
        name_de=draft.name_de,
        description_en=draft.description_en,
        description_de=draft.description_de,
        manufacturer=draft.manufacturer,
        unit=draft.unit,
        list_price=draft.list_price,
        vat_rate=VAT_STANDARD,
        attributes=draft.attributes,
    )


def demo_products() -> list[ProductSpec]:
    """The demo catalogue (about 300 products), identical on every call."""
    return list(_demo_products())


@cache
def _generator_templates() -> tuple[tuple[str, ProductSpec], ...]:
    """Every (size, variant) combination per family once, as prototypes to stamp SKUs on.

    Generated products reuse the prototypes' immutable fields, so stamping
    one costs a single dataclass construction.
    """
    by_category: dict[str, list[ProductSpec]] = {}
    for product in _demo_products():
        by_category.setdefault(product.category_slug, []).append(product)
    # Interleave the categories so that any slice of generated products spreads
    # over all of them rather than running through one family after another.
    templates = []
    longest = max(len(products) for products in by_category.values())
    for index in range(longest):
        for category_slug, products in by_category.items():
            if index < len(products):
                templates.append((category_slug, _generator_prototype(products[index])))
    return tuple(templates)


def _generator_prototype(product: ProductSpec) -> ProductSpec:
    return ProductSpec(
        sku="",
        category_slug=product.category_slug,
        name_en=product.name_en,
        name_de=product.name_de,
        description_en=product.description_en,
        description_de=product.description_de,
        manufacturer=product.manufacturer,
        unit=product.unit,
        list_price=product.list_price,
        vat_rate=product.vat_rate,
        attributes=product.attributes[:3],
    )


_SERIES = (
    ("Standard", "Standard"),
    ("Pro", "Profi"),
    ("Eco", "Eco"),
    ("Heavy-duty", "Schwerlast"),
    ("Compact", "Kompakt"),
    ("Premium", "Premium"),
    ("Industrial", "Industrie"),
)


@cache
def _generator_variants() -> tuple[tuple[ProductSpec, ...], ...]:
    """Prototypes with a series word in the name, so generated names vary more."""
    return tuple(
        tuple(
            _with_series(prototype, series_en, series_de) for _, prototype in _generator_templates()
        )
        for series_en, series_de in _SERIES
    )


def _with_series(prototype: ProductSpec, series_en: str, series_de: str) -> ProductSpec:
    return ProductSpec(
        sku="",
        category_slug=prototype.category_slug,
        name_en=f"{prototype.name_en} ({series_en} series)",
        name_de=f"{prototype.name_de} (Serie {series_de})",
        description_en=prototype.description_en,
        description_de=prototype.description_de,
        manufacturer=prototype.manufacturer,
        unit=prototype.unit,
        list_price=prototype.list_price,
        vat_rate=prototype.vat_rate,
        attributes=prototype.attributes,
    )


def generated_products(count: int, start: int = 0) -> Iterator[ProductSpec]:
    """Yield `count` deterministic products with SKUs GEN-0000001 onwards, for benchmarks.

    `start` skips that many products, so batches can be generated separately
    and still get unique SKUs.
    """
    variants = _generator_variants()
    series_count = len(variants)
    width = len(variants[0])
    for number in range(start + 1, start + count + 1):
        # Walk the families in one order and the series in another, so neighbouring
        # products differ in both.
        prototype = variants[number % series_count][number % width]
        yield ProductSpec(
            f"GEN-{number:07d}",
            prototype.category_slug,
            prototype.name_en,
            prototype.name_de,
            prototype.description_en,
            prototype.description_de,
            prototype.manufacturer,
            prototype.unit,
            prototype.list_price,
            prototype.vat_rate,
            prototype.attributes,
        )
