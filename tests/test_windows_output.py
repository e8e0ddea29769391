"""Issue 17.1 and 17.8: output never fails on its own encoding, and glyphs have plain fall-backs.

Windows writes a pipe or a file in the ANSI code page (cp1252); `PYTHONIOENCODING=cp1252:strict
PYTHONUTF8=0` makes Python on Linux do the same, so every command that prints runs here as it
would in `selfcheck ... > rapport.txt` or `| clip` on Windows, with names outside Latin-1
(ş and Ł are not in cp1252)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from selfcheck import glyphs, textout

try:  # POSIX only
    import pty
except ImportError:  # pragma: no cover - Windows
    pty = None  # type: ignore[assignment]

QID = "inwoners-betrekken"
ORG = "Gemeente Ayşe"
TEAM = "Team Łódź"
PERSON = "Zoë Şahin"
NOT_CP1252 = set("█▲▼→−░│")
WINDOWS_PIPE = {"PYTHONIOENCODING": "cp1252:strict", "PYTHONUTF8": "0"}


def cli(
    *args: str, ws: Path, env: dict[str, str] | None = None, stdin: bytes | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("SELFCHECK_ASCII", "SELFCHECK_ENCODING", "WT_SESSION")}
    full.update({"SELFCHECK_WORKSPACE": str(ws), "SELFCHECK_LANG": "nl", **WINDOWS_PIPE, **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=cwd,
        env=full,
        timeout=120,
    )


def ok(proc: subprocess.CompletedProcess[bytes], encoding: str = "utf-8") -> tuple[str, str]:
    err = proc.stderr.decode(encoding)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    return proc.stdout.decode(encoding), err


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A workspace with two answered rounds of an organisation whose name is not cp1252."""
    ws = tmp_path_factory.mktemp("win-out") / "ws"
    files = []
    for when, answers in (
        ("2026-04-01", b"1\n2\n0\nn\n" + b"1\n" * 16),
        ("2026-10-01", b"3\n3\n2 ca\xc3\xa9 \xc5\x9f\nw\n" + b"2\n" * 16),
    ):
        out, _ = ok(cli("new", "-q", QID, "--org", ORG, "--team", TEAM, "--participant", PERSON, "--date", when, ws=ws))
        path = Path(out.strip())
        ok(cli("answer", str(path), ws=ws, stdin=answers))
        files.append(path)
    return ws, files[0], files[1]


def test_the_simulation_is_real() -> None:
    """Without the fix Python itself fails here: the environment does simulate Windows."""
    code = "import sys; sys.stdout.write('\\u015f\\u2588')"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=False, env={**os.environ, **WINDOWS_PIPE}
    )
    assert proc.returncode != 0 and b"UnicodeEncodeError" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("list",),
        ("questionnaires",),
        ("report", "{new}"),
        ("compare", "{old}", "{new}"),
        ("export", "{new}", "-f", "md"),
        ("validate", "{new}"),
        ("demo", "--workspace", "{demo}"),
        ("benchmark", "--min-group", "3"),
        ("answer", "{new}"),
        ("report", "--help"),
        ("export", "--help"),
        ("--lang", "en", "report", "{old}"),
        ("open", "{new}"),
        (),
        ("serve", "--help"),
        ("vote", "--help"),
        ("sync", "--help"),
        ("new", "--help"),
    ],
    ids=lambda a: " ".join(a) or "app",
)
def test_every_command_that_prints_survives_a_cp1252_pipe(rounds, args, tmp_path) -> None:
    ws, old, new = rounds
    fill = {"old": str(old), "new": str(new), "demo": str(tmp_path / "demo")}
    proc = cli(*(a.format(**fill) for a in args), ws=ws, stdin=b"")
    out, err = ok(proc)  # UTF-8: what a file or a pipe the user chose gets
    assert out.strip() or err.strip()
    if args[:1] in (("list",), ("report",), ("open",), ()) and "--help" not in args:
        assert ORG in out, out
    if args[:1] == ("report",) and "--help" not in args:
        assert set(out) & NOT_CP1252, "the report does hold glyphs a cp1252 pipe cannot carry"


def test_an_error_line_with_a_name_outside_cp1252_is_printed(rounds) -> None:
    ws, _old, _new = rounds
    proc = cli("report", str(ws / "Ayşe → niet.toml"), ws=ws)
    assert proc.returncode == 1
    err = proc.stderr.decode("utf-8")
    assert err.startswith("selfcheck: ") and "Ayşe" in err and "Traceback" not in err
    proc = cli("sync", "-m", "Ayşe ✓", ws=ws)  # not a git repository: one line, printed
    assert proc.returncode == 1 and proc.stderr.decode("utf-8").startswith("selfcheck: ")


def test_a_chosen_narrow_encoding_gets_plain_fall_backs(rounds) -> None:
    """SELFCHECK_ENCODING=cp1252 (what a PowerShell pipe may want): █ -> #, ş -> s, never an error."""
    ws, old, new = rounds
    out, _ = ok(cli("report", str(new), ws=ws, env={"SELFCHECK_ENCODING": "cp1252"}), "cp1252")
    assert "Gemeente Ayse" in out and "#" in out and "█" not in out
    out, _ = ok(cli("compare", str(old), str(new), ws=ws, env={"SELFCHECK_ENCODING": "ascii"}), "ascii")
    assert "Gemeente" in out or out.strip()
    out, _ = ok(cli("list", ws=ws, env={"SELFCHECK_ENCODING": "latin-1"}), "latin-1")
    assert "Gemeente Ayse" in out and "Team Lódz" in out  # ó is Latin-1, Ł is not


def test_ascii_mode_writes_the_table_s_fall_backs(rounds) -> None:
    ws, _old, new = rounds
    for env, extra in (({"SELFCHECK_ASCII": "1"}, ()), ({}, ("--ascii",))):
        out, _ = ok(cli(*extra, "report", str(new), ws=ws, env=env))
        assert not set(out) & set(glyphs.TABLE), sorted(set(out) & set(glyphs.TABLE))
        assert ORG in out, "letters are no glyphs: ş stays where the stream carries it"
        assert "#" in out


def test_report_to_a_file_writes_utf8_and_prints_the_full_path(rounds, tmp_path) -> None:
    ws, _old, new = rounds
    out, _ = ok(cli("report", str(new), "-o", "rapport.txt", ws=ws, cwd=tmp_path))
    written = Path(out.strip())
    assert written.is_absolute() and written.name == "rapport.txt"
    text = written.read_bytes().decode("utf-8")
    assert ORG in text and set(text) & NOT_CP1252
    written.unlink()
    assert cli("report", str(new), "-o", str(tmp_path), ws=ws).returncode == 1
    assert cli("report", str(new), "-o", str(tmp_path / "no" / "r.txt"), ws=ws).returncode == 1


# --------------------------------------------------------------------------- the table itself


def test_every_cell_fall_back_is_ascii_and_as_wide_as_its_glyph() -> None:
    from rich.cells import cell_len

    for ch, g in glyphs.TABLE.items():
        assert g.cell.isascii() and g.text.isascii() and g.cell and g.text, ch
        assert len(g.cell) == cell_len(ch), ch


def test_the_issue_s_glyphs_are_in_the_table_and_console_mode_replaces_them() -> None:
    for ch in "▸✓⚑⚠↻":
        assert ch in glyphs.TABLE and glyphs.plain(ch, "console") != ch
    # what the classic console's fonts do carry stays in console mode
    assert glyphs.plain("█ ▲ → ë", "console") == "█ ▲ → ë"
    assert glyphs.plain("█ ▲ → ë", "ascii") == "# ^ -> ë"
    assert glyphs.cells("→ ✓", "ascii") == "> v"
    assert glyphs.plain("✓ █", "unicode") == "✓ █"


def test_every_glyph_the_code_prints_is_in_the_table() -> None:
    """A new symbol in the code needs its fall-back here (letters and Latin-1 are no glyphs)."""
    missing: dict[str, list[str]] = {}
    for path in sorted((ROOT / "selfcheck").rglob("*.py")):
        if path.name in ("glyphs.py", "readability.py") or "export" in path.parts:
            continue
        for ch in path.read_text("utf-8"):
            if ord(ch) > 0xFF and ch not in glyphs.TABLE and not ch.isalpha():
                missing.setdefault(ch, []).append(path.name)
    assert not missing, {ch: sorted(set(v)) for ch, v in missing.items()}


@pytest.mark.parametrize(
    ("env", "platform", "mode"),
    [
        ({}, "linux", "unicode"),
        ({}, "win32", "console"),
        ({"WT_SESSION": "x"}, "win32", "unicode"),
        ({"TERM_PROGRAM": "vscode"}, "win32", "unicode"),
        ({"SELFCHECK_ASCII": "1"}, "linux", "ascii"),
        ({"SELFCHECK_ASCII": "1", "WT_SESSION": "x"}, "win32", "ascii"),
        ({"SELFCHECK_ASCII": "0"}, "win32", "unicode"),
    ],
)
def test_the_mode_is_chosen_from_the_terminal(env, platform, mode) -> None:
    assert glyphs.detect(env, platform) == mode


def test_the_error_handler_never_fails() -> None:
    text = "Ayşe █ ▲ → ✓ − 🔒 \u4e2d €"
    assert text.encode("cp1252", glyphs.ERRORS).decode("cp1252") == "Ayse # ^ -> v - [lock] ? €"
    assert text.encode("ascii", glyphs.ERRORS).decode("ascii") == "Ayse # ^ -> v - [lock] ? EUR"


def test_a_console_stream_keeps_its_encoding_and_gets_the_plain_glyphs() -> None:
    class Console(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    for encoding, expected in (("utf-8", "Ayşe v █ ë\n"), ("cp1252", "Ayse v # ë\n")):
        raw = io.BytesIO()
        stream = Console(raw, encoding=encoding, errors="strict")
        out = textout.prepare(stream, "console", env={})
        out.write("Ayşe ✓ █ ë\n")
        out.flush()
        assert raw.getvalue().decode(encoding) == expected
    assert textout.encoding_for(stream, {}) == "cp1252"
    assert textout.encoding_for(stream, {"SELFCHECK_ENCODING": "cp850"}) == "cp1252", "a console keeps its own"
    pipe = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    assert textout.encoding_for(pipe, {}) == "utf-8"
    assert textout.encoding_for(pipe, {"SELFCHECK_ENCODING": "cp850"}) == "cp850"
    assert textout.encoding_for(pipe, {"SELFCHECK_ENCODING": "no-such-codec"}) == "utf-8"
    assert textout.prepare(None, "ascii") is None


# --------------------------------------------------------------------------- 17.2: piped answers


def _answered(ws: Path, stdin: bytes, *, env: dict[str, str] | None = None) -> tuple[dict, str]:
    from selfcheck.core.tomlio import loads

    out, _ = ok(cli("new", "-q", "mini", "--org", ORG, "--date", "2026-05-01", ws=ws))
    path = Path(out.strip())
    proc = cli("answer", str(path), ws=ws, stdin=stdin, env=env)
    _, err = ok(proc)
    data = loads(path.read_text("utf-8"))
    path.unlink()
    return data.get("answers", {}), err


@pytest.fixture
def mini_ws(tmp_path: Path) -> Path:
    from helpers import MINI

    ws = tmp_path / "ws"
    (ws / "questionnaires").mkdir(parents=True)
    (ws / "questionnaires" / "mini.toml").write_bytes(MINI.read_bytes())
    return ws


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
def test_piped_utf8_answers_are_read_as_utf8_on_a_cp1252_system(mini_ws, bom) -> None:
    answers, err = _answered(mini_ws, bom + "2 café ë Á ş\n3\n".encode())
    assert answers["m-a"]["note"] == "café ë Á ş", "no cafÃ©, and 0x81 (in Á) stops nothing"
    assert answers["m-a"]["score"] == 2 and answers["m-b"]["score"] == 3, "a BOM is no 'not understood'"
    assert "Windows-1252" not in err


def test_piped_cp1252_answers_are_read_with_a_warning(mini_ws) -> None:
    answers, err = _answered(mini_ws, "1 café\n2 plain\n".encode("cp1252"))
    assert answers["m-a"]["note"] == "café" and answers["m-b"]["note"] == "plain"
    warnings = [line for line in err.splitlines() if "Windows-1252" in line]
    assert len(warnings) == 1 and "regel 1" in warnings[0] and "café" in warnings[0], err


def test_answer_input_in_process() -> None:
    from selfcheck.textin import AnswerInput

    class Piped:
        def __init__(self, data: bytes) -> None:
            self.buffer = io.BytesIO(data)

    warnings = io.StringIO()
    lines = AnswerInput(Piped(b"\xef\xbb\xbf1 \xc3\xa9\n2 \xe9\n\x81\n"), warnings)
    assert [lines.readline(), lines.readline(), lines.readline(), lines.readline()] == [
        "1 é\n",
        "2 é\n",
        "\ufffd\n",
        "",
    ]
    assert lines.fallbacks == 2 and warnings.getvalue().count("\n") == 2
    assert AnswerInput(io.StringIO("\ufeff3\n")).readline() == "3\n", "a text stream's BOM too"


# --------------------------------------------------------------------------- 17.6: where reports go


def _fake_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, documents: bool = True) -> tuple[Path, Path]:
    import platformdirs

    data, docs = tmp_path / "AppData" / "Local", tmp_path / "Documents"
    if documents:
        docs.mkdir(parents=True)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda name, *a, **k: str(data / name))
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(docs))
    monkeypatch.delenv("SELFCHECK_EXPORTS")
    return data, docs


def test_the_default_workspace_exports_to_documents(monkeypatch, tmp_path) -> None:
    from selfcheck.core.storage import Workspace, default_workspace

    data, docs = _fake_dirs(monkeypatch, tmp_path)
    assert default_workspace() == data / "selfcheck"
    assert Workspace(data / "selfcheck").exports_dir == docs / "selfcheck"
    assert Workspace(data / "selfcheck-demo").exports_dir == docs / "selfcheck" / "demo"
    chosen = tmp_path / "team-share" / "selfcheck"
    assert Workspace(chosen).exports_dir == chosen / "exports", "a chosen workspace keeps its own"
    monkeypatch.setenv("SELFCHECK_EXPORTS", str(tmp_path / "elsewhere"))
    assert Workspace(data / "selfcheck").exports_dir == tmp_path / "elsewhere"
    assert Workspace(chosen).exports_dir == chosen / "exports"


def test_without_a_documents_folder_the_workspace_keeps_its_exports(monkeypatch, tmp_path) -> None:
    from selfcheck.core.storage import Workspace

    data, _docs = _fake_dirs(monkeypatch, tmp_path, documents=False)
    assert Workspace(data / "selfcheck").exports_dir == data / "selfcheck" / "exports"


def test_export_prints_the_full_path(rounds, tmp_path) -> None:
    ws, _old, new = rounds
    for args in (
        ("export", str(new), "-f", "md"),
        ("export", str(new), "-f", "csv", "-o", "."),
        ("export", str(new), "-f", "json", "-o", "r.json"),
    ):
        out, _ = ok(cli(*args, ws=ws, cwd=tmp_path))
        written = Path(out.strip())
        assert written.is_absolute() and written.is_file(), out


# --------------------------------------------------------------------------- 17.8: the app


def test_the_plain_driver_swaps_glyphs_for_same_width_fall_backs() -> None:
    class Driver:
        def __init__(self) -> None:
            self.out: list[str] = []

        def write(self, data: str) -> None:
            self.out.append(data)

    console, ascii_ = glyphs.plain_driver(Driver, "console")(), glyphs.plain_driver(Driver, "ascii")()
    frame = "\x1b[1;1H▸ ✓ opgeslagen ⚑ ⚠ ↻ █░ → ╭─│─╮ ë"
    console.write(frame)
    ascii_.write(frame)
    assert console.out == ["\x1b[1;1H> v opgeslagen ! ! @ █░ → ╭─│─╮ ë"]
    assert ascii_.out == ["\x1b[1;1H> v opgeslagen ! ! @ #- > ╭─│─╮ ë"], "Textual's box lines stay whole"
    assert type(console).__name__ == "PlainDriver" and issubclass(type(console), Driver)


@pytest.mark.parametrize(
    ("mode", "env", "setting", "expected"),
    [
        ("console", {}, None, "console"),
        ("console", {}, "unicode", "unicode"),
        ("unicode", {}, "ascii", "ascii"),
        ("unicode", {}, "nonsense", "unicode"),
        ("ascii", {}, "unicode", "ascii"),  # --ascii wins
        ("unicode", {"SELFCHECK_ASCII": "0"}, "ascii", "unicode"),  # the environment wins over the setting
    ],
)
def test_the_app_s_mode_from_option_environment_and_setting(monkeypatch, mode, env, setting, expected) -> None:
    monkeypatch.setattr(glyphs, "_mode", mode)
    assert glyphs.app_mode(setting, env) == expected


@pytest.mark.skipif(pty is None or not hasattr(os, "fork"), reason="POSIX only: needs a pseudo-terminal (pty)")
@pytest.mark.parametrize("how", ["env", "setting"])
def test_the_app_in_a_terminal_draws_plain_glyphs_when_asked(rounds, tmp_path, how) -> None:
    import select
    import signal
    import time

    ws, _old, new = rounds
    settings = tmp_path / "settings.toml"
    settings.write_text('glyphs = "ascii"\n' if how == "setting" else "", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SELFCHECK_ASCII", "NO_COLOR", "TEXTUAL_THEME")}
    env.update(
        SELFCHECK_WORKSPACE=str(ws),
        SELFCHECK_SETTINGS=str(settings),
        SELFCHECK_LANG="nl",
        TERM="xterm-256color",
        LANG="C.UTF-8",
        **({"SELFCHECK_ASCII": "1"} if how == "env" else {}),
    )
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
            os.execve(sys.executable, [sys.executable, "-m", "selfcheck", "open", str(new)], env)
        finally:
            os._exit(127)
    seen = bytearray()
    sent = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            text = seen.decode("utf-8", "replace")
            if not sent and "beantwoord" in text:
                os.write(fd, b"\x1b[C3")  # an answer: the app marks it saved
                sent = True
            if sent and "opgeslagen" in text.split("beantwoord", 1)[-1]:
                break
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    text = seen.decode("utf-8", "replace")
    assert "opgeslagen" in text, text[-2000:]
    assert not {ch for ch in text if ch in glyphs.TABLE and not ("\u2500" <= ch <= "\u257f")}, sorted(
        {ch for ch in text if ch in glyphs.TABLE}
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_piped_utf16_with_its_mark_is_read_too(mini_ws, encoding) -> None:
    """PowerShell 5.1's `>` and Out-File, and Notepad's "Unicode", write UTF-16 with a mark."""
    data = "1 café ş\r\n2\r\n".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    answers, err = _answered(mini_ws, data)
    assert answers["m-a"]["note"] == "café ş" and answers["m-b"]["score"] == 2
    assert "Windows-1252" not in err
