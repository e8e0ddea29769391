"""Sharing a workspace with git: the per-item merge (selfcheck/core/merge.py), the `[[conflicts]]`
format, `selfcheck merge-driver`, and `selfcheck sync` between two clones of a bare repository.

No network: the "remote" is a bare repository in the test's folder. Developer git settings do
not leak in (GIT_CONFIG_GLOBAL and the system config are switched off).
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import DATA, answer, assessment, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck import cli
from selfcheck.core.assessment import assessment_from, load_assessment, serialise
from selfcheck.core.checker import parse_bytes
from selfcheck.core.merge import merge_assessments
from selfcheck.core.model import NA, Action, Answer, Assessment, Conflict
from selfcheck.core.storage import Lock, Workspace
from selfcheck.core.sync import ATTRIBUTE_LINE, count_changes, driver_command

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MINI = DATA / "valid" / "mini.toml"


def at(minute: int) -> datetime:
    return datetime(2026, 6, 1, 10, minute, tzinfo=UTC)


def ans(score: object = None, minute: int = 0, *, note: str = "", votes: dict | None = None) -> Answer:
    return Answer(score=score, votes=dict(votes or {}), note=note, updated=at(minute) if minute else None)


def base_round(**answers: Answer) -> Assessment:
    a = assessment({}, qid="mini", version="2.0", org="Gemeente A", participants=("An", "Bo"))
    a.answers = dict(answers)
    a.updated = at(0)
    a.created = at(0)
    return a


def copy(a: Assessment) -> Assessment:
    """A deep copy through the file format (what git's three files are)."""
    c, data = parse_bytes(Path("x.toml"), serialise(a).encode("utf-8"))
    out = assessment_from(c, data, None)
    assert out is not None, c.problems
    return out


# --------------------------------------------------------------------------- the merge, in memory


def test_different_items_changed_on_both_sides_are_both_kept() -> None:
    base = base_round(**{"m-a": ans(1, 1)})
    ours, theirs = copy(base), copy(base)
    ours.answers["m-b"] = ans(2, 5)
    theirs.answers["m-c"] = ans(3, 6)
    theirs.answers["m-a"] = ans(2, 6)
    m = merge_assessments(base, ours, theirs)
    assert {k: v.score for k, v in m.answers.items()} == {"m-a": 2, "m-b": 2, "m-c": 3}
    assert m.conflicts == []


def test_same_item_changed_on_both_sides_newer_wins_and_the_other_is_recorded() -> None:
    base = base_round(**{"m-a": ans(1, 1)})
    ours, theirs = copy(base), copy(base)
    ours.answers["m-a"] = ans(0, 9, note="ons")
    theirs.answers["m-a"] = ans(3, 7, note="hun", votes={"Bo": 3})
    when = at(30)
    m = merge_assessments(base, ours, theirs, recorded=when, who={"ours": "Anna", "theirs": "Bram"})
    assert (m.answers["m-a"].score, m.answers["m-a"].note, m.answers["m-a"].updated) == (0, "ons", at(9))
    # the vote was added on their side only: kept
    assert m.answers["m-a"].votes == {"Bo": 3}
    assert m.conflicts == [
        Conflict(
            item="m-a", side="theirs", who="Bram", recorded=when, score=3, votes={"Bo": 3}, note="hun", updated=at(7)
        )
    ]
    # the same from the other copy: the same answer wins, the same version is recorded
    m2 = merge_assessments(base, theirs, ours, recorded=when, who={"ours": "Bram", "theirs": "Anna"})
    assert m2.answers["m-a"] == m.answers["m-a"]
    assert m2.conflicts == [
        Conflict(
            item="m-a", side="ours", who="Bram", recorded=when, score=3, votes={"Bo": 3}, note="hun", updated=at(7)
        )
    ]


def test_fields_changed_on_different_sides_of_one_item_merge_without_conflict() -> None:
    base = base_round(**{"m-a": ans(1, 1, note="oud")})
    ours, theirs = copy(base), copy(base)
    ours.answers["m-a"] = ans(2, 5, note="oud")  # the score
    theirs.answers["m-a"] = ans(1, 6, note="nieuw")  # the note
    m = merge_assessments(base, ours, theirs)
    assert (m.answers["m-a"].score, m.answers["m-a"].note, m.answers["m-a"].updated) == (2, "nieuw", at(6))
    assert m.conflicts == []


def test_no_common_ancestor_every_difference_is_a_change_on_both_sides() -> None:
    ours = base_round(**{"m-a": ans(1, 3), "m-b": ans(NA, 3)})
    theirs = base_round(**{"m-a": ans(2, 4), "m-c": ans(0, 4)})
    m = merge_assessments(None, ours, theirs)
    assert {k: v.score for k, v in m.answers.items()} == {"m-a": 2, "m-b": NA, "m-c": 0}
    assert [(c.item, c.side, c.score) for c in m.conflicts] == [("m-a", "ours", 1)]


def test_equal_timestamps_pick_the_same_winner_from_either_side() -> None:
    base = base_round()
    ours, theirs = copy(base), copy(base)
    ours.answers["m-a"] = ans(1, 5)
    theirs.answers["m-a"] = ans(2, 5)
    assert merge_assessments(base, ours, theirs).answers["m-a"] == merge_assessments(base, theirs, ours).answers["m-a"]


def test_actions_merge_by_id_newer_wins_others_kept() -> None:
    base = base_round()
    base.actions = [
        Action("a1", "oud", updated=at(1)),
        Action("a2", "weg", updated=at(1)),
        Action("a3", "blijft", updated=at(1)),
    ]
    ours, theirs = copy(base), copy(base)
    ours.actions[0] = Action("a1", "ons", updated=at(8))
    theirs.actions[0] = Action("a1", "hun", status="done", updated=at(9))
    theirs.actions = [x for x in theirs.actions if x.id != "a2"]  # deleted there, unchanged here
    ours.actions.append(Action("b1", "nieuw bij ons", updated=at(5)))
    theirs.actions.append(Action("c1", "nieuw bij hen", updated=at(5)))
    m = merge_assessments(base, ours, theirs)
    assert [(x.id, x.what) for x in m.actions] == [
        ("a1", "hun"),
        ("a3", "blijft"),
        ("b1", "nieuw bij ons"),
        ("c1", "nieuw bij hen"),
    ]


def test_header_participants_targets_and_notes() -> None:
    base = base_round()
    base.team = "Team"
    base.section_notes = {"een": "begin"}
    ours, theirs = copy(base), copy(base)
    ours.team, ours.updated = "Team Gezond", at(20)
    ours.participants.append("Cas")
    ours.answers["m-a"] = ans(None, 20, votes={"Cas": 2})
    theirs.participants.append("Dee")
    theirs.answers["m-b"] = ans(None, 10, votes={"Dee": 1})
    theirs.targets = {"P1": 80}
    ours.section_notes = {"een": "ons verhaal"}
    theirs.section_notes = {"een": "hun verhaal", "twee": "alleen hier"}
    theirs.updated = at(10)
    m = merge_assessments(base, ours, theirs, who={"theirs": "Bram"})
    assert m.team == "Team Gezond" and m.participants == ["An", "Bo", "Cas", "Dee"]
    assert m.targets == {"P1": 80} and m.updated == at(20) and m.created == at(0)
    assert m.section_notes == {"een": "ons verhaal", "twee": "alleen hier"}
    assert [(c.section, c.side, c.note, c.who) for c in m.conflicts] == [("een", "theirs", "hun verhaal", "Bram")]


def test_an_answer_cleared_on_one_side_and_changed_on_the_other_is_never_lost_silently() -> None:
    """Found by tests/security/test_sync_merge_fuzz.py: the cleared side won the note, the
    answer became empty and was dropped, and the other side's new note was recorded nowhere."""
    base = base_round(**{"m-a": ans(None, 0, note="a", votes={"An": 0})})
    ours, theirs = copy(base), copy(base)
    del ours.answers["m-a"]
    theirs.answers["m-a"] = ans(None, 0, note="é", votes={"An": 0})
    for m in (merge_assessments(base, ours, theirs), merge_assessments(base, theirs, ours)):
        kept = m.answers.get("m-a")
        assert (kept is not None and kept.note == "é") or [(c.item, c.note) for c in m.conflicts] == [("m-a", "é")]


def test_conflicts_already_there_stay_until_resolved_on_one_side() -> None:
    old = Conflict(item="m-a", side="theirs", score=1)
    other = Conflict(item="m-b", side="ours", score=2)
    base = base_round()
    base.conflicts = [old, other]
    ours, theirs = copy(base), copy(base)
    ours.conflicts = [other]  # ours reviewed m-a
    m = merge_assessments(base, ours, theirs)
    assert m.conflicts == [other]


def test_count_changes_compares_answers_not_timestamps() -> None:
    old = base_round(**{"m-a": ans(1, 1), "m-b": ans(2, 1)})
    new = copy(old)
    new.answers["m-a"] = ans(1, 9)  # same content, new time: no change
    new.answers["m-b"] = ans(3, 9)
    new.answers["m-c"] = ans(0, 9)
    new.actions.append(Action("x", "doen"))
    assert count_changes(old, new) == (2, 1)
    assert count_changes(None, new) == (3, 1)


# --------------------------------------------------------------------------- the file format


def test_conflicts_round_trip_in_a_stable_order(tmp_path) -> None:
    a = base_round(**{"m-a": ans(2, 3)})
    a.conflicts = [
        Conflict(
            item="m-a",
            side="theirs",
            who="Bram",
            recorded=at(40),
            score=1,
            votes={"Bo": 1, "An": 0},
            note="andere\nversie",
            discuss=True,
            updated=at(2),
        ),
        Conflict(section="een", side="ours", note="notitie"),
    ]
    text = serialise(a)
    block = text[text.index("[[conflicts]]") :]
    assert block.splitlines()[:6] == [
        "[[conflicts]]",
        'item = "m-a"',
        'side = "theirs"',
        'who = "Bram"',
        "recorded = 2026-06-01T10:40:00Z",
        "score = 1",
    ]
    assert block.index("An = 0") < block.index("Bo = 1")  # votes in participant order
    path = tmp_path / "r.toml"
    path.write_text(text, "utf-8")
    from selfcheck.core.content import load_library

    back, c = load_assessment(path, load_library([MINI.parent]))
    assert back is not None, c.problems
    assert back.conflicts == a.conflicts
    assert serialise(back) == text


@pytest.mark.parametrize(
    "entry, message",
    [
        ('item = "m-a"\nsection = "een"\nside = "ours"', "precies één"),
        ('side = "ours"', "precies één"),
        ('item = "m-a"\nside = "mine"', "'side'"),
        ('item = "m-a"', "'side' ontbreekt"),
        ('item = "m-a"\nside = "ours"\nscore = true', "score"),
        ('item = "m-a"\nside = "ours"\nwinner = 1', "onbekende sleutel 'winner'"),
    ],
)
def test_bad_conflicts_are_reported_with_their_line(tmp_path, entry, message) -> None:
    head = 'schema = 1\nquestionnaire = "mini"\nquestionnaire_version = "2.0"\norganisation = "X"\n\n'
    path = tmp_path / "bad.toml"
    path.write_text(head + "[[conflicts]]\n" + entry + "\n", "utf-8")
    a, c = load_assessment(path, None)
    assert a is None
    assert any(message in p.message for p in c.problems), c.problems
    assert all(p.line and p.line >= 6 for p in c.problems if p.severity == "error"), c.problems


def test_a_conflict_about_a_gone_item_is_a_warning(tmp_path) -> None:
    from selfcheck.core.content import load_library

    head = 'schema = 1\nquestionnaire = "mini"\nquestionnaire_version = "2.0"\norganisation = "X"\n\n'
    path = tmp_path / "ok.toml"
    path.write_text(head + '[[conflicts]]\nitem = "weg"\nside = "ours"\nscore = 1\n', "utf-8")
    a, c = load_assessment(path, load_library([MINI.parent]))
    assert a is not None and [p.severity for p in c.problems] == ["warning"]


# --------------------------------------------------------------------------- the driver


def _write(path: Path, a: Assessment) -> Path:
    path.write_text(serialise(a), "utf-8")
    return path


def driver_folder(tmp_path: Path, monkeypatch) -> Path:
    """git runs the driver at the repository's top, where the workspace's questionnaires are."""
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(MINI, tmp_path / "questionnaires" / "mini.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_merge_driver_writes_the_merge_into_ours(tmp_path, capsys, monkeypatch) -> None:
    driver_folder(tmp_path, monkeypatch)
    base = base_round(**{"m-a": ans(1, 1)})
    ours, theirs = copy(base), copy(base)
    ours.answers["m-a"] = ans(2, 3)
    theirs.answers["m-a"] = ans(3, 4)
    theirs.answers["m-b"] = ans(0, 4)
    o = _write(tmp_path / "o", ours)
    code = cli.main(
        [
            "merge-driver",
            str(_write(tmp_path / "b", base)),
            str(o),
            str(_write(tmp_path / "t", theirs)),
            "assessments/x.toml",
        ]
    )
    assert code == 0 and capsys.readouterr() == ("", "")
    merged = copy_from(o)
    assert {k: v.score for k, v in merged.answers.items()} == {"m-a": 3, "m-b": 0}
    assert [(c.item, c.side, c.score) for c in merged.conflicts] == [("m-a", "ours", 2)]


def copy_from(path: Path) -> Assessment:
    a, c = load_assessment(path, None)
    assert a is not None, c.problems
    return a


def test_merge_driver_refuses_when_a_side_cannot_be_read(tmp_path, capsys, monkeypatch) -> None:
    """Refused: git reports a conflict, and OURS stays our own version, which opens (conflict
    markers made a file nobody could open; issue 11.3). stderr says which file and why."""
    driver_folder(tmp_path, monkeypatch)
    base = base_round(**{"m-a": ans(1, 1)})
    ours = copy(base)
    ours.organisation = "Gemeente Ons"
    o = _write(tmp_path / "o", ours)
    t = tmp_path / "t"
    t.write_text(serialise(base).replace('organisation = "Gemeente A"', "organisation = [kapot"), "utf-8")
    before = o.read_bytes()
    code = cli.main(["merge-driver", str(_write(tmp_path / "b", base)), str(o), str(t), "assessments/x.toml"])
    assert code == 1
    assert o.read_bytes() == before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "assessments/x.toml" in err and "binnengekomen versie opent niet" in err


def test_hidden_merge_driver_is_not_in_the_help() -> None:
    proc = run_cli("--help")
    assert "sync" in proc.stdout and "benchmark" in proc.stdout and "merge-driver" not in proc.stdout


# --------------------------------------------------------------------------- sync between two clones


@pytest.fixture
def git_env(monkeypatch, tmp_path):
    """Git without the developer's settings; the clones get their own name and address."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def clone(root: Path, name: str, user: str) -> Path:
    git(root, "clone", "-q", "remote.git", name)
    git(root / name, "config", "user.name", user)
    git(root / name, "config", "user.email", f"{user.lower()}@example.org")
    return root / name


def edit(ws_root: Path, changes: dict[str, tuple[object, int]], note: str = "") -> Path:
    """Change answers of the workspace's one assessment, each with its own `updated` minute."""
    ws = Workspace(ws_root)
    path = ws.assessment_files()[0]
    a = ws.load(path)
    for item, (score, minute) in changes.items():
        a.answers[item] = Answer(score=score, note=note, updated=at(minute))
    ws.save(a)
    return path


def sync(ws_root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    proc = run_cli("--workspace", str(ws_root), "sync", *extra)
    assert "Traceback" not in proc.stderr
    return proc


def test_two_clones_sync_through_a_bare_repository(git_env) -> None:
    root = git_env
    git(root, "init", "-q", "--bare", "-b", "main", "remote.git")
    a = clone(root, "a", "Anna")
    (a / "questionnaires").mkdir()
    shutil.copy(MINI, a / "questionnaires" / "mini.toml")
    proc = run_cli(
        "--workspace",
        str(a),
        "new",
        "-q",
        "mini",
        "--org",
        "Gemeente A",
        "--date",
        "2026-05-01",
        "--participant",
        "An",
        "--participant",
        "Bo",
    )
    assert proc.returncode == 0, proc.stderr
    edit(a, {"m-a": (1, 1)})
    first = sync(a)
    assert first.returncode == 0, first.stderr
    assert "Verstuurd naar origin/main" in first.stdout
    assert (a / ".gitattributes").read_text("utf-8").splitlines() == [ATTRIBUTE_LINE]
    assert git(a, "config", "--get", "merge.selfcheck.driver").strip() == driver_command()
    subject, _, body = git(a, "log", "-1", "--format=%s%n%n%b").partition("\n\n")
    assert subject == "selfcheck: 1 antwoord gewijzigd in 1 zelfscan door Anna"
    assert "Gemeente A, mini, 2026-05-01 (gemeente-a_mini_2026-05-01.toml): nieuw, 1 antwoord" in body
    assert "questionnaires/mini.toml: nieuw" in body

    b = clone(root, "b", "Bram")
    nothing = sync(b)
    assert nothing.returncode == 0 and "Niets nieuws" in nothing.stdout

    # both sides: a conflicting item (m-a: Bram's is newer), and one item each that the other left alone
    edit(a, {"m-a": (0, 5), "m-b": (3, 5)}, note="van Anna")
    edit(b, {"m-a": (3, 7), "m-c": (2, 7)}, note="van Bram")
    assert sync(a, "--message", "Ronde bijgewerkt").returncode == 0
    assert git(a, "log", "-1", "--format=%s").strip() == "Ronde bijgewerkt"
    merged = sync(b)
    assert merged.returncode == 0, merged.stderr
    assert "m-a (niet gehouden: de versie van Anna)" in merged.stdout
    assert "Verstuurd" in merged.stdout
    back = sync(a)
    assert back.returncode == 0 and "Opgehaald" in back.stdout

    files = [sorted((x / "assessments").glob("*.toml")) for x in (a, b)]
    assert [len(f) for f in files] == [1, 1]
    assert files[0][0].read_bytes() == files[1][0].read_bytes()
    result = copy_from(files[0][0])
    got = {k: (v.score, v.note) for k, v in result.answers.items()}
    assert got == {"m-a": (3, "van Bram"), "m-b": (3, "van Anna"), "m-c": (2, "van Bram")}
    assert [(c.item, c.side, c.who, c.score, c.note) for c in result.conflicts] == [
        ("m-a", "theirs", "Anna", 0, "van Anna")
    ]
    for repo in (a, b, root / "remote.git"):
        fsck = subprocess.run(["git", "fsck", "--strict", "--no-progress"], cwd=repo, capture_output=True, text=True)
        assert fsck.returncode == 0 and fsck.stdout == "" and "error" not in fsck.stderr.lower(), fsck.stderr
    assert git(a, "status", "--porcelain") == "" and git(b, "status", "--porcelain") == ""
    assert (files[1][0].stat().st_mode & 0o777) == 0o600


def test_both_clones_start_before_their_first_sync_in_a_subfolder(git_env) -> None:
    """Two copies of an empty repository each create the same round (same file name) in a
    workspace one folder down: the histories are unrelated and the file is added on both sides;
    the driver merges it per item all the same."""
    root = git_env
    git(root, "init", "-q", "--bare", "-b", "main", "remote.git")
    workspaces = []
    for name, user in (("a", "Anna"), ("b", "Bram")):
        ws_root = clone(root, name, user) / "werkruimte"
        (ws_root / "questionnaires").mkdir(parents=True)
        shutil.copy(MINI, ws_root / "questionnaires" / "mini.toml")
        proc = run_cli("--workspace", str(ws_root), "new", "-q", "mini", "--org", "Gemeente A", "--date", "2026-05-01")
        assert proc.returncode == 0, proc.stderr
        workspaces.append(ws_root)
    a, b = workspaces
    edit(a, {"m-a": (1, 3)}, note="Anna")
    edit(b, {"m-a": (2, 4), "m-b": (0, 4)}, note="Bram")
    assert sync(a).returncode == 0
    proc = sync(b)
    assert proc.returncode == 0, proc.stderr
    assert sync(a).returncode == 0
    (file_a,), (file_b,) = [sorted((x / "assessments").glob("*.toml")) for x in (a, b)]
    assert file_a.read_bytes() == file_b.read_bytes()
    result = copy_from(file_a)
    assert {k: v.score for k, v in result.answers.items()} == {"m-a": 2, "m-b": 0}
    assert [(c.item, c.score, c.who) for c in result.conflicts] == [("m-a", 1, "Anna")]
    assert (root / "a" / "werkruimte" / ".gitattributes").is_file() and not (root / "a" / ".gitattributes").exists()


def test_sync_without_a_remote_commits_only_and_says_so(git_env, capsys, monkeypatch) -> None:
    ws_root = git_env / "alleen"
    git(git_env, "init", "-q", "-b", "main", "alleen")  # no user.name: the login name signs
    monkeypatch.setattr("getpass.getuser", lambda: "consultant")
    (ws_root / "questionnaires").mkdir()
    shutil.copy(MINI, ws_root / "questionnaires" / "mini.toml")
    ws = Workspace(ws_root)
    ws.save(assessment({"m-a": 2, "m-c": answer(1, note="x")}, qid="mini", version="2.0", org="Gemeente B"))
    code = cli.main(["--workspace", str(ws_root), "sync"])
    out = capsys.readouterr().out
    assert code == 0 and "Geen remote ingesteld" in out and "2 antwoorden" in out
    assert (
        git(ws_root, "log", "-1", "--format=%an|%s").strip()
        == "consultant|selfcheck: 2 antwoorden gewijzigd in 1 zelfscan door consultant"
    )
    # the cache, locks and trash are never shared
    tracked = git(ws_root, "ls-files").split()
    assert not any(x.startswith(".selfcheck") or x.endswith(".lock") for x in tracked)
    assert cli.main(["--workspace", str(ws_root), "sync"]) == 0
    assert "Niets nieuws" in capsys.readouterr().out
    # a round moved to the trash is deleted in the repository; the trash itself stays local
    ws.trash(ws.assessment_files()[0])
    assert cli.main(["--workspace", str(ws_root), "sync"]) == 0
    body = git(ws_root, "log", "-1", "--format=%s%n%b")
    assert body.startswith("selfcheck: 0 antwoorden gewijzigd in 1 zelfscan")
    assert "Gemeente B, mini, " in body and ": verwijderd" in body
    assert git(ws_root, "ls-files", "assessments") == "" and git(ws_root, "status", "--porcelain") == ""


def test_sync_leaves_other_staged_work_alone(git_env, capsys) -> None:
    ws_root = git_env / "ws"
    git(git_env, "init", "-q", "-b", "main", "ws")
    git(ws_root, "config", "user.name", "Anna")
    git(ws_root, "config", "user.email", "anna@example.org")
    (ws_root / "eigen.txt").write_text("van mij", "utf-8")
    git(ws_root, "add", "eigen.txt")
    ws = Workspace(ws_root)
    ws.save(assessment({"i": 1}, qid="inwoners-betrekken", org="Gemeente C"))
    assert cli.main(["--workspace", str(ws_root), "sync"]) == 0
    assert "eigen.txt" not in git(ws_root, "show", "--name-only", "--format=", "HEAD")
    assert git(ws_root, "status", "--porcelain").strip() == "A  eigen.txt"


def test_sync_refuses_outside_a_repository_and_while_an_assessment_is_open(git_env, capsys) -> None:
    ws_root = git_env / "los"
    ws = Workspace(ws_root)
    path = ws.save(assessment({}, qid="inwoners-betrekken", org="Gemeente D"))
    assert cli.main(["--workspace", str(ws_root), "sync"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "geen git-repository" in err
    git(ws_root, "init", "-q", "-b", "main")
    lock = Lock.for_file(path)
    lock.acquire()
    try:
        assert cli.main(["--workspace", str(ws_root), "sync"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is open in selfcheck" in err
    finally:
        lock.release()


# --------------------------------------------------------------------------- properties

_items = ["m-a", "m-b", "m-c"]
_answers = st.builds(
    Answer,
    score=st.sampled_from([None, 0, 1, 2, 3, NA, "weet-niet"]),
    votes=st.dictionaries(st.sampled_from(["An", "Bo"]), st.sampled_from([0, 1, 2, 3]), max_size=2),
    note=st.sampled_from(["", "a", "b"]),
    discuss=st.booleans(),
    updated=st.sampled_from([None, at(1), at(2), at(3)]),
)
_rounds = st.dictionaries(st.sampled_from(_items), _answers, max_size=3)
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=20)


@settings(max_examples=150, deadline=None)
@given(_rounds, _rounds, _rounds)
def test_merge_is_the_same_from_either_copy_and_keeps_one_sided_changes(b, o, t) -> None:
    base, ours, theirs = base_round(**b), base_round(**o), base_round(**t)
    m1 = merge_assessments(base, ours, theirs)
    m2 = merge_assessments(base, theirs, ours)
    assert m1.answers == m2.answers
    assert sorted((c.item, repr(c.score), c.note) for c in m1.conflicts) == sorted(
        (c.item, repr(c.score), c.note) for c in m2.conflicts
    )
    for item in _items:
        bo, oo, tt = b.get(item), o.get(item), t.get(item)
        if oo == bo and tt != bo:
            assert m1.answers.get(item) == (tt if tt is not None and not tt.is_empty() else None)
        if tt == bo and oo != bo:
            assert m1.answers.get(item) == (oo if oo is not None and not oo.is_empty() else None)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.builds(
            Conflict,
            item=st.sampled_from(_items),
            side=st.sampled_from(["ours", "theirs"]),
            who=_text,
            recorded=st.sampled_from([None, at(4)]),
            score=st.sampled_from([None, 0, 3, NA]),
            votes=st.dictionaries(
                st.sampled_from(["An", "Bo", "Zed"]), st.sampled_from([0, 2, "weet-niet"]), max_size=3
            ),
            note=_text,
            discuss=st.booleans(),
            updated=st.sampled_from([None, at(5)]),
        ),
        max_size=4,
    )
)
def test_any_conflicts_save_and_load_back_equal(conflicts) -> None:
    a = base_round(**{"m-a": ans(1, 1)})
    a.conflicts = conflicts
    assert copy(a).conflicts == conflicts
