"""The validated package on disk: a hit skips validation, any change to what was validated
misses, and a cache that cannot be used only costs time."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import DataError, load_indicators
from analysis.base import cache
from analysis.contract import package
from tests.conftest import UNKNOWN_DISTRICT


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder, and a counter of real validations."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    monkeypatch.setattr(cache, "DISABLED", set())
    package._package.cache_clear()
    calls: list[Path] = []
    real = package.validate_package

    def counting(data_dir: Path) -> package.Package:
        calls.append(data_dir)
        return real(data_dir)

    monkeypatch.setattr(package, "validate_package", counting)
    monkeypatch.setattr(cache, "_calls", calls, raising=False)
    yield folder
    package._package.cache_clear()


def _validations() -> int:
    return len(cache._calls)  # type: ignore[attr-defined]


def test_a_second_process_reads_the_validated_package_from_disk(
    cached: Path, data_copy: Path
) -> None:
    first = load_indicators(data_copy)
    assert _validations() == 1 and len(list(cached.glob("validated/*.pickle"))) == 1
    package._package.cache_clear()  # as a new kernel would start
    again = load_indicators(data_copy)
    assert _validations() == 1, "the second load came from the disk cache"
    assert first.equals(again)


@pytest.mark.sweep
def test_an_edit_to_data_or_seed_misses_the_cache(cached: Path, data_copy: Path) -> None:
    load_indicators(data_copy)
    path = data_copy / "units.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    package._package.cache_clear()
    load_indicators(data_copy)
    assert _validations() == 2
    seed = next((data_copy.parent / "seeds").iterdir())
    seed.write_bytes(seed.read_bytes() + b" ")
    package._package.cache_clear()
    with pytest.raises(DataError, match="not the recorded one"):
        load_indicators(data_copy)
    assert _validations() == 3, "an edited seed is validated again, and refused"


def test_a_change_to_the_code_misses_the_cache(
    cached: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_indicators(data_copy)
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of the checks")
    package._package.cache_clear()
    load_indicators(data_copy)
    assert _validations() == 2


def test_a_package_that_fails_is_not_stored(cached: Path, data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    path.write_bytes(path.read_bytes().replace(b"yangpu", UNKNOWN_DISTRICT.encode(), 1))
    with pytest.raises(DataError):
        load_indicators(data_copy)
    assert not list(cached.glob("validated/*.pickle"))


@pytest.mark.sweep
def test_a_broken_or_unwritable_cache_only_costs_time(
    cached: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_indicators(data_copy)
    [entry] = cached.glob("validated/*.pickle")
    entry.write_bytes(b"not a pickle")
    package._package.cache_clear()
    load_indicators(data_copy)
    assert _validations() == 2, "a damaged entry is validated again and replaced"
    package._package.cache_clear()
    load_indicators(data_copy)
    assert _validations() == 2
    blocker = cached.parent / "a file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    package._package.cache_clear()
    load_indicators(data_copy)
    assert _validations() == 3, "no cache folder can be made: validated, nothing raised"


@pytest.mark.sweep
def test_off_turns_the_cache_off(cached: Path, data_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    load_indicators(data_copy)
    package._package.cache_clear()
    load_indicators(data_copy)
    assert _validations() == 2 and not cached.exists()


@pytest.mark.sweep
def test_a_font_subset_is_cut_once_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.report import fonts

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cuts: list[str] = []
    real = fonts._cut
    monkeypatch.setattr(fonts, "_cut", lambda chars: cuts.append(chars) or real(chars))
    fonts.woff_subset.cache_clear()
    first = fonts.woff_subset("杨浦区 ab")
    fonts.woff_subset.cache_clear()
    assert fonts.woff_subset("杨浦区 ab") == first and cuts == ["杨浦区 ab"]
    assert len(list((tmp_path / "fonts").glob("*.woff"))) == 1
    monkeypatch.setattr(cache, "DISABLED", {"fonts"})
    assert cache.cache_dir("fonts") is None and cache.cache_dir("validated") is not None
    fonts.woff_subset.cache_clear()
