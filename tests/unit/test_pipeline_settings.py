"""`PipelineSettings`: each field defaults from its environment variable, a configured value wins, and a bad
value is a clear error instead of a silent default."""

from __future__ import annotations

import pytest

from hirehound.skills.pipeline import esco_csv_path
from resources.settings import PipelineSettings


def test_fields_default_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIREHOUND_DEDUP_LOOKBACK_DAYS", raising=False)
    monkeypatch.delenv("HIREHOUND_QUALITY_FLOOR", raising=False)
    defaults = PipelineSettings()
    assert (defaults.dedup_lookback_days, defaults.quality_floor) == (60, 40)
    monkeypatch.setenv("HIREHOUND_DEDUP_LOOKBACK_DAYS", "14")
    monkeypatch.setenv("HIREHOUND_QUALITY_FLOOR", " 55 ")
    monkeypatch.setenv("HIREHOUND_ESCO_CSV", "/data/esco.csv")
    settings = PipelineSettings()
    assert settings.dedup().lookback_days == 14 and settings.floor() == 55
    assert settings.esco_source() == "/data/esco.csv"


def test_a_configured_value_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_DEDUP_LOOKBACK_DAYS", "14")
    assert PipelineSettings(dedup_lookback_days=3).dedup().lookback_days == 3


def test_bad_values_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREHOUND_QUALITY_FLOOR", "forty")
    with pytest.raises(ValueError, match="HIREHOUND_QUALITY_FLOOR must be a whole number"):
        PipelineSettings()
    with pytest.raises(ValueError, match="quality_floor must be between 0 and 100"):
        PipelineSettings(quality_floor=140).floor()
    with pytest.raises(ValueError, match="dedup_lookback_days must not be negative"):
        PipelineSettings(dedup_lookback_days=-1, quality_floor=40).dedup()


def test_esco_can_be_turned_off() -> None:
    assert esco_csv_path("none") is None and esco_csv_path(" OFF ") is None
    assert esco_csv_path(" /x/skills.csv ") == "/x/skills.csv"
