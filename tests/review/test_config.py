"""Stored review settings become the configuration in force, or are refused."""

from __future__ import annotations

import pytest

from review.config import apply_settings
from review.errors import SettingRejected
from review.exposure import ExposureRules


def test_stored_exposure_budgets_replace_the_defaults_and_keep_the_weights() -> None:
    config = apply_settings({"exposure.daily_minutes": 200, "exposure.break_minutes": "20"})

    assert config.exposure.daily_minutes == 200.0
    assert config.exposure.break_minutes == 20.0
    assert config.exposure.stretch_minutes == ExposureRules().stretch_minutes
    assert config.exposure.weights == ExposureRules().weights


def test_a_stretch_longer_than_the_stored_daily_budget_is_refused() -> None:
    with pytest.raises(SettingRejected):
        apply_settings({"exposure.daily_minutes": 60, "exposure.stretch_minutes": 90})
