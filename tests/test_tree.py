"""The tree keeps the shape docs/design.md promises, checked on every run.

No import cycle inside backrub (imports inside functions and under TYPE_CHECKING
count: a cycle is a knot in the design wherever it is tied) nor between the
benchmark scripts; no module over 400 lines; at most six modules at the top of
the package. In tests/, no `sys.path` edits and no module importing a test
module or a conftest: shared helpers live in the `support` package. The layers
themselves are import-linter's job (`make lint`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import grimp

from support.intakes import REPO_ROOT, TESTS_DIR

PACKAGE = REPO_ROOT / "src" / "backrub"
MAX_LINES = 400
MAX_TOP_MODULES = 6
TEST_PACKAGES = {
    path.parent.name for path in TESTS_DIR.glob("*/__init__.py") if path.parent.name != "support"
}


def find_cycle(imports: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None: a depth-first search that meets a
    module still on its own path has gone round."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return path[path.index(module) :] + [module]
        if module in done:
            return None
        path.append(module)
        for imported in sorted(imports.get(module, ())):
            cycle = visit(imported)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(imports):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def test_find_cycle_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_backrub_has_no_import_cycle() -> None:
    graph = grimp.build_graph("backrub", cache_dir=None)  # no cache folder left in the tree
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    cycle = find_cycle(imports)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_the_benchmarks_have_no_import_cycle() -> None:
    scripts = {path.stem: path for path in (REPO_ROOT / "benchmarks").glob("*.py")}
    imports = {
        name: {
            imported
            for imported in imported_names(path.read_text(encoding="utf-8"), "")
            if imported in scripts
        }
        for name, path in scripts.items()
    }
    cycle = find_cycle(imports)
    assert cycle is None, "import cycle in benchmarks/: " + " -> ".join(cycle or ())


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"over {MAX_LINES} lines: a concept is missing"


def test_at_most_six_modules_at_the_top_of_the_package() -> None:
    top = sorted(
        path.name
        for path in PACKAGE.glob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )
    assert len(top) <= MAX_TOP_MODULES, f"top-level modules: {top}; put them in subpackages"


def test_no_sys_path_edits_in_the_tests() -> None:
    edits = [
        f"{path.relative_to(TESTS_DIR)}:{line}"
        for path in files_under_tests()
        for line in sys_path_edits(path.read_text(encoding="utf-8"))
    ]
    assert edits == [], "tests find backrub installed and `support` on pytest's pythonpath"


def test_no_test_module_imports_a_test_module_or_a_conftest() -> None:
    wrong = [
        f"{path.relative_to(TESTS_DIR)}: {name}"
        for path in files_under_tests()
        for name in imported_names(path.read_text(encoding="utf-8"), package_of(path))
        if is_test_module(name)
    ]
    assert wrong == [], "shared helpers belong in tests/support"


def test_the_checks_of_the_tests_see_what_they_look_for() -> None:
    source = (
        "import os, sys\nfrom cli.test_journal import ok\nfrom . import conftest\n"
        "from support.intakes import make_intake\nfrom .web import client\n"
        "sys.path.insert(0, 'x')\nenv = {'PYTHONPATH': 'x'}\n"
    )
    names = imported_names(source, "cli")
    assert [name for name in names if is_test_module(name)] == [
        "cli.test_journal",
        "cli.conftest",
        "cli.web",
    ]
    assert "support.intakes" in names and not is_test_module("support.intakes")
    assert imported_names("from .intakes import REPO_ROOT", "support") == ["support.intakes"]
    assert sys_path_edits(source) == [6, 7]


def files_under_tests() -> Iterator[Path]:
    """Every Python file of tests/ but this one, which names what it looks for."""
    here = Path(__file__).resolve()
    for path in TESTS_DIR.rglob("*.py"):
        if "__pycache__" not in path.parts and path.resolve() != here:
            yield path


def package_of(path: Path) -> str:
    """The package a file under tests/ is in, as pytest's pythonpath names it."""
    return ".".join(path.relative_to(TESTS_DIR).parent.parts)


def imported_names(source: str, package: str) -> list[str]:
    """Every module a file in `package` imports, relative imports made absolute."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            if node.module is None:  # `from . import x`: x is a module
                names += [f"{base}.{alias.name}".lstrip(".") for alias in node.names]
            else:
                names.append(base)
    return names


def is_test_module(name: str) -> bool:
    """A test module, a conftest, or anything in a test package (all of tests/ but `support`)."""
    parts = name.split(".")
    return parts[0] in TEST_PACKAGES or any(
        part == "conftest" or part.startswith("test_") for part in parts
    )


def sys_path_edits(source: str) -> list[int]:
    """Lines that touch `sys.path` or name PYTHONPATH (for a subprocess's environment)."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "path"
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        )
        or (isinstance(node, ast.Constant) and node.value == "PYTHONPATH")
    )
