"""Remote use: a hang-up saves and unlocks; a dropped SSH link loses nothing; the browser page
loads nothing from elsewhere.

The slow tests drive the real `selfcheck` command in a pseudo-terminal, over a real OpenSSH
server and client inside tmux, and through `selfcheck serve`. Every wait polls with a
deadline; no sleep decides an outcome.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from selfcheck.core.storage import Lock, Workspace

try:  # POSIX only: the terminal tests need a pseudo-terminal
    import fcntl
    import pty
    import termios
except ImportError:  # pragma: no cover - Windows
    fcntl = pty = termios = None  # type: ignore[assignment]

needs_pty = pytest.mark.skipif(pty is None, reason="needs a POSIX pseudo-terminal")
VENV_BIN = Path(sys.executable).parent
SELFCHECK = VENV_BIN / "selfcheck"
QUESTIONNAIRE = "inwoners-betrekken"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[a-zA-Z~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1bP.*?\x1b\\", re.S)
SAVED = re.compile(r"opgeslagen \d\d:\d\d")


def wait_for(predicate: Callable[[], object], timeout: float, what: str, detail: Callable[[], str] = str) -> None:
    """Poll `predicate` until it is true; fail after `timeout` seconds, saying what was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{detail()}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def new_assessment(env: dict[str, str], org: str) -> Path:
    out = subprocess.run(
        [str(SELFCHECK), "new", "-q", QUESTIONNAIRE, "--org", org],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return Path(out.stdout.strip())


def scores(ws: Path, path: Path) -> dict[str, object]:
    a = Workspace(ws).load(path)
    return {item: ans.score for item, ans in a.answers.items() if ans.score is not None}


def item_count() -> int:
    from selfcheck.core.content import load_library

    return len(load_library().questionnaire(QUESTIONNAIRE).items)


# --- saving on close (no terminal needed)


def test_close_writes_a_pending_save_and_then_unlocks(workspace: Workspace) -> None:
    """A save asked for but not yet written by its worker (the app stopping) is written on close."""
    from selfcheck.core.model import Answer, Assessment
    from selfcheck.core.session import OpenAssessment as Session

    q = workspace.library.questionnaire(QUESTIONNAIRE)
    path = workspace.save(Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation="Flushdorp"))
    s = Session.open(workspace, path)
    lock = Lock.for_file(path)
    assert lock.path.exists()
    first = q.items[0].id
    s.assessment.answers[first] = Answer(score=2)
    s.prepare()  # the app asked for a save; the worker that would write it never ran
    assert s.state == "saving"
    s.close()
    assert scores(workspace.root, path) == {first: 2}
    assert not lock.path.exists()


# --- a real terminal: hang-up


def _process_state(pid: int) -> str:
    """What a process that does not stop is doing: its signal masks and where its threads wait."""
    out = []
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        out += [line for line in status.splitlines() if line.startswith(("State", "Sig", "Shd", "PPid", "Threads"))]
        for task in sorted(Path(f"/proc/{pid}/task").iterdir()):
            wchan = (task / "wchan").read_text() if (task / "wchan").exists() else "?"
            comm = (task / "comm").read_text().strip()
            out.append(f"thread {task.name} {comm}: {wchan}")
    except OSError as exc:
        out.append(f"(no /proc for {pid}: {exc})")
    return "\n".join(out)


class PtyApp:
    """`selfcheck open FILE` in a pseudo-terminal of 80×24, its output collected by a thread."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            try:
                # As from a login shell: a test runner started under nohup passes SIGHUP on as
                # ignored, and the app rightly respects that (it was asked to survive hang-ups).
                signal.signal(signal.SIGHUP, signal.SIG_DFL)
                os.execve(str(SELFCHECK), [str(SELFCHECK), *args], env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self._buf = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.status: int | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # select with a timeout, never a blocking read: a read in progress would keep the pty
        # open after `hang_up` closed our descriptor, and the kernel would not hang it up.
        import select

        while not self._stop.is_set():
            if not select.select([self.fd], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._buf.extend(data)

    def hang_up(self) -> None:
        """Close the terminal's master side, as sshd does when the link drops."""
        self._stop.set()
        self._reader.join(timeout=5)
        os.close(self.fd)

    @property
    def raw(self) -> bytes:
        with self._lock:
            return bytes(self._buf)

    def text(self) -> str:
        return ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status is not None

    def kill(self) -> None:
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        if not self._stop.is_set():
            self.hang_up()


@pytest.fixture
def app_env(isolated: Path, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL_THEME")}
    env.update(
        SELFCHECK_WORKSPACE=str(isolated),
        SELFCHECK_SETTINGS=str(tmp_path / "settings.toml"),
        TERM="xterm-256color",
        SELFCHECK_LANG="nl",
    )
    return env


@pytest.mark.slow
@needs_pty
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
@pytest.mark.parametrize("how", ["sighup", "terminal-closed"])
def test_hangup_saves_everything_and_releases_the_lock(how: str, app_env: dict[str, str], isolated: Path) -> None:
    """`kill -HUP` (terminal still there) and a closed terminal (the kernel's SIGHUP, then EIO)
    both end the app with every answer on disk and no lock left behind."""
    path = new_assessment(app_env, "Ophangdorp")
    total = item_count()
    app = PtyApp(["open", str(path)], app_env)
    try:
        wait_for(lambda: f"0 van {total} beantwoord" in app.text(), 30, "the answering screen", app.text)
        app.send(b"2")
        wait_for(
            lambda: SAVED.search(app.text()) and f"1 van {total}" in app.text(), 15, "the first answer saved", app.text
        )
        app.send(b"\x1b[C")
        wait_for(lambda: "stelling 2/" in app.text(), 15, "the second item", app.text)
        app.send(b"3")
        # Hang up the moment the app has taken the answer, while its save may be in flight.
        wait_for(lambda: f"2 van {total} beantwoord" in app.text(), 15, "the second answer taken", app.text)
        before = len(app.raw)
        if how == "sighup":
            os.kill(app.pid, signal.SIGHUP)
        else:
            app.hang_up()
        wait_for(app.exited, 15, "the app to exit after the hang-up", lambda: _process_state(app.pid))
        assert app.status == 0
        items = [i for i in scores(isolated, path)]
        assert len(items) == 2, scores(isolated, path)
        assert not Lock.for_file(path).path.exists()
        if how == "sighup":  # the terminal lives on: the app switched mouse and alternate screen off
            wait_for(
                lambda: b"\x1b[?1049l" in app.raw[before:],
                5,
                "the terminal reset",
                lambda: repr(app.raw[before:][-300:]),
            )
            tail = app.raw[before:]
            assert b"\x1b[?1000l" in tail and b"\x1b[?1006l" in tail
    finally:
        app.kill()


# --- a real SSH link that drops


def _tool(name: str, *extra: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in extra:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return None


class SSHServer:
    """A private OpenSSH server on 127.0.0.1, key authentication only, everything in one folder."""

    def __init__(self, folder: Path, sshd: str) -> None:
        self.folder = folder
        self.port = free_port()
        self.key = folder / "client_key"
        keygen = _tool("ssh-keygen")
        assert keygen
        for key in (folder / "host_key", self.key):
            subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, timeout=60)
        (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
        os.chmod(folder / "authorized_keys", 0o600)
        self.config = folder / "sshd_config"
        self.config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {folder / 'host_key'}",
                    f"PidFile {folder / 'sshd.pid'}",
                    f"AuthorizedKeysFile {folder / 'authorized_keys'}",
                    "StrictModes no",
                    "UsePAM no",
                    "PermitRootLogin yes",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "ClientAliveInterval 0",
                    "",
                ]
            )
        )
        check = subprocess.run([sshd, "-t", "-f", str(self.config)], capture_output=True, text=True, timeout=60)
        if check.returncode != 0:
            pytest.skip(f"sshd rejects a test configuration here: {check.stderr.strip()[:300]}")
        self.log = open(folder / "sshd.log", "w")
        self.proc = subprocess.Popen(
            [sshd, "-D", "-f", str(self.config), "-e"], stdout=self.log, stderr=subprocess.STDOUT
        )

        def accepting() -> bool:
            if self.proc.poll() is not None:
                pytest.fail(f"sshd exited: {(folder / 'sshd.log').read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            except OSError:
                return False
            return True

        wait_for(accepting, 20, "sshd to accept connections", lambda: (folder / "sshd.log").read_text())

    def ssh_command(self, remote: str) -> str:
        opts = [
            "-tt",
            "-i",
            str(self.key),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-F",
            "/dev/null",
        ]
        ssh = _tool("ssh")
        assert ssh
        return shlex.join(
            ["env", "-u", "COLORTERM", "TERM=xterm-256color", ssh, *opts, f"{getpass.getuser()}@127.0.0.1", remote]
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log.close()


class Tmux:
    """A tmux server of our own (its own socket, no user configuration)."""

    def __init__(self, folder: Path, tmux: str) -> None:
        self.base = [tmux, "-S", str(folder / "tmux.sock"), "-f", "/dev/null"]

    def run(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=30).stdout

    def new(self, name: str, command: str) -> None:
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True, timeout=30
        )
        self.run("set-option", "-t", name, "remain-on-exit", "on")

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def pane_pid(self, name: str) -> int:
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def pane_dead(self, name: str) -> bool:
        return self.run("display-message", "-p", "-t", name, "#{pane_dead}").strip() == "1"

    def kill(self) -> None:
        self.run("kill-server")


@pytest.fixture
def ssh_server(tmp_path: Path) -> Iterator[SSHServer]:
    sshd = _tool("sshd", "/usr/sbin", "/usr/local/sbin")
    missing = [
        n
        for n, p in (
            ("sshd", sshd),
            ("ssh", _tool("ssh")),
            ("ssh-keygen", _tool("ssh-keygen")),
            ("tmux", _tool("tmux")),
        )
        if not p
    ]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install openssh-server openssh-client tmux)")
    assert sshd
    privsep = Path("/run/sshd")  # OpenSSH refuses to start without its privilege-separation folder
    if not privsep.is_dir():
        try:
            privsep.mkdir(mode=0o755, parents=True)
        except OSError as exc:
            pytest.skip(f"sshd needs {privsep}, which cannot be made here: {exc}")
    folder = tmp_path / "ssh"
    folder.mkdir()
    server = SSHServer(folder, sshd)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    tool = _tool("tmux")
    if not tool:
        pytest.skip("needs tmux")
    t = Tmux(tmp_path, tool)
    try:
        yield t
    finally:
        t.kill()


@pytest.mark.slow
@needs_pty
def test_ssh_drop_loses_no_answer_and_the_round_stays_editable(
    ssh_server: SSHServer, tmux: Tmux, app_env: dict[str, str], isolated: Path, tmp_path: Path
) -> None:
    """A consultant answers over `ssh -tt` in tmux at 80×24, the link drops (ssh killed -9),
    they reconnect: every answer given before the drop is there and the round is editable."""
    path = new_assessment(app_env, "Verbindingdorp")
    total = item_count()
    remote = shlex.join(
        [
            "env",
            f"SELFCHECK_WORKSPACE={isolated}",
            f"SELFCHECK_SETTINGS={tmp_path / 'settings.toml'}",
            str(SELFCHECK),
            "open",
            str(path),
        ]
    )
    command = ssh_server.ssh_command(remote)
    log = lambda: f"--- screen\n{tmux.screen('one')}\n--- sshd\n{(ssh_server.folder / 'sshd.log').read_text()}"  # noqa: E731

    tmux.new("one", command)
    wait_for(lambda: f"0 van {total} beantwoord" in tmux.screen("one"), 60, "the app over ssh", log)
    for n, key in enumerate(["2", "3", "1"], 1):
        tmux.keys("one", key)
        wait_for(
            lambda: (
                (s := tmux.screen("one"))
                and f"{n} van {total} beantwoord" in s
                and SAVED.search(s)
                and "opslaan" not in s
            ),
            30,
            f"answer {n} shown as saved",
            log,
        )
        if n < 3:
            tmux.keys("one", "Right")
            wait_for(lambda: f"stelling {n + 1}/" in tmux.screen("one"), 30, f"item {n + 1}", log)
    lock = Lock.for_file(path)
    info = json.loads(lock.path.read_text())
    remote_pid = int(info["pid"])
    assert pid_alive(remote_pid)

    os.kill(tmux.pane_pid("one"), signal.SIGKILL)  # the link drops: the ssh client dies at once
    wait_for(lambda: tmux.pane_dead("one"), 15, "the ssh client to die")
    # sshd sees the connection close and hangs up the app's terminal: the app saves and exits.
    wait_for(lambda: not pid_alive(remote_pid), 30, "the app on the server to end after the drop", log)
    assert list(scores(isolated, path).values()) == [2, 3, 1]
    # The app released its lock on the hang-up. (Had it been killed outright, the lock's dead
    # pid would still let the next open take it over: see test_crash.py.)
    assert not lock.path.exists(), lock.path.read_text()

    tmux.new("two", command)
    screen2 = lambda: tmux.screen("two")  # noqa: E731
    wait_for(lambda: f"3 van {total} beantwoord" in screen2(), 60, "the app again, with the three answers", screen2)
    assert "alleen lezen" not in screen2()
    tmux.keys("two", "o", "0")  # to an open item (wherever the app resumed), and score it
    wait_for(
        lambda: (s := screen2()) and f"4 van {total} beantwoord" in s and SAVED.search(s) and "opslaan" not in s,
        30,
        "the fourth answer saved after the reconnect",
        screen2,
    )
    tmux.keys("two", "C-q")
    wait_for(lambda: tmux.pane_dead("two"), 30, "the app and ssh to end after ctrl+q", screen2)
    assert sorted(scores(isolated, path).values()) == [0, 1, 2, 3]
    assert not lock.path.exists()


# --- in a browser: selfcheck serve


def test_loopback_addresses() -> None:
    from selfcheck.serve import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "selfcheck.example.org"))


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serve_warns_plainly_when_not_on_localhost(
    host: str, warned: bool, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import selfcheck.serve as serve_mod

    started: dict[str, object] = {}

    class FakeServer:
        def __init__(self, command: str, **kwargs: object) -> None:
            started.update(kwargs, command=command)

        def serve(self) -> None:
            started["served"] = True
            started["sock"].close()  # type: ignore[attr-defined]

    monkeypatch.setattr(serve_mod, "_server_class", lambda: FakeServer)
    out = io.StringIO()
    assert serve_mod.serve(workspace, host=host, port=0, out=out) == 0
    assert started["served"] and started["host"] == host and started["templates_path"] == serve_mod.TEMPLATES
    assert "selfcheck.serve" in str(started["command"])
    port = started["port"]
    assert isinstance(port, int) and port > 0  # port 0: the one the system chose, bound before printing
    text = out.getvalue()
    assert ("LET OP" in text and "geheime sleutel" in text and "https" in text and "proxy" in text) is warned
    assert f"http://127.0.0.1:{port}/?token={started['secret']}" in text


def test_offer_download_only_in_a_browser(tmp_path: Path) -> None:
    from selfcheck.tui.web import offer_download

    report = tmp_path / "rapport.html"
    report.write_text("<html></html>")
    calls: list[tuple[Path, dict[str, object]]] = []

    class FakeApp:
        is_web = False

        def deliver_binary(self, path: Path, **kwargs: object) -> str:
            calls.append((path, kwargs))
            return "key"

    app = FakeApp()
    assert offer_download(app, report) is False and calls == []
    app.is_web = True
    assert offer_download(app, tmp_path / "missing.pdf") is False and calls == []
    assert offer_download(app, report) is True
    assert calls == [(report, {"save_filename": "rapport.html", "open_method": "download", "mime_type": "text/html"})]


@pytest.mark.slow
def test_serve_page_loads_nothing_from_elsewhere_and_runs_the_app(app_env: dict[str, str], tmp_path: Path) -> None:
    """`selfcheck serve` on a free port: the page and its font come from the server itself, and a
    websocket (what the browser opens) gets the app's home screen."""
    pytest.importorskip("textual_serve", reason="needs the serve extra (pip install 'selfcheck[serve]')")
    import asyncio

    import aiohttp

    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([str(SELFCHECK), "serve", "--port", "0"], env=app_env, stdout=log, stderr=subprocess.STDOUT)
    served = lambda: (tmp_path / "serve.log").read_text()  # noqa: E731
    address = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)")
    try:
        page: dict[str, str] = {}

        def fetched() -> bool:
            if proc.poll() is not None:
                pytest.fail(f"selfcheck serve exited with {proc.returncode}:\n{served()}")
            m = address.search(served())
            if not m:
                return False
            page["url"] = m.group(0)
            with urllib.request.urlopen(page["url"], timeout=10) as r:
                page["html"] = r.read().decode("utf-8")
            return True

        wait_for(fetched, 30, "the page of selfcheck serve", served)
        m = address.search(page["url"])
        assert m
        port, secret = int(m.group(1)), m.group(2)
        base = f"http://127.0.0.1:{port}"
        html = page["html"]
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        urls = re.findall(r"(?:https?|wss?)://[^\s\"'<>)]+", html)
        assert urls, html
        outside = [u for u in urls if not re.match(rf"(?:https?|wss?)://127\.0\.0\.1:{port}/", u)]
        assert outside == [], outside
        for asset in re.findall(r"(?:href|src)=\"([^\"]+)\"", html) + re.findall(r"url\(\"([^\"]+)\"\)", html):
            with urllib.request.urlopen(asset, timeout=10) as r:
                assert r.status == 200 and r.read(), asset
        assert "RobotoMono" in html and "selfcheck" in served()

        async def home_screen() -> bytes:
            got = b""
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(f"{base}/ws/{secret}?width=80&height=24") as ws:
                    await ws.send_json(["resize", {"width": 80, "height": 24}])
                    deadline = time.monotonic() + 30
                    while b"zelfscan" not in got and time.monotonic() < deadline:
                        msg = await ws.receive(timeout=deadline - time.monotonic())
                        if msg.type == aiohttp.WSMsgType.BINARY:
                            got += msg.data
                        elif msg.type != aiohttp.WSMsgType.TEXT:
                            break
            return got

        screen = asyncio.run(home_screen())
        assert b"zelfscan" in screen, (screen[-500:], served())  # the home list: "3 zelfscans"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait(timeout=15)
        log.close()
    assert proc.returncode is not None
