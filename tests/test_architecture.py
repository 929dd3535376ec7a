"""The package layout shows the pipeline: one subpackage per stage, no import cycles, no module-level state."""

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "build_kb"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every build_kb module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("build_kb")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if base.startswith("build_kb"):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
    return found


def _graph() -> nx.DiGraph:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in _imports(path):
            if target in modules and target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    return graph


def test_no_module_imports_itself_back():
    cycles = list(nx.simple_cycles(_graph()))
    assert cycles == []


def test_each_stage_is_a_subpackage_that_says_what_goes_in_and_out():
    stages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert {"load", "validate", "link", "compare", "render", "search", "site", "importers"} <= stages
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, f"{init}: say what goes in and what comes out"


def test_the_stages_depend_only_on_earlier_stages():
    """files → loaded → checked → corpus → linked → pages → site: no stage imports a later one."""
    order = ["load", "validate", "link", "compare", "render", "search", "site"]
    graph = _graph()
    backwards = []
    for source, target in graph.edges:
        s, t = source.split(".")[1:2], target.split(".")[1:2]
        if s and t and s[0] in order and t[0] in order and order.index(t[0]) > order.index(s[0]):
            backwards.append((source, target))
    assert backwards == []


def test_no_module_keeps_state_in_a_global():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: global {', '.join(node.names)}")
    assert offenders == []
