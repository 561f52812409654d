"""The ERP bridge and its simulator stand on their own: no import reaches up into the shop."""

import ast
from pathlib import Path

ERP_BRIDGE = Path(__file__).resolve().parents[2] / "erp_bridge"


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_nothing_under_erp_bridge_imports_the_shop():
    sources = sorted(ERP_BRIDGE.rglob("*.py"))
    offenders = {
        str(path.relative_to(ERP_BRIDGE)): sorted(
            module for module in imported_modules(path) if module.split(".")[0] == "shop"
        )
        for path in sources
    }

    assert len(sources) > 5
    assert {path: modules for path, modules in offenders.items() if modules} == {}
