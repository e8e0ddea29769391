"""Loading and validating frameworks and questionnaires, and the library of all content."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfcheck.core.checker import MAX_FILE_BYTES, Checker, parse_file
from selfcheck.core.errors import Problem, SelfcheckError, display_path
from selfcheck.core.model import (
    CONTENT_STATUSES,
    PRINCIPLE_STATUSES,
    UNKNOWN_YEAR,
    Framework,
    Item,
    Level,
    Principle,
    Questionnaire,
    Scale,
    Section,
    Source,
    Step,
    Text,
)
from selfcheck.core.readability import b1_warnings
from selfcheck.core.safefile import read_regular
from selfcheck.core.scoring import NARROW_BASIS
from selfcheck.i18n import t

MAX_WEIGHT = 1000
"""The largest weight an item may give a principle; more is a typo (and infinity breaks scores)."""
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def builtin_dir() -> Path:
    """Where the shipped content is: inside the installed package, or the checkout's folder."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "questionnaires"
    if packaged.is_dir():
        return packaged
    return here.parent / "questionnaires"


def _check_id(c: Checker, value: str, keypath: tuple[Any, ...], pattern: re.Pattern[str] = ID_RE) -> None:
    if not pattern.match(value):
        c.error(keypath, t("v.bad_pid" if pattern is PID_RE else "v.bad_id", id=value))


def framework_from(c: Checker, data: dict[str, Any]) -> Framework | None:
    data = c.clean_tree(data)  # content is shared (sync): its text is as untrusted as user text
    top = c.table(
        data,
        (),
        {"kind": "str", "id": "str", "version": "str", "name": "text", "principles": "list"},
        {"description": "text"},
    )
    if "id" in top:
        _check_id(c, top["id"], ("id",))
    principles: list[Principle] = []
    ids: list[tuple[str, tuple[Any, ...]]] = []
    raw = top.get("principles", [])
    if "principles" in top and not raw:
        c.error(("principles",), t("v.no_principles"))
    for kp, p in c.tables(
        raw,
        ("principles",),
        {"id": "str", "name": "text", "description": "text", "status": "str", "target": "number"},
        {"short": "text", "group": "text"},
    ):
        if "id" in p:
            _check_id(c, p["id"], kp + ("id",), PID_RE)
            ids.append((p["id"], kp + ("id",)))
        if "status" in p and p["status"] not in PRINCIPLE_STATUSES:
            c.error(kp + ("status",), t("v.status", got=p["status"]))
        if "target" in p and not 0 <= p["target"] <= 100:
            c.error(kp + ("target",), t("v.target_range", value=p["target"]))
        principles.append(
            Principle(
                id=p.get("id", ""),
                name=c.ltext(p.get("name", ""), kp + ("name",)) if "name" in p else Text(""),
                description=c.ltext(p["description"], kp + ("description",)) if "description" in p else Text(""),
                status=p.get("status", "confirmed"),
                target=float(p.get("target", 0)),
                short=c.ltext(p["short"], kp + ("short",)) if "short" in p else None,
                group=c.ltext(p["group"], kp + ("group",)) if "group" in p else None,
            )
        )
    c.unique(ids)
    if c.failed:
        return None
    return Framework(
        id=top["id"],
        version=top["version"],
        name=c.ltext(top["name"], ("name",)),
        description=c.ltext(top["description"], ("description",)) if "description" in top else None,
        principles=tuple(principles),
        path=c.path,
    )


def _scale(c: Checker, sid: str, data: Any) -> Scale | None:
    kp = ("scales", sid)
    s = c.table(data, kp, {"levels": "list"}, {"na": "bool", "unknown": "bool", "disagreement": "int"})
    levels: list[Level] = []
    for lkp, lv in c.tables(s.get("levels", []), kp + ("levels",), {"value": "int", "label": "text"}):
        if "value" in lv and "label" in lv:
            levels.append(Level(lv["value"], c.ltext(lv["label"], lkp + ("label",))))
    if "levels" in s and len(s["levels"]) < 2:
        c.error(kp + ("levels",), t("v.scale_levels", id=sid))
    values = [lv.value for lv in levels]
    if values != sorted(set(values)):
        c.error(kp + ("levels",), t("v.scale_order", id=sid))
    if len(levels) < 2:
        return None
    return Scale(sid, tuple(levels), s.get("na", True), s.get("unknown", True), s.get("disagreement", 2))


def questionnaire_from(c: Checker, data: dict[str, Any], frameworks: dict[str, Framework]) -> Questionnaire | None:
    data = c.clean_tree(data)  # content is shared (sync): its text is as untrusted as user text
    top = c.table(
        data,
        (),
        {
            "kind": "str",
            "id": "str",
            "version": "str",
            "framework": "str",
            "title": "text",
            "sources": "list",
            "scales": "table",
            "sections": "list",
        },
        {"introduction": "text", "default_scale": "str", "steps": "list", "status": "str", "audience": "text"},
    )
    if "id" in top:
        _check_id(c, top["id"], ("id",))
    q_status = _status(c, top, ())
    framework_id = top.get("framework", "")
    if framework_id and framework_id not in frameworks:
        c.error(("framework",), t("v.unknown_framework", id=framework_id))
    sources = []
    for kp, s in c.tables(
        top.get("sources", []), ("sources",), {"title": "str", "publisher": "str", "year": "score"}, {"url": "str"}
    ):
        # `year`: a whole number, or "unknown" when no source confirms it (never a guess).
        year = s.get("year")
        if isinstance(year, str) and year != UNKNOWN_YEAR:
            c.error(kp + ("year",), t("v.year_text", value=year, unknown=UNKNOWN_YEAR))
        elif isinstance(year, int) and not 1900 <= year <= 2100:
            c.error(kp + ("year",), t("v.year", value=year))
        if {"title", "publisher", "year"} <= s.keys():
            sources.append(
                Source(s["title"], s["publisher"], year if isinstance(year, int) else None, s.get("url", ""))
            )
    scales: dict[str, Scale] = {}
    for sid, sdata in top.get("scales", {}).items():
        scale = _scale(c, sid, sdata)
        if scale:
            scales[sid] = scale
    if "scales" in top and not top["scales"]:
        c.error(("scales",), t("v.no_scales"))
    default_scale = top.get("default_scale") or (next(iter(top.get("scales", {})), None))
    if default_scale and "scales" in top and default_scale not in top["scales"]:
        c.error(("default_scale",), t("v.unknown_scale", id=default_scale))
    steps: list[Step] = []
    step_ids: list[tuple[str, tuple[Any, ...]]] = []
    for kp, s in c.tables(
        top.get("steps", []), ("steps",), {"id": "str", "title": "text"}, {"description": "text", "scored": "bool"}
    ):
        if "id" in s:
            _check_id(c, s["id"], kp + ("id",))
            step_ids.append((s["id"], kp + ("id",)))
            steps.append(
                Step(
                    s["id"],
                    c.ltext(s.get("title", ""), kp + ("title",)),
                    c.ltext(s["description"], kp + ("description",)) if "description" in s else None,
                    s.get("scored", True),
                )
            )
    c.unique(step_ids)
    known_steps = {s.id for s in steps}
    sections: list[Section] = []
    section_ids: list[tuple[str, tuple[Any, ...]]] = []
    item_ids: list[tuple[str, tuple[Any, ...]]] = []
    if "sections" in top and not top["sections"]:
        c.error(("sections",), t("v.no_sections"))
    for si, (kp, s) in enumerate(
        c.tables(
            top.get("sections", []),
            ("sections",),
            {"id": "str", "title": "text"},
            {"intro": "text", "step": "str", "items": "list", "discuss": "table", "status": "str"},
        )
    ):
        sid = s.get("id", f"#{si + 1}")
        s_status = _status(c, s, kp, q_status)
        if "id" in s:
            _check_id(c, s["id"], kp + ("id",))
            section_ids.append((s["id"], kp + ("id",)))
        if "step" in s and s["step"] not in known_steps:
            c.error(kp + ("step",), t("v.unknown_step", id=s["step"]))
        discuss: dict[str, tuple[str, ...]] = {}
        for lang, questions in s.get("discuss", {}).items():
            if lang not in ("nl", "en"):
                c.error(kp + ("discuss", lang), t("v.unknown_lang", lang=lang, key="discuss"))
            elif c.typed(questions, "list", kp + ("discuss", lang)):
                for qi, question in enumerate(questions):
                    if c.typed(question, "str", kp + ("discuss", lang)) and not question.strip():
                        c.error(kp + ("discuss", lang), t("v.empty_text", key=f"discuss.{lang}[{qi + 1}]"))
                discuss[lang] = tuple(str(q) for q in questions)
        if s.get("discuss") and set(discuss) != {"nl", "en"}:
            missing = "en" if "nl" in discuss else "nl"
            c.error(kp + ("discuss",), t("v.missing_lang", lang=missing, key="discuss"))
        elif len(discuss.get("nl", ())) != len(discuss.get("en", ())):
            # Every question in both languages: a list of 3 in Dutch and 2 in English lost one.
            c.error(kp + ("discuss",), t("v.discuss_count", nl=len(discuss["nl"]), en=len(discuss["en"])))
        items: list[Item] = []
        step_scored = next((st.scored for st in steps if st.id == s.get("step")), True)
        if not s.get("items") and step_scored and "items" not in s and not discuss:
            c.error(kp, t("v.empty_section", id=sid))
        elif "items" in s and not s["items"]:
            c.error(kp + ("items",), t("v.empty_section", id=sid))
        for ikp, it in c.tables(
            s.get("items", []),
            kp + ("items",),
            {"id": "str", "text": "text", "serves": "table"},
            {"help": "text", "scale": "str", "status": "str"},
        ):
            if "id" in it:
                _check_id(c, it["id"], ikp + ("id",))
                item_ids.append((it["id"], ikp + ("id",)))
            scale_id = it.get("scale", default_scale)
            if scale_id not in scales and scale_id in top.get("scales", {}):
                scale = None  # the scale itself is broken; reported there
            elif scale_id not in scales:
                c.error(ikp + ("scale",), t("v.unknown_scale", id=scale_id))
                scale = None
            else:
                scale = scales[scale_id]
            serves: dict[str, dict[str, float]] = {}
            for fid, weights in it.get("serves", {}).items():
                if fid not in frameworks:
                    c.error(ikp + ("serves", fid), t("v.unknown_framework", id=fid))
                    continue
                if not c.typed(weights, "table", ikp + ("serves", fid)):
                    continue
                fw = frameworks[fid]
                serves[fid] = {}
                for pid, w in weights.items():
                    wkp = ikp + ("serves", fid, pid)
                    if fw.principle(pid) is None:
                        c.error(wkp, t("v.unknown_principle", id=pid, framework=fid))
                    elif not c.typed(w, "number", wkp):
                        pass
                    elif w <= 0:
                        c.error(wkp, t("v.weight", id=pid, value=w))
                    elif not w <= MAX_WEIGHT:  # inf, nan and typos such as 1e9 (scores would be NaN)
                        c.error(wkp, t("v.weight_range", id=pid, value=w, max=MAX_WEIGHT))
                    else:
                        serves[fid][pid] = float(w)
            if "serves" in it and not any(serves.values()) and not c.failed:
                c.error(ikp + ("serves",), t("v.serves_none", id=it.get("id", "?")))
            if "id" in it and "text" in it and scale is not None:
                items.append(
                    Item(
                        id=it["id"],
                        text=c.ltext(it["text"], ikp + ("text",)),
                        help=c.ltext(it["help"], ikp + ("help",)) if "help" in it else None,
                        scale=scale,
                        serves=serves,
                        section=sid,
                        status=_status(c, it, ikp, s_status),
                    )
                )
        sections.append(
            Section(
                id=sid,
                title=c.ltext(s.get("title", ""), kp + ("title",)),
                intro=c.ltext(s["intro"], kp + ("intro",)) if "intro" in s else None,
                step=s.get("step"),
                items=tuple(items),
                discuss=discuss,
            )
        )
    c.unique(section_ids)
    c.unique(item_ids)
    if c.failed:
        return None
    return Questionnaire(
        id=top["id"],
        version=top["version"],
        framework=framework_id,
        title=c.ltext(top["title"], ("title",)),
        introduction=c.ltext(top["introduction"], ("introduction",)) if "introduction" in top else None,
        audience=c.ltext(top["audience"], ("audience",)) if "audience" in top else None,
        sources=tuple(sources),
        scales=scales,
        steps=tuple(steps),
        sections=tuple(sections),
        path=c.path,
        status=q_status,
    )


def _status(c: Checker, table: dict[str, Any], keypath: tuple[Any, ...], inherited: str = "confirmed") -> str:
    """The `status` of a questionnaire, section or item; without one, its parent's."""
    status = table.get("status", inherited)
    if status not in CONTENT_STATUSES:
        c.error(keypath + ("status",), t("v.content_status", got=status))
        return inherited
    return str(status)


def readability(c: Checker, q: Questionnaire) -> None:
    """Warnings (not errors) for Dutch texts that are hard for B1 readers: the introduction, the
    steps, the sections (title, intro, questions to discuss), every statement and its help."""
    if q.introduction:
        for message in b1_warnings(q.introduction.nl, "introduction.nl"):
            c.warn(("introduction", "nl"), message)
    for sti, step in enumerate(q.steps):
        for key, text in (("title", step.title), ("description", step.description)):
            if text is not None:
                for message in b1_warnings(text.nl, f"{step.id}.{key}.nl"):
                    c.warn(("steps", sti, key, "nl"), message)
    for si, section in enumerate(q.sections):
        for key, text in (("title", section.title), ("intro", section.intro)):
            if text is not None:
                for message in b1_warnings(text.nl, f"{section.id}.{key}.nl"):
                    c.warn(("sections", si, key, "nl"), message)
        for qi, question in enumerate(section.discuss.get("nl", ())):
            for message in b1_warnings(question, f"{section.id}.discuss.nl[{qi + 1}]"):
                c.warn(("sections", si, "discuss", "nl"), message)
        for ii, item in enumerate(section.items):
            for message in b1_warnings(item.text.nl, f"{item.id}.text.nl", statement=True):
                c.warn(("sections", si, "items", ii, "text", "nl"), message)
            if item.help:
                for message in b1_warnings(item.help.nl, f"{item.id}.help.nl"):
                    c.warn(("sections", si, "items", ii, "help", "nl"), message)


def narrow_principles(q: Questionnaire, frameworks: dict[str, Framework]) -> dict[str, dict[str, list[str]]]:
    """Per framework the questionnaire serves: the principles it serves with fewer than
    NARROW_BASIS statements, each with the ids of those statements."""
    out: dict[str, dict[str, list[str]]] = {}
    for fid in sorted({fid for item in q.items for fid in item.serves}):
        fw = frameworks.get(fid)
        if fw is None:
            continue
        for p in fw.principles:
            serving = [item.id for item in q.items if p.id in item.weights(fid)]
            if 0 < len(serving) < NARROW_BASIS:
                out.setdefault(fid, {})[p.id] = serving
    return out


def narrow_basis(c: Checker, q: Questionnaire, frameworks: dict[str, Framework]) -> None:
    """Warn (not an error), once per framework, where the questionnaire serves principles with
    fewer than NARROW_BASIS statements: their scores would rest on one or two answers (issue 15)."""
    where = {
        item.id: ("sections", si, "items", ii, "serves")
        for si, section in enumerate(q.sections)
        for ii, item in enumerate(section.items)
    }
    for fid, thin in narrow_principles(q, frameworks).items():
        first = next(iter(thin.values()))[0]
        listed = "; ".join(f"{pid} ({', '.join(ids)})" for pid, ids in thin.items())
        c.warn(where[first], t("v.narrow_basis", framework=fid, limit=NARROW_BASIS, principles=listed))


@dataclass
class Library:
    """All frameworks and questionnaires that could be loaded, and the problems of the rest."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    questionnaires: dict[str, Questionnaire] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    fingerprint: str = ""
    """A hash of every content file read: caches of results derived from content key on it."""

    def questionnaire(self, qid: str) -> Questionnaire:
        try:
            return self.questionnaires[qid]
        except KeyError:
            ids = ", ".join(sorted(self.questionnaires)) or "-"
            raise SelfcheckError(t("cli.unknown_q", id=qid, ids=ids)) from None

    def framework_for(self, q: Questionnaire, framework: str | None = None) -> Framework:
        fid = framework or q.framework
        try:
            return self.frameworks[fid]
        except KeyError:
            raise SelfcheckError(t("v.unknown_framework", id=fid)) from None


def load_library(extra_dirs: list[Path] | None = None, *, builtin: Path | None = None) -> Library:
    """Load the built-in content, then each extra folder's; a broken file never stops the rest.

    Custom content never silently replaces built-in content: a file whose id is taken is
    reported and skipped.
    """
    lib = Library()
    dirs = [builtin or builtin_dir()] + [d for d in (extra_dirs or []) if d.is_dir()]
    parsed: list[tuple[Checker, dict[str, Any], bool]] = []
    fingerprint = hashlib.blake2b(digest_size=16)
    for n, folder in enumerate(dirs):
        for path in sorted(folder.glob("*.toml")):
            try:
                fingerprint.update(
                    path.name.encode("utf-8", "surrogateescape") + b"\0" + read_regular(path, MAX_FILE_BYTES)
                )
            except OSError:
                fingerprint.update(path.name.encode("utf-8", "surrogateescape") + b"\0?")  # parse_file says why
            c, data = parse_file(path)
            if data is None:
                lib.problems.extend(c.problems)
                continue
            parsed.append((c, data, n == 0))
    origin: dict[str, Path] = {}

    def claim(c: Checker, ident: Any, builtin_file: bool) -> bool:
        if not isinstance(ident, str):
            return True
        if ident in origin:
            other = origin[ident]
            from_builtin = other.parent == dirs[0]
            key = "v.overrides_builtin" if from_builtin and not builtin_file else "v.duplicate_content"
            c.error(("id",), t(key, id=ident, other=display_path(other)))
            return False
        origin[ident] = c.path
        return True

    for c, data, is_builtin in parsed:
        if data.get("kind") == "framework" and claim(c, data.get("id"), is_builtin):
            fw = framework_from(c, data)
            if fw:
                lib.frameworks[fw.id] = fw
    for c, data, is_builtin in parsed:
        kind = data.get("kind")
        if kind == "questionnaire" and claim(c, data.get("id"), is_builtin):
            q = questionnaire_from(c, data, lib.frameworks)
            if q:
                lib.questionnaires[q.id] = q
        elif kind not in ("framework", "questionnaire"):
            c.error(("kind",), t("v.kind") if kind is not None else t("v.kind_missing"))
        lib.problems.extend(p for p in c.problems if p.severity == "error")
    lib.fingerprint = fingerprint.hexdigest()
    return lib
