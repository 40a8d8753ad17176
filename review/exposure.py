"""Exposure budgets: how much graphic material a reviewer may see per day and per stretch.

Minutes are severity-weighted: a minute of tier-3 material counts 1.5, tier 2 counts 1, and tier 1
(non-graphic) nothing. A stretch is continuous work; a gap of `break_minutes` with no exposure
ends it. Defaults follow the design brief: ≤ 4 h a day (YouTube's published limit) and ≤ 2 h
without a break (Victorian government guidance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

DEFAULT_WEIGHTS = {1: 0.0, 2: 1.0, 3: 1.5}
GRAPHIC_TIER = 2
# How far back `status` needs entries: the longest local day and the stretch running into it.
EXPOSURE_LOOKBACK = dt.timedelta(hours=36)


class InvalidExposureRules(ValueError):
    """Budgets or weights that cannot work (non-positive limits, unknown tiers)."""


@dataclass(frozen=True)
class ExposureRules:
    """Budgets in weighted minutes; managers may change them."""

    daily_minutes: float = 240.0
    stretch_minutes: float = 120.0
    break_minutes: float = 15.0
    weights: dict[int, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:
        if self.daily_minutes <= 0 or self.stretch_minutes <= 0 or self.break_minutes <= 0:
            raise InvalidExposureRules("budgets and the break length must be positive")
        if self.stretch_minutes > self.daily_minutes:
            raise InvalidExposureRules("a stretch cannot be longer than the daily budget")
        if set(self.weights) != set(DEFAULT_WEIGHTS) or min(self.weights.values()) < 0:
            raise InvalidExposureRules("give a non-negative weight for tiers 1, 2 and 3")

    def weighted_minutes(self, severity_tier: int, seconds: float) -> float:
        """The exposure that `seconds` of material of this tier adds."""
        if severity_tier not in self.weights:
            raise InvalidExposureRules(f"unknown severity tier {severity_tier}")
        if seconds < 0:
            raise InvalidExposureRules("seconds cannot be negative")
        return self.weights[severity_tier] * seconds / 60.0


def is_graphic(severity_tier: int) -> bool:
    """Graphic material is what exposure budgets limit."""
    return severity_tier >= GRAPHIC_TIER


@dataclass(frozen=True)
class Exposure:
    """One piece of exposure: when it started, how long, and its weighted minutes."""

    started_at: dt.datetime
    seconds: float
    weighted_minutes: float

    @property
    def ended_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class ExposureStatus:
    """Where a reviewer stands against the budgets at one moment."""

    day_minutes: float
    stretch_minutes: float
    daily_limit: float
    stretch_limit: float
    graphic_allowed: bool
    break_due: bool
    reasons: tuple[str, ...]


def local_day_start(now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Midnight of `now`'s day in the agency's time zone, as UTC."""
    local = now.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


def stretch_minutes(entries: Iterable[Exposure], now: dt.datetime, break_minutes: float) -> float:
    """Weighted minutes since the last break (a gap of at least `break_minutes`)."""
    gap = dt.timedelta(minutes=break_minutes)
    total = 0.0
    last_end: dt.datetime | None = None
    for entry in sorted(entries, key=lambda entry: entry.started_at):
        if entry.weighted_minutes <= 0:
            continue
        if last_end is not None and entry.started_at - last_end >= gap:
            total = 0.0
        total += entry.weighted_minutes
        last_end = entry.ended_at if last_end is None else max(last_end, entry.ended_at)
    if last_end is None or now - last_end >= gap:
        return 0.0
    return total


def status(
    entries: Iterable[Exposure], now: dt.datetime, rules: ExposureRules, zone: ZoneInfo
) -> ExposureStatus:
    """The reviewer's status at `now` from their exposure entries since the start of the
    stretch before today (`EXPOSURE_LOOKBACK`)."""
    entries = list(entries)
    day_start = local_day_start(now, zone)
    day = sum(entry.weighted_minutes for entry in entries if entry.started_at >= day_start)
    # The stretch runs across midnight: two hours from 23:00 on a night shift are two hours.
    stretch = stretch_minutes(entries, now, rules.break_minutes)
    reasons = []
    if day >= rules.daily_minutes:
        reasons.append("exposure.daily_spent")
    if stretch >= rules.stretch_minutes:
        reasons.append("exposure.break_due")
    return ExposureStatus(
        day_minutes=day,
        stretch_minutes=stretch,
        daily_limit=rules.daily_minutes,
        stretch_limit=rules.stretch_minutes,
        graphic_allowed=not reasons,
        break_due=bool(reasons),
        reasons=tuple(reasons),
    )
