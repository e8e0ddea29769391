"""The layers: the core never imports Textual or Rich (the CLI, exports and scripts work without
the UI), and the app's modules import each other without a cycle."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import selfcheck.core

CORE_MODULES = sorted(
    ["selfcheck", "selfcheck.i18n", "selfcheck.cli"]
    + [m.name for m in pkgutil.walk_packages(selfcheck.core.__path__, "selfcheck.core.")]
)
"""Every module of the core, sub-packages (core.export.*) included."""

TUI = Path(__file__).resolve().parent.parent / "selfcheck" / "tui"


def test_every_core_module_imports_without_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_list_of_core_modules_reaches_into_subpackages() -> None:
    assert "selfcheck.core.scoring" in CORE_MODULES and "selfcheck.core.storage" in CORE_MODULES
    assert "selfcheck.core.export.pdf" in CORE_MODULES and "selfcheck.core.export.html" in CORE_MODULES


def tui_import_graph() -> dict[str, set[str]]:
    """selfcheck.tui module -> the selfcheck.tui modules it imports, at the top or inside a
    function alike (an import inside a function cannot hide a cycle), TYPE_CHECKING included."""
    modules = {f"selfcheck.tui.{p.stem}": p for p in TUI.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                base = node.module if node.level == 0 else "selfcheck.tui." + node.module
                targets.add(base)
                targets.update(f"{base}.{a.name}" for a in node.names)  # from selfcheck.tui import x
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` (a list of modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_app_modules_import_each_other_without_a_cycle() -> None:
    graph = tui_import_graph()
    assert "selfcheck.tui.app" in graph and "selfcheck.tui.answer" in graph["selfcheck.tui.app"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_screens_do_not_import_the_app() -> None:
    """Screens talk to the app with messages (tui/messages.py) and read it through AppBase."""
    graph = tui_import_graph()
    assert [m for m, targets in graph.items() if "selfcheck.tui.app" in targets] == []


def test_the_start_up_path_leaves_the_heavy_modules_for_later() -> None:
    """What the first screen (the home list) needs is imported at start; the report builders,
    the PDF/HTML renderers, the text editor, the tables, the phone server and the help are
    imported when first used (each costs start-up time on every launch; issue 13)."""
    code = "import sys\nimport selfcheck.cli, selfcheck.tui.app\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    later = [
        "selfcheck.core.export",
        "selfcheck.core.report",
        "selfcheck.core.sync",
        "selfcheck.devices",
        "selfcheck.tui.answer",
        "selfcheck.tui.help",
        "textual.widgets._text_area",
        "textual.widgets._data_table",
        "aiohttp",
        "fpdf",
        "xlsxwriter",
    ]
    assert [m for m in later if m in loaded] == []
