"""Review settings managers and admins change at run time, stored in `review_settings`.

Every change is written to the audit chain. Values absent from the table take the defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from review.errors import SettingRejected
from review.exposure import ExposureRules, InvalidExposureRules
from review.models import ReviewSetting
from review.taxonomy import DecisionRejected, Taxonomy
from vigil import audit
from vigil.access import Actor, require_role
from vigil.db import Database, utcnow
from vigil.roles import Role


@dataclass(frozen=True)
class ReviewConfig:
    """The settings the queue, decisions and purge read."""

    lease_minutes: float = 10.0
    undo_grace_seconds: float = 120.0
    reveal_seconds: float = 30.0  # exposure charged for one reveal before screen time is known
    retention_days: int = 90
    exposure: ExposureRules = field(default_factory=ExposureRules)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)


# Setting key → roles allowed to change it. Budgets belong to managers; the rest to admins.
SETTING_OWNERS: dict[str, frozenset[Role]] = {
    "lease_minutes": frozenset({Role.ADMIN}),
    "undo_grace_seconds": frozenset({Role.ADMIN}),
    "reveal_seconds": frozenset({Role.ADMIN, Role.MANAGER}),
    "retention_days": frozenset({Role.ADMIN}),
    "exposure.daily_minutes": frozenset({Role.MANAGER, Role.ADMIN}),
    "exposure.stretch_minutes": frozenset({Role.MANAGER, Role.ADMIN}),
    "exposure.break_minutes": frozenset({Role.MANAGER, Role.ADMIN}),
    "taxonomy.second_review": frozenset({Role.ADMIN}),
}


def apply_settings(stored: dict[str, Any]) -> ReviewConfig:
    """The configuration that the stored values give, or `SettingRejected`."""
    config = ReviewConfig()
    try:
        scalars = {
            key: type(getattr(config, key))(value)
            for key, value in stored.items()
            if key in ("lease_minutes", "undo_grace_seconds", "reveal_seconds", "retention_days")
        }
        for key, value in scalars.items():
            if value <= 0:
                raise SettingRejected("setting.not_positive", key=key)
        default = config.exposure
        exposure = replace(
            default,
            daily_minutes=float(stored.get("exposure.daily_minutes", default.daily_minutes)),
            stretch_minutes=float(stored.get("exposure.stretch_minutes", default.stretch_minutes)),
            break_minutes=float(stored.get("exposure.break_minutes", default.break_minutes)),
        )
        taxonomy = config.taxonomy
        if "taxonomy.second_review" in stored:
            taxonomy = Taxonomy.from_overrides({"second_review": stored["taxonomy.second_review"]})
    except (InvalidExposureRules, DecisionRejected, TypeError, ValueError) as error:
        raise SettingRejected("setting.invalid", detail=str(error)) from None
    return replace(config, **scalars, exposure=exposure, taxonomy=taxonomy)


def load_config(executor: Session | Connection) -> ReviewConfig:
    """The configuration in force."""
    rows = executor.execute(select(ReviewSetting.key, ReviewSetting.value))
    stored = {key: value for key, value in rows}
    return apply_settings(stored)


def change_setting(
    database: Database, actor: Actor, key: str, value: Any, now: dt.datetime | None = None
) -> ReviewConfig:
    """Change one setting (validated against all others), audited; returns the new config."""
    if key not in SETTING_OWNERS:
        raise SettingRejected("setting.unknown", key=key)
    require_role(actor, *SETTING_OWNERS[key])
    now = now or utcnow()
    with database.begin() as session:
        stored = {row.key: row.value for row in session.scalars(select(ReviewSetting))}
        stored[key] = value
        config = apply_settings(stored)
        store_setting(session, actor, key, value, now)
    return config


def store_setting(session: Session, actor: Actor, key: str, value: Any, now: dt.datetime) -> None:
    """Write one setting already checked by the caller, with its audited settings change."""
    row = session.get(ReviewSetting, key)
    old = None if row is None else row.value
    if row is None:
        session.add(
            ReviewSetting(key=key, value=value, updated_at=now, updated_by_id=actor.person_id)
        )
    else:
        row.value, row.updated_at, row.updated_by_id = value, now, actor.person_id
    audit.record(
        session,
        actor=audit.actor_name(actor.person_id),
        action="settings_change",
        subject=f"setting:{key}",
        details={"key": key, "old": old, "new": value},
        at=now,
    )
