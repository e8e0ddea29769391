"""The core never imports Textual or Rich: the CLI, exports and scripts work without the UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import selfcheck.core

CORE_MODULES = sorted(
    ["selfcheck", "selfcheck.i18n", "selfcheck.cli"]
    + [f"selfcheck.core.{m.name}" for m in pkgutil.iter_modules(selfcheck.core.__path__)]
)


def test_every_core_module_imports_without_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_list_of_core_modules_is_not_empty() -> None:
    assert "selfcheck.core.scoring" in CORE_MODULES and "selfcheck.core.storage" in CORE_MODULES
