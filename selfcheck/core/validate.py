"""`selfcheck validate`: check content and assessment files, each problem as file:line: message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selfcheck.core.assessment import assessment_from
from selfcheck.core.checker import Checker, parse_file
from selfcheck.core.content import Library, builtin_dir, framework_from, narrow_basis, questionnaire_from, readability
from selfcheck.core.errors import Problem, display_path
from selfcheck.core.storage import Workspace, iter_toml
from selfcheck.i18n import t


def validate_paths(ws: Workspace, paths: list[Path]) -> tuple[list[Problem], int]:
    """Validate the files named (folders: every *.toml in them); none named: the built-in
    content, the workspace's own content and its assessments. Returns (problems, files)."""
    problems: list[Problem] = []
    if not paths:
        paths = [builtin_dir(), ws.content_dir, ws.assessments_dir]
        paths = [p for p in paths if p.exists()]
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            problems.append(Problem(display_path(p), None, t("v.not_found")))
            continue
        found = list(iter_toml([p]))
        if p.is_dir() and not found:
            problems.append(Problem(display_path(p), None, t("v.no_files", path=display_path(p)), "warning"))
        files.extend(found)
    parsed: list[tuple[Checker, dict[str, Any]]] = []
    for f in files:
        c, data = parse_file(f)
        if data is None:
            problems.extend(c.problems)
        else:
            parsed.append((c, data))
    # Frameworks and questionnaires named here count, beside the library's.
    base = ws.library
    _not_used(ws, parsed)
    lib = Library(dict(base.frameworks), dict(base.questionnaires))
    for c, data in parsed:
        if data.get("kind") == "framework":
            fw = framework_from(c, data)
            if fw:
                lib.frameworks[fw.id] = fw
    for c, data in parsed:
        if data.get("kind") == "questionnaire":
            q = questionnaire_from(c, data, lib.frameworks)
            if q:
                lib.questionnaires[q.id] = q
                readability(c, q)
                narrow_basis(c, q, lib.frameworks)
    for c, data in parsed:
        kind = data.get("kind")
        if kind is None and "schema" in data:
            assessment_from(c, data, lib)
        elif kind is None:
            c.error((), t("v.kind_missing"))
        elif kind not in ("framework", "questionnaire"):
            c.error(("kind",), t("v.kind"))
        problems.extend(c.problems)
    return problems, len(files)


def _not_used(ws: Workspace, parsed: list[tuple[Checker, dict[str, Any]]]) -> None:
    """A file in the workspace's questionnaires/ whose id is taken (by built-in content, or by
    another file there) is skipped by the library: say so, as `load_library` does, instead of
    calling it valid."""
    content = ws.content_dir.resolve()
    builtin = builtin_dir().resolve()
    for c, data in parsed:
        ident = data.get("id")
        if data.get("kind") not in ("framework", "questionnaire") or not isinstance(ident, str):
            continue
        here = c.path.resolve()
        if here.parent != content:
            continue
        owner = ws.library.questionnaires.get(ident) or ws.library.frameworks.get(ident)
        if owner is None or owner.path is None or owner.path.resolve() == here:
            continue
        key = "v.overrides_builtin" if owner.path.resolve().parent == builtin else "v.duplicate_content"
        c.error(("id",), t(key, id=ident, other=display_path(owner.path)))
