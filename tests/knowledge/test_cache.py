"""The knowledge base's start-up cache (JSON): used when fresh, ignored when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from backrub.knowledge import loader


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKRUB_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_first_load_writes_the_cache_and_the_second_reads_it(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = loader.load.__wrapped__()
    written = list(cache_dir.glob("knowledge-*.json"))
    assert len(written) == 1

    def parse_again(folder: Path) -> loader.KnowledgeBase:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(loader, "load_from", parse_again)
    assert loader.load.__wrapped__() == first


def test_a_corrupt_cache_falls_back_to_parsing(cache_dir: Path) -> None:
    expected = loader.load.__wrapped__()
    (cached,) = cache_dir.glob("knowledge-*.json")
    cached.write_bytes(b"not json")
    assert loader.load.__wrapped__() == expected
    assert cached.read_bytes() != b"not json"  # and mends it


def test_a_cache_of_another_shape_falls_back_to_parsing(cache_dir: Path) -> None:
    """A cache written by an older model (a field since removed) is read as stale."""
    expected = loader.load.__wrapped__()
    (cached,) = cache_dir.glob("knowledge-*.json")
    cached.write_text(cached.read_text().replace('"sources":', '"citations":', 1))
    assert loader.load.__wrapped__() == expected


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("BACKRUB_CACHE_DIR", str(blocker / "cache"))
    assert loader.load.__wrapped__().techniques
