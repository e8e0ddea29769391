"""Issue 11.3: the merge driver, driven with arbitrary (valid, invalid and hostile) versions of
one assessment against a base, never leaves a file the app cannot open and never loses a change
made on one side only.

The driver runs in-process (`merge_files`, what `selfcheck merge-driver %O %A %B %P` calls), in
a folder laid out as git gives it: the repository's top with questionnaires/ (the workspace's
own content, here the `mini` questionnaire) and the path assessments/x.toml.
SELFCHECK_FUZZ_EXAMPLES=2000 runs it longer (default 60, about 15 s).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from helpers import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.core.assessment import serialise
from selfcheck.core.content import load_library
from selfcheck.core.model import NA, UNKNOWN, Answer, Assessment
from selfcheck.core.sync import merge_files, validate_bytes

ITEMS = ("m-a", "m-b", "m-c")
PATH = "assessments/x.toml"
PEOPLE = ("An", "Bo")


def at(minute: int) -> datetime:
    return datetime(2026, 6, 1, 10, minute, tzinfo=UTC)


hostile_text = st.lists(
    st.sampled_from(
        [
            "a",
            "é",
            " ",
            "\n",
            "\t",
            '"',
            "'",
            "\\",
            "[",
            "]",
            "=",
            "#",
            '"""',
            "\x1b]0;x\x07",
            "\x1b[2J",
            "\u202e",
            "\x00",
            "\r",
            "\U0001f600",
            "[answers.m-a]",
        ]
    ),
    max_size=12,
).map("".join)

answers = st.builds(
    Answer,
    score=st.sampled_from([None, 0, 1, 2, 3, NA, UNKNOWN]),
    votes=st.dictionaries(st.sampled_from(PEOPLE), st.sampled_from([0, 1, 2, 3, NA]), max_size=2),
    note=hostile_text,
    discuss=st.booleans(),
    updated=st.sampled_from([None, at(1), at(2), at(3)]),
)


@st.composite
def rounds(draw: st.DrawFn) -> Assessment:
    a = Assessment(
        questionnaire="mini",
        questionnaire_version="2.0",
        organisation=draw(hostile_text) or "Org",
        voting="open",
        participants=list(PEOPLE),
    )
    a.answers = {
        k: v for k, v in draw(st.dictionaries(st.sampled_from(ITEMS), answers, max_size=3)).items() if not v.is_empty()
    }
    a.section_notes = draw(st.dictionaries(st.sampled_from(["een", "twee"]), hostile_text.filter(bool), max_size=2))
    a.created = at(0)
    a.updated = draw(st.sampled_from([at(0), at(4), at(5)]))
    return a


def _text(a: Assessment) -> bytes:
    return serialise(a).encode("utf-8")


def _broken(raw: bytes, how: str) -> bytes:
    """A hostile or broken version of a valid file."""
    if how == "truncated":
        return raw[: len(raw) // 2]
    if how == "unknown item":
        return raw + b"\n[answers.m-zzz]\nscore = 2\n"
    if how == "off the scale":
        return (
            raw + b"\n[answers.m-b]\nscore = 9\n"
            if b"[answers.m-b]" not in raw
            else raw.replace(b"[answers.m-b]", b"[answers.m-b]\nscore = 9", 1)
        )
    if how == "duplicate key":
        return raw.replace(b"organisation = ", b'organisation = "dubbel"\norganisation = ', 1)
    if how == "other questionnaire":
        return raw.replace(b'questionnaire = "mini"', b'questionnaire = "inwoners-betrekken"', 1)
    if how == "unknown voter":  # Bo leaves the list (broken only when Bo voted)
        return raw.replace(b'participants = ["An", "Bo"]', b'participants = ["An"]', 1)
    if how == "utf-16":
        return "\ufeff".encode("utf-16-le") + raw.decode("utf-8").encode("utf-16-le")
    if how == "empty":
        return b""
    if how == "garbage":
        return b"\x00\xff\xfe[[[ = \n"
    raise AssertionError(how)


BROKEN = (
    "truncated",
    "unknown item",
    "off the scale",
    "duplicate key",
    "other questionnaire",
    "unknown voter",
    "utf-16",
    "empty",
    "garbage",
)
side = st.one_of(
    rounds().map(lambda a: ("valid", a, _text(a))),
    st.tuples(rounds(), st.sampled_from(BROKEN)).map(lambda x: (x[1], x[0], _broken(_text(x[0]), x[1]))),
)


def _fields(a: Answer | None) -> dict[str, object]:
    """An answer field by field (what the merge works on); absent fields are left out."""
    if a is None:
        return {}
    out: dict[str, object] = {f"vote {k}": repr(v) for k, v in a.votes.items()}
    if a.score is not None:
        out["score"] = repr(a.score)
    if a.note:
        out["note"] = a.note
    if a.discuss:
        out["discuss"] = True
    return out


FOLDER = Path(tempfile.mkdtemp(prefix="merge-fuzz-"))
(FOLDER / "questionnaires").mkdir()
(FOLDER / "assessments").mkdir()
shutil.copy(MINI, FOLDER / "questionnaires" / "mini.toml")
LIBRARY = load_library([FOLDER / "questionnaires"])


@settings(
    max_examples=int(os.environ.get("SELFCHECK_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(base=side, ours=side, theirs=side, base_is_ours=st.booleans(), base_is_theirs=st.booleans())
def test_the_driver_never_writes_an_unopenable_file_nor_loses_a_one_sided_change(
    base, ours, theirs, base_is_ours: bool, base_is_theirs: bool
) -> None:
    # often one side is the base itself (only the other changed): the case git merges most
    if base_is_ours:
        ours = base
    elif base_is_theirs:
        theirs = base
    files = {}
    for name, (_, _, raw) in (("base", base), ("ours", ours), ("theirs", theirs)):
        files[name] = FOLDER / f".merge_file_{name}"
        files[name].write_bytes(raw)
    before = ours[2]
    code = merge_files(files["base"], files["ours"], files["theirs"], PATH, cwd=FOLDER)
    after = files["ours"].read_bytes()
    merged, why = validate_bytes(after, PATH, LIBRARY)
    o = validate_bytes(ours[2], PATH, LIBRARY)[0]
    th = validate_bytes(theirs[2], PATH, LIBRARY)[0]
    if code != 0:
        assert after == before  # refused: our own version stays exactly as it was
        assert not (o is not None and th is not None and o.questionnaire == th.questionnaire), (
            "two good versions must merge"
        )
        return
    # merged: the result opens, and only good versions were merged
    assert merged is not None, why
    assert o is not None and th is not None
    b = validate_bytes(base[2], PATH, LIBRARY)[0]
    if b is None or b.questionnaire != o.questionnaire:
        return  # no usable ancestor: every difference counts as a change on both sides
    for item in ITEMS:
        fb, fo, ft, fm = (_fields(x.answers.get(item)) for x in (b, o, th, merged))
        for key in set(fb) | set(fo) | set(ft):
            bv, ov, tv, mv = fb.get(key), fo.get(key), ft.get(key), fm.get(key)
            if ov == bv and tv != bv:
                assert mv == tv, (item, key, "their one-sided change lost")
            elif tv == bv and ov != bv:
                assert mv == ov, (item, key, "our one-sided change lost")
            elif ov != tv:  # both changed it differently: one kept, the other recorded for review
                assert mv in (ov, tv), (item, key)
                assert any(c.item == item for c in merged.conflicts), (item, key, "the other version not recorded")
    for sid in ("een", "twee"):
        bo_, oo_, tt_ = (x.section_notes.get(sid, "") for x in (b, o, th))
        if oo_ == bo_ and tt_ != bo_:
            assert merged.section_notes.get(sid, "") == tt_, (sid, "their note lost")
        if tt_ == bo_ and oo_ != bo_:
            assert merged.section_notes.get(sid, "") == oo_, (sid, "our note lost")
