"""Fuzzing every loader: hypothesis-made documents shaped like ours, mutated copies of real
files, and random bytes. Nothing escapes but SelfcheckError or a list of problems with a
message (see fuzzing.py for the rules). Longer runs: benchmarks/bench_fuzz.py."""

from __future__ import annotations

from collections.abc import Iterator

import fuzzing
import pytest
import tally
from hypothesis import HealthCheck, given, settings

SETTINGS = settings(
    max_examples=900, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def harness() -> Iterator[fuzzing.Harness]:
    h = fuzzing.Harness()
    yield h
    h.close()


def _feed(h: fuzzing.Harness, raw: bytes, source: str) -> None:
    try:
        h.feed(raw, source)
    except fuzzing.Escaped as exc:
        pytest.fail(str(exc))


@SETTINGS
@given(raw=fuzzing.shaped_documents())
def test_documents_shaped_like_ours(harness: fuzzing.Harness, raw: bytes) -> None:
    _feed(harness, raw, "shaped documents")


@SETTINGS
@given(raw=fuzzing.mutated_real_files())
def test_mutated_real_files(harness: fuzzing.Harness, raw: bytes) -> None:
    _feed(harness, raw, "mutated real files")


@settings(SETTINGS, max_examples=400)
@given(raw=fuzzing.random_bytes())
def test_random_bytes(harness: fuzzing.Harness, raw: bytes) -> None:
    _feed(harness, raw, "random bytes")


def test_the_real_files_themselves(harness: fuzzing.Harness) -> None:
    for path in fuzzing.real_files():
        _feed(harness, path.read_bytes(), "real files")


def test_zz_fuzz_report(harness: fuzzing.Harness) -> None:
    assert harness.counts.cases >= 1000
    tally.report("fuzz", harness.counts.line())
