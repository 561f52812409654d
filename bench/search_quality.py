"""Search quality: precision@5 of a judged query set over the demo catalogue (issue #11).

Each query names the demo products a buyer would accept among the first five results
(`relevant`) and some that must not be there (`excluded`). Precision@5 of a query is the
share of its first five results that are relevant, out of five or out of all relevant
products when there are fewer; the figure printed is the mean over the set.

    .venv/bin/python bench/search_quality.py                 # SQLite in a temp dir
    .venv/bin/python bench/search_quality.py --database-url postgresql+psycopg://...

The same set guards the ranking in tests/integration/test_search_quality.py.
"""

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def skus(prefix: str, *numbers: int | range) -> frozenset[str]:
    """Demo SKUs such as FAS-SCR-000001 from their running numbers (ints or ranges)."""
    flat = [n for item in numbers for n in (item if isinstance(item, range) else [item])]
    return frozenset(f"{prefix}-{n:06d}" for n in flat)


HEX_BOLTS = skus("FAS-SCR", range(1, 13))
SCREWS = skus("FAS-SCR", range(1, 20))
HEX_NUTS = skus("FAS-NUT", range(20, 32))
ANCHORS = skus("FAS-ANC", range(50, 61))
GLOVES = skus("SAF-GLV", range(110, 122))
DRILL_BITS = skus("TOO-BIT", range(72, 84))
OILS = skus("CHE-OIL", range(265, 277))
A2_STAINLESS = (
    skus("FAS-SCR", *range(2, 13, 2), range(13, 17))
    | skus("FAS-NUT", *range(21, 32, 2))
    | skus("FAS-WAS", *range(36, 47, 2))
)
BOLTLESS_SHELVING = skus("WRK-SHF", range(152, 166))
KESSLER = (
    skus("TOO-DRV", range(61, 69))
    | skus("TOO-BIT", range(79, 84))
    | skus("TOO-HND", range(84, 89), 92, 93, 95, 96)
    | skus("TOO-SAW", range(98, 106))
)


@dataclass(frozen=True)
class Judgement:
    query: str
    relevant: frozenset[str]
    excluded: frozenset[str] = frozenset()


JUDGEMENTS = [
    Judgement(
        "Schraube", SCREWS, skus("CHE-OIL", 274) | skus("ELE-CON", 249) | skus("TOO-HND", 94)
    ),
    Judgement("Schrauben", SCREWS, skus("CHE-OIL", 274) | skus("ELE-CON", 249)),
    Judgement("Sechskantschraube", HEX_BOLTS, HEX_NUTS | skus("TOO-HND", 94)),
    Judgement("Sechskant Schraube", HEX_BOLTS, HEX_NUTS),
    Judgement("Holzschraube", skus("FAS-SCR", 17, 18, 19), skus("TOO-SAW", range(98, 108))),
    Judgement("Senkschraube", skus("FAS-SCR", range(13, 17)), HEX_BOLTS | skus("FAS-ANC", 59, 60)),
    Judgement("hex bolt", HEX_BOLTS, HEX_NUTS | BOLTLESS_SHELVING | skus("TOO-HND", 94)),
    Judgement("bolt", HEX_BOLTS, BOLTLESS_SHELVING),
    Judgement("bolts", HEX_BOLTS, BOLTLESS_SHELVING),
    Judgement("screw", skus("FAS-SCR", range(13, 20)), skus("TOO-HND", 89, 90, 91)),
    Judgement("screws", skus("FAS-SCR", range(13, 20)), skus("TOO-HND", 89, 90, 91)),
    Judgement("DIN 933 M8", skus("FAS-SCR", 1, 2, 7, 8), skus("FAS-NUT", 26, 27, 33)),
    Judgement("DIN 933 M8 A2", skus("FAS-SCR", 2, 8), skus("FAS-SCR", 1, 7) | skus("FAS-NUT", 27)),
    Judgement("din 933 8.8", skus("FAS-SCR", 1, 3, 5, 7, 9, 11), skus("FAS-SCR", 2, 4, 6)),
    Judgement("A2", A2_STAINLESS, skus("FAS-SCR", 1, 3, 5) | skus("FAS-NUT", 20, 22, 24)),
    Judgement(
        "Edelstahl A2 Mutter",
        skus("FAS-NUT", *range(21, 32, 2)),
        skus("FAS-NUT", 20, 22, 24) | skus("FAS-WAS", *range(36, 47, 2)),
    ),
    # FAS-NUT-000034 (M10 too) is not published in the demo: two nuts are all it can show.
    Judgement("Mutter M10", skus("FAS-NUT", 28, 29), skus("FAS-SCR", 9, 10)),
    Judgement("Muttern", skus("FAS-NUT", range(20, 34)), skus("FAS-WAS", range(35, 47))),
    Judgement("hex nut M6", skus("FAS-NUT", 24, 25), skus("FAS-SCR", 3, 4, 5, 6)),
    Judgement("Unterlegscheibe M8", skus("FAS-WAS", 41, 42), skus("FAS-NUT", 26, 27, 33)),
    Judgement("washer", skus("FAS-WAS", range(35, 50)), HEX_NUTS),
    Judgement("Dübel", ANCHORS, skus("TOO-BIT", range(79, 84))),
    Judgement("Handschuhe", GLOVES, skus("CHE-CLN", 289, 290)),
    Judgement(
        "gloves nitrile",
        skus("SAF-GLV", range(110, 114), range(117, 121)),
        skus("SAF-GLV", 114, 115, 116, 121),
    ),
    Judgement(
        "Schutzhelm",
        skus("SAF-HEA", range(133, 139), 141),
        skus("SAF-HEA", 139, 140) | skus("SAF-EAR", 151),
    ),
    Judgement(
        "Kabelbinder schwarz",
        skus("ELE-TIE", 254, 256, 258, 260, 261, 262),
        skus("ELE-TIE", 253, 255, 257, 259) | skus("PNE-HOS", 206),
    ),
    Judgement("cable ties", skus("ELE-TIE", range(253, 265)), skus("ELE-CAB", range(230, 241))),
    Judgement(
        "Akku Bohrschrauber", skus("TOO-DRV", range(61, 67)), skus("TOO-DRV", 67, 68, 69, 70, 71)
    ),
    Judgement(
        "drill driver 18 V", skus("TOO-DRV", 64, 65, 66), skus("TOO-DRV", 61, 62, 63, 67, 68)
    ),
    Judgement("Bohrer", DRILL_BITS, skus("TOO-DRV", 69, 70)),
    Judgement(
        "Spiralbohrer",
        skus("TOO-BIT", range(72, 79)),
        skus("TOO-BIT", range(79, 84)) | skus("TOO-DRV", range(61, 67)),
    ),
    Judgement(
        "Hydrauliköl HLP 46",
        skus("CHE-OIL", 267, 268, 271),
        skus("CHE-OIL", 265, 266, 269, 270) | skus("PNE-HOS", 213, 214, 215),
    ),
    Judgement("Öl", OILS, skus("CHE-GRS", range(277, 287))),
    Judgement("oil", OILS, skus("CHE-CLN", range(287, 296))),
    Judgement("FAS-SCR-000001", skus("FAS-SCR", 1), skus("FAS-SCR", range(2, 13))),
    Judgement("4002593805433", skus("FAS-SCR", 1), skus("FAS-SCR", 2)),  # its EAN (demo, #11)
    Judgement("Brockmann Sechskantmutter", HEX_NUTS, HEX_BOLTS),
    Judgement("Kessler", KESSLER, skus("TOO-BIT", range(72, 79))),
    Judgement(
        "Druckluftschlauch",
        skus("PNE-HOS", 216),
        skus("PNE-HOS", 213, 214, 215) | skus("PNE-CPL", 217, 218, 219),
    ),
    Judgement(
        "Schlauch",
        skus("PNE-HOS", range(205, 217)) | skus("PNE-FIT", range(193, 205)),
        skus("ELE-CAB", range(234, 239)),
    ),
    Judgement("cutting oil", skus("CHE-OIL", 272), skus("CHE-OIL", *range(265, 272), 274, 276)),
    Judgement(
        "Kreissägeblatt 190",
        skus("TOO-SAW", 100, 101),
        skus("TOO-SAW", 98, 99, *range(102, 109)),
    ),
    Judgement("Bremsenreiniger", skus("CHE-CLN", 287, 288), skus("CHE-CLN", 291, 292, 293)),
    Judgement(
        "safety glasses grey",
        skus("SAF-EYE", 124, 125),
        skus("SAF-EYE", 122, 123, 126, 127) | skus("WRK-BOX", 191, 192),
    ),
    # Standards that neither name nor description repeats: found by the `standard` attribute.
    Judgement("EN 388", skus("SAF-GLV", range(110, 117), 121), skus("SAF-HEA", range(133, 139))),
    Judgement("ISO 2936", skus("TOO-HND", 94), skus("TOO-HND", 95, 96, 97)),
    Judgement("EN 166", skus("SAF-EYE", range(122, 132)), skus("SAF-EYE", 132)),
    Judgement("DIN 46228", skus("ELE-CON", range(244, 249)), skus("ELE-CON", 241, 242, 243, 251)),
    Judgement("DIN 51524 HLP", skus("CHE-OIL", range(265, 272)), skus("CHE-OIL", 272, 274, 276)),
]


@dataclass(frozen=True)
class Outcome:
    judgement: Judgement
    top: tuple[str, ...]

    @property
    def precision(self) -> float:
        relevant = self.judgement.relevant
        return sum(sku in relevant for sku in self.top) / min(5, len(relevant))

    @property
    def excluded_shown(self) -> list[str]:
        return [sku for sku in self.top if sku in self.judgement.excluded]


def evaluate() -> list[Outcome]:
    """The first five results of every judged query (inside an app context); an exact SKU
    or EAN gives its product alone, as the search page opens it."""
    from shop.catalog.search import search_products, sku_of_exact_match

    return [
        Outcome(
            j,
            (sku,)
            if (sku := sku_of_exact_match(j.query))
            else tuple(p.sku for p in search_products(j.query, 1, 5).items),
        )
        for j in JUDGEMENTS
    ]


def mean_precision(outcomes: list[Outcome]) -> float:
    return sum(o.precision for o in outcomes) / len(outcomes)


def main(argv: list[str] | None = None) -> int:
    from flask_migrate import upgrade

    from bench.harness import bench_app, report_some_stock
    from shop.demo.loader import load_demo_data
    from shop.extensions import db

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temp dir)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="search-quality-"))
    url = args.database_url or f"sqlite:///{work / 'demo.sqlite3'}"
    app = bench_app(url, work)
    with app.app_context():
        upgrade()
        load_demo_data()
        # §13: only live categories are searched; without the ERP none would be.
        report_some_stock()
        outcomes = evaluate()
        db.engine.dispose()
    for o in outcomes:
        flag = " EXCLUDED SHOWN: " + ", ".join(o.excluded_shown) if o.excluded_shown else ""
        print(f"{o.precision:4.2f}  {o.judgement.query!r:32} {' '.join(o.top)}{flag}")
    print(f"\n{len(outcomes)} queries, mean precision@5 = {mean_precision(outcomes):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
