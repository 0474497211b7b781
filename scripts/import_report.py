"""
How tangled the apps' imports are: cycles between apps and imports hidden inside functions.

    .venv/bin/python scripts/import_report.py            # the numbers
    .venv/bin/python scripts/import_report.py --list     # and every function-level import without a comment
    .venv/bin/python scripts/import_report.py --check    # fail (exit 1) on any of the problems below (`make lint`)

- Cycles: the import graph of the project's packages (grimp, which import-linter uses; every import
  statement, at module level or inside a function), test modules left out, collapsed to one node per
  app; an app cycle is a strongly connected component of more than one app. Also counted: pairs of apps
  that import each other directly.
- Function-level imports: `import` statements inside a function body (an AST walk of every module but
  migrations and tests, which are counted apart). One counts as explained when a comment sits on its line
  or on the lines right above it (above the run of imports it starts), or when it is in an
  `AppConfig.ready()`, where Django requires it.

`--check` fails when there is an app cycle, a pair of apps importing each other, or a function-level import
in code (not tests) that no comment explains. The "before" and "after" numbers of issue 17 are in
docs/architecture.md.
"""

import argparse
import ast
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The project's packages: import-linter's root packages.
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["root_packages"]


def is_test(module: str) -> bool:
    return ".tests." in module + "." or module.startswith("tests.")


def module_file(module: str) -> str:
    path = Path(*module.split("."))
    return str(path / "__init__.py") if (ROOT / path).is_dir() else str(path.with_suffix(".py"))


def app_graph(skipped_lines: set[tuple[str, int]] = frozenset()) -> dict[str, set[str]]:
    """{app: apps it imports}, leaving out the import statements at `skipped_lines` ((file, line))."""
    graph = grimp.build_graph(*APPS, cache_dir=None)
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        if is_test(module):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = module.split(".")[0], imported.split(".")[0]
            if a == b or is_test(imported) or b in edges[a]:
                continue
            details = graph.get_import_details(importer=module, imported=imported)
            if any((module_file(module), d["line_number"]) not in skipped_lines for d in details):
                edges[a].add(b)
    return edges


def components(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan), largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            found.append(sorted(component))

    for node in sorted(set(edges) | {b for targets in edges.values() for b in targets}):
        if node not in index:
            visit(node)
    return sorted(found, key=len, reverse=True)


class _Imports(ast.NodeVisitor):
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.functions: list[ast.AST] = []
        self.classes: list[ast.ClassDef] = []
        self.found: list[tuple[int, bool]] = []  # (line, explained)

    def visit_ClassDef(self, node):
        self.classes.append(node)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node):
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        if self.functions:
            self.found.append((node.lineno, self.explained(node)))

    visit_ImportFrom = visit_Import

    def explained(self, node) -> bool:
        function = self.functions[-1]
        if (
            function.name == "ready"
            and self.classes
            and any(
                getattr(base, "id", getattr(base, "attr", "")) == "AppConfig"
                for base in self.classes[-1].bases
            )
        ):
            return True
        if "#" in "".join(self.lines[node.lineno - 1 : node.end_lineno]):
            return True
        line = node.lineno - 2  # the lines above, skipping the run of imports this one belongs to
        while line >= 0:
            text = self.lines[line].strip()
            if text.startswith("#"):
                return True
            if not (
                text.startswith(("import ", "from ")) or text.startswith(")") or text.endswith((",", "("))
            ):
                return False
            line -= 1
        return False


def function_imports() -> dict[str, list[tuple[str, int, bool]]]:
    """{"code" | "tests": [(file, line, explained)]}"""
    result: dict[str, list[tuple[str, int, bool]]] = {"code": [], "tests": []}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            source = path.read_text(encoding="utf-8")
            visitor = _Imports(source.splitlines())
            visitor.visit(ast.parse(source))
            kind = "tests" if "tests" in relative.parts else "code"
            result[kind] += [(str(relative), line, explained) for line, explained in visitor.found]
    return result


def cycles_and_pairs(edges: dict[str, set[str]]) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """The app cycles (components of more than one app) and the pairs of apps importing each other."""
    cycles = [c for c in components(edges) if len(c) > 1]
    mutual = sorted(
        {tuple(sorted((a, b))) for a, targets in edges.items() for b in targets if a in edges.get(b, ())}
    )
    return cycles, mutual


def check(imports: dict[str, list[tuple[str, int, bool]]]) -> int:
    """`--check`: 1 with every problem on stderr, or 0. Every import statement counts, in a function or not."""
    cycles, mutual = cycles_and_pairs(app_graph())
    problems = [f"app cycle: {' -> '.join(cycle)}" for cycle in cycles]
    problems += [f"apps importing each other: {a} <-> {b}" for a, b in mutual]
    problems += [
        f"{path}:{line}: function-level import without a comment saying why it is not at module level"
        for path, line, ok in imports["code"]
        if not ok
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"import_report: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("import_report: no app cycle, no mutual pair, every function-level import in code explained")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--list", action="store_true", help="list the function-level imports without a comment"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 on an app cycle, a mutual pair or an unexplained function-level import in code",
    )
    args = parser.parse_args()

    imports = function_imports()
    if args.check:
        sys.exit(check(imports))
    in_functions = {(path, line) for path, line, _ in imports["code"]}
    for title, edges in (
        ("every import", app_graph()),
        ("module-level imports only (function-level ones left out)", app_graph(in_functions)),
    ):
        cycles, mutual = cycles_and_pairs(edges)
        print(f"{title}:")
        print(f"  app edges (app imports app, tests left out): {sum(len(t) for t in edges.values())}")
        print(f"  app cycles (strongly connected components of more than one app): {len(cycles)}")
        for cycle in cycles:
            print(f"    {len(cycle)} apps: {', '.join(cycle)}")
        print(f"  pairs of apps importing each other: {len(mutual)}")
        for a, b in mutual:
            print(f"    {a} <-> {b}")
    for kind, rows in imports.items():
        explained = sum(1 for _, _, ok in rows if ok)
        print(
            f"function-level imports in {kind}: {len(rows)} ({explained} explained by a comment or ready(), "
            f"{len(rows) - explained} not)"
        )
    if args.list:
        for path, line, ok in imports["code"]:
            if not ok:
                print(f"  {path}:{line}")


if __name__ == "__main__":
    main()
