"""The structure holds: no import cycle, backends behind the registry, no spaCy for the CLI and
the normalizers, components' errors through spaCy's error handler, the README's commands real."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "extractor"
BACKENDS = {f"extractor.io.sinks.{name}" for name in ("jsonl", "sqlite", "postgres", "parquet")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(path: Path) -> set[str]:
    """Every ``extractor`` module a file imports, at the top or inside a function (not under
    ``if TYPE_CHECKING``): a deferred import is still an edge of the graph."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.add(child.module)
                found.update(f"{child.module}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    # a module's own parent packages are imported before it anyway: not an edge
    return {name: {m for m in _imports(path) if m in modules and not (name + ".").startswith(m + ".")}
            for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def walk(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt]
            if nxt not in state and (found := walk(nxt, trail + [nxt])):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := walk(start, [start])):
            return found
    return None


def test_layout_no_import_cycle(graph):
    assert _cycle(graph) is None


def test_layout_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_layout_backends_import_base_only_and_only_the_registry_imports_them(graph):
    for backend in BACKENDS:
        ours = {m for m in graph[backend] if m.startswith("extractor.") and m not in {"extractor.io.sinks"}}
        assert ours <= {"extractor.io.sinks.base", "extractor.io.rows", "extractor.io.tables"}, backend
    importers = {name for name, edges in graph.items() if edges & BACKENDS and name not in BACKENDS}
    assert importers == {"extractor.io.sinks.registry"}


def test_layout_cli_and_normalizers_load_no_spacy():
    code = ("import sys, extractor, extractor.cli.app, extractor.engines.hooks, extractor.io.sinks.registry\n"
            "import extractor.normalize.numbers, extractor.normalize.units, extractor.normalize.dates\n"
            "import extractor.normalize.timex, extractor.normalize.countries, extractor.normalize.names\n"
            "import extractor.normalize.verbs, extractor.normalize.dateline, extractor.normalize.lexicon\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


def test_layout_the_package_face_loads_the_api_on_first_use():
    code = "import sys, extractor; assert 'extractor.api' not in sys.modules; extractor.load; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "True"


# --- components' errors -----------------------------------------------------------------------------

SENTENCE = "Finance Minister Jim Flaherty said on Tuesday that 1,200 jobs would be cut."


def _break_officials(monkeypatch):
    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr("extractor.components.officials._add_surname_mentions", broken)


def test_layout_language_set_error_handler_reaches_our_components(monkeypatch):
    from extractor.pipeline import build

    nlp, seen = build("blank"), []
    nlp.set_error_handler(lambda name, proc, docs, error: seen.append((name, type(error).__name__)))
    _break_officials(monkeypatch)
    doc = nlp(SENTENCE)
    assert seen == [("officials", "RuntimeError")]
    assert [s.text for s in doc.spans["wc_quantities"]] == ["1,200"]  # the rest still ran


def test_layout_production_warns_strict_raises(nlp_blank_production, nlp_blank, monkeypatch):
    import extractor
    from models import Article

    article = Article(id="a", text=SENTENCE, published=dt.date(2008, 1, 1))
    production, strict = nlp_blank_production, nlp_blank  # both built by pipeline.build, as load() does
    _break_officials(monkeypatch)
    assert extractor.extract(article, production).warnings == ["officials skipped: RuntimeError: boom"]
    with pytest.raises(ValueError, match="pipeline failed: RuntimeError: boom"):
        extractor.extract(article, strict)


def test_layout_factories_are_registered_in_one_module():
    from spacy.util import registry

    from extractor.pipeline import COMPONENTS

    for name in ("paragraphs", *COMPONENTS):
        factory = registry.factories.get(f"wireclaims_{name}")
        assert factory.__module__ == "extractor.components.factories", name
    for path in (PACKAGE / "components").glob("*.py"):
        if path.name != "factories.py":
            assert "Language.factory" not in path.read_text(encoding="utf-8"), path.name


# --- the README's command list against the CLI (as sqlite-utils' tests/test_docs.py does) ----------

def _readme_commands() -> dict[str, set[str]]:
    """The option names (``-o``, ``--limit``) of each command in the README's "Command line" block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Command line", 1)[1].split("```", 2)[1]
    commands: dict[str, set[str]] = {}
    current = None
    for line in block.splitlines():
        if line.startswith("wireclaims "):
            current = line.split()[1]
            commands[current] = set()
        elif not line.startswith(" "):
            current = None
        if current is not None:
            commands[current] |= set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", line.split("#")[0]))
    return commands


def _cli_commands() -> dict[str, list[tuple[str, ...]]]:
    """Each command's options, each as its names (``("-o", "--output")``)."""
    from extractor.cli.app import app

    group = typer.main.get_command(app)
    return {name: [tuple(param.opts) for param in command.params if param.param_type_name == "option"]
            for name, command in group.commands.items()}


def test_layout_readme_lists_every_command_with_every_option():
    readme, cli = _readme_commands(), _cli_commands()
    assert set(readme) == set(cli)
    for name, options in cli.items():
        assert [names for names in options if not readme[name] & set(names)] == [], name
        known = {opt for names in options for opt in names}
        assert readme[name] - known == set(), name
