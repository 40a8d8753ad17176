"""The reviewer workspace's services: blur presets, shown pictures and reveals, the case header,
breaks, a reviewer's own record, and the takedowns desk."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import os

import numpy as np
import pytest
from PIL import Image

from review.decisions import decide
from review.errors import BreakDue, TakedownChangeRejected
from review.intake import MediaServices, ReportInput, submit_report
from review.matching.pdq import hash_image
from review.matching_link import MatchIndex
from review.media.crypto import KeyRing
from review.media.derivatives import DerivativeSettings, fit_review_size
from review.media.reveal import InvalidRevealRegion, RevealRegion
from review.media.store import InMemoryStore
from review.media.synthetic import draw_scene, encode
from review.models import BankHash, ExposureEntry, HashBank, TakedownEvent, TakedownRequest
from review.models import TakedownStatus as S
from review.my_work import decisions_of, exposure_history, reveal_stats
from review.queue import claim_next
from review.takedown_desk import TakedownFilter, bulk_update, export_csv, recheck, takedown_table
from review.viewing import derivative_bytes
from review.workspace import (
    MAX_BLUR,
    MAX_PERSONAL_ADJUSTMENT,
    BlurRejected,
    blur_settings,
    blur_strength,
    break_status,
    case_header,
    claim_with_roster,
    harm_type,
    reveal_shown,
    set_blur_adjustment,
    set_blur_preset,
    shown_image,
)
from tests.pixels import detail
from tests.review.conftest import T0, spend_graphic_minutes
from vigil.access import AccessDenied
from vigil.audit import AuditEvent

DEEPFAKE = {
    "category": "deepfake_sexual",
    "actions": ["deletion_request"],
    "policy": "Art. 44-7(1)",
    "reason": "synthetic face",
}


@pytest.fixture
def media() -> MediaServices:
    key = base64.b64encode(os.urandom(32)).decode()
    return MediaServices(KeyRing.from_settings("k1", {"k1": key}), InMemoryStore())


def _submit(
    database, media, scene_seed=7, *, source="hotline", urls=("https://t.me/c/1",), **facts
):  # type: ignore[no-untyped-def]
    report = ReportInput(
        source=source,
        received_at=T0,
        urls=urls,
        files=(encode(draw_scene(scene_seed)),),
        **facts,
    )
    return submit_report(database, None, report, media=media, index=MatchIndex(), now=T0)


def _detail(jpeg: bytes, reduce: int = 1) -> float:
    """Laplacian variance (detail energy), optionally at a coarser scale past the JPEG noise."""
    image = Image.open(io.BytesIO(jpeg)).convert("L").reduce(reduce)
    return detail(np.asarray(image, dtype=np.float64))


def _grey(jpeg: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("L"), dtype=np.float64)


# Blur presets -------------------------------------------------------------------------------


def test_harm_type_puts_suspected_minors_first_then_severity():
    assert harm_type(1, True) == "minors"
    assert harm_type(3, False) == "severe"
    assert harm_type(2, False) == "graphic"
    assert harm_type(1, False) == "non_graphic"


def test_the_shown_strength_never_drops_below_the_intake_blur_or_rises_above_the_cap():
    assert blur_strength(0.03, -0.02) == DerivativeSettings().blur_strength
    assert blur_strength(0.11, 0.02) == MAX_BLUR
    assert blur_strength(0.04, 0.01) == pytest.approx(0.05)


def test_a_manager_sets_a_preset_up_to_the_cap_and_not_beyond(database, manager, reviewer):
    set_blur_preset(database, manager, "minors", MAX_BLUR, now=T0)
    assert blur_settings(database, reviewer).presets["minors"] == MAX_BLUR
    with pytest.raises(BlurRejected):
        set_blur_preset(database, manager, "minors", MAX_BLUR + 0.001, now=T0)
    with pytest.raises(BlurRejected):
        set_blur_preset(database, manager, "minors", 0.02, now=T0)
    with pytest.raises(BlurRejected):
        set_blur_preset(database, manager, "kittens", 0.05, now=T0)


def test_a_reviewer_may_not_set_presets_but_may_adjust_their_own_within_the_limit(
    database, reviewer, other_reviewer
):
    with pytest.raises(AccessDenied):
        set_blur_preset(database, reviewer, "graphic", 0.05)
    set_blur_adjustment(database, reviewer, -MAX_PERSONAL_ADJUSTMENT, now=T0)
    with pytest.raises(BlurRejected):
        set_blur_adjustment(database, reviewer, MAX_PERSONAL_ADJUSTMENT + 0.001, now=T0)
    assert blur_settings(database, reviewer).adjustment == -MAX_PERSONAL_ADJUSTMENT
    assert blur_settings(database, other_reviewer).adjustment == 0.0


def test_every_preset_change_is_in_the_audit_chain(database, manager):
    set_blur_preset(database, manager, "severe", 0.07, now=T0)
    with database.begin() as session:
        event = session.query(AuditEvent).filter_by(subject="setting:blur_preset.severe").one()
        assert event.details["new"] == 0.07


# Shown pictures and reveals -----------------------------------------------------------------


def test_a_stronger_preset_sends_a_blurrier_picture_and_the_intake_strength_sends_the_stored_one(
    database, reviewer, media
):
    _submit(database, media)
    claim = claim_next(database, reviewer, now=T0)
    item = case_header(database, reviewer, claim.case_id, now=T0).view.items[0]
    args = dict(store=media.store, keyring=media.keyring, now=T0)
    stored = derivative_bytes(database, reviewer, claim.case_id, item.id, "blurred", **args)

    same = shown_image(
        database, reviewer, claim.case_id, item.id, greyscale=False, strength=0.025, **args
    )
    strong = shown_image(
        database, reviewer, claim.case_id, item.id, greyscale=False, strength=0.06, **args
    )

    assert same == stored
    assert _detail(strong, reduce=8) < 0.5 * _detail(stored, reduce=8)


def _held_graphic_item(database, reviewer, media):  # type: ignore[no-untyped-def]
    """A tier-3 report submitted and claimed at T0: the claim and its first item."""
    _submit(database, media, severity_tier=3)
    claim = claim_next(database, reviewer, now=T0)
    return claim, case_header(database, reviewer, claim.case_id, now=T0).view.items[0]


def test_a_reveal_sends_only_the_region_sharp_and_its_box_as_blurred_as_shown_around_it(
    database, reviewer, media
):
    claim, item = _held_graphic_item(database, reviewer, media)
    args = dict(greyscale=True, strength=0.05, store=media.store, keyring=media.keyring, now=T0)
    shown = shown_image(database, reviewer, claim.case_id, item.id, **args)
    region = RevealRegion.rect(100, 80, 160, 120)

    revealed = reveal_shown(database, reviewer, claim.case_id, item.id, region, **args).image
    circle = RevealRegion.circle(300, 200, 60)
    round_one = reveal_shown(database, reviewer, claim.case_id, item.id, circle, **args).image

    sharp = np.asarray(fit_review_size(draw_scene(7), 960).convert("L"), dtype=np.float64)
    got, blurred = _grey(revealed), _grey(shown)
    assert got.shape == (120, 160)
    assert np.abs(got[2:-2, 2:-2] - sharp[82:198, 102:258]).mean() < 6
    assert np.abs(got - blurred[80:200, 100:260]).mean() > 10
    # A circle's box: sharp at the centre, the shown blur in the corners.
    got, sharp, blurred = _grey(round_one), sharp[140:260, 240:360], blurred[140:260, 240:360]
    assert got.shape == (120, 120)
    assert np.abs(got[45:75, 45:75] - sharp[45:75, 45:75]).mean() < 6
    assert np.abs(got[:12, :12] - blurred[:12, :12]).mean() < 3
    assert (
        np.abs(got[:12, :12] - sharp[:12, :12]).mean()
        > 3 * np.abs(got[:12, :12] - blurred[:12, :12]).mean()
    )
    with database.begin() as session:
        assert session.query(AuditEvent).filter_by(action="reveal").count() == 2
        assert session.query(ExposureEntry).filter_by(kind="reveal").count() == 2


def test_a_reveal_over_the_picture_the_page_holds_is_the_same_as_over_a_fresh_blur(
    database, reviewer, media
):
    claim, item = _held_graphic_item(database, reviewer, media)
    args = dict(greyscale=True, strength=0.05, store=media.store, keyring=media.keyring, now=T0)
    shown = shown_image(database, reviewer, claim.case_id, item.id, **args)
    region = RevealRegion.circle(300, 200, 60)

    held = reveal_shown(database, reviewer, claim.case_id, item.id, region, shown=shown, **args)
    fresh = reveal_shown(database, reviewer, claim.case_id, item.id, region, **args)
    assert not held.break_due

    assert held == fresh
    with database.begin() as session:
        assert session.query(AuditEvent).filter_by(action="reveal").count() == 2
        assert session.query(ExposureEntry).filter_by(kind="reveal").count() == 2


def test_nothing_of_a_graphic_case_is_revealed_while_a_break_is_due(database, reviewer, media):
    claim, item = _held_graphic_item(database, reviewer, media)
    spend_graphic_minutes(database, reviewer.person_id, 120, ending=T0)
    args = dict(greyscale=True, strength=0.05, store=media.store, keyring=media.keyring, now=T0)

    with pytest.raises(BreakDue):
        reveal_shown(
            database, reviewer, claim.case_id, item.id, RevealRegion.rect(0, 0, 9, 9), **args
        )

    with database.begin() as session:
        assert session.query(AuditEvent).filter_by(action="reveal").count() == 0
        assert session.query(ExposureEntry).filter_by(kind="reveal").count() == 0


def test_a_reveal_that_spends_the_budget_says_a_break_is_due(database, reviewer, media):
    claim, item = _held_graphic_item(database, reviewer, media)
    spend_graphic_minutes(database, reviewer.person_id, 119.9, ending=T0)  # just under 2 h
    args = dict(greyscale=True, strength=0.05, store=media.store, keyring=media.keyring, now=T0)
    region = RevealRegion.rect(0, 0, 9, 9)

    revealed = reveal_shown(database, reviewer, claim.case_id, item.id, region, **args)

    assert revealed.break_due
    with pytest.raises(BreakDue):
        reveal_shown(database, reviewer, claim.case_id, item.id, region, **args)


def test_a_colour_picture_is_refused_as_the_backdrop_of_a_greyscale_reveal(
    database, reviewer, media
):
    claim, item = _held_graphic_item(database, reviewer, media)
    args = dict(strength=0.05, store=media.store, keyring=media.keyring, now=T0)
    colour = shown_image(database, reviewer, claim.case_id, item.id, greyscale=False, **args)
    region = RevealRegion.circle(300, 200, 60)

    with pytest.raises(InvalidRevealRegion):
        reveal_shown(
            database, reviewer, claim.case_id, item.id, region, greyscale=True, shown=colour, **args
        )
    with database.begin() as session:
        assert session.query(AuditEvent).filter_by(action="reveal").count() == 0


def test_the_header_names_sources_counts_and_the_nearest_bank_match(database, reviewer, media):
    with database.begin() as session:
        bank = HashBank(name="stopncii-sample", action="review", threshold=31)
        session.add(bank)
        session.flush()
        session.add(BankHash(bank_id=bank.id, hash_hex=hash_image(draw_scene(7)).to_hex()))
    _submit(database, media, source="police")
    _submit(database, media, source="platform", urls=("https://x.com/u/status/2",))
    claim = claim_next(database, reviewer, now=T0)

    header = case_header(database, reviewer, claim.case_id, now=T0)

    assert header.sources == ("platform", "police")
    assert header.report_count == 2
    assert header.bank_matches[0][0] == "stopncii-sample"
    assert header.bank_matches[0][1] <= 31
    assert header.lane == "queued"


def test_a_second_reviewer_sees_the_first_decision(database, reviewer, senior, media):
    _submit(database, media)
    claim = claim_next(database, reviewer, now=T0)
    decide(
        database,
        reviewer,
        claim.case_id,
        category="not_violating",
        actions=["no_action"],
        policy="none",
        reason="a landscape",
        now=T0,
    )
    later = T0 + dt.timedelta(minutes=1)
    second = claim_next(database, senior, now=later)

    header = case_header(database, senior, second.case_id, now=later)

    assert header.lane == "second_review"
    assert [d.category for d in header.earlier_decisions] == ["not_violating"]


# Breaks -------------------------------------------------------------------------------------


def test_no_break_just_under_the_stretch_limit(database, reviewer):
    spend_graphic_minutes(database, reviewer.person_id, 119.9, ending=T0)
    assert not break_status(database, reviewer, now=T0).break_due


def test_at_the_stretch_limit_a_break_is_due_until_a_full_break_after_the_last_exposure(
    database, reviewer
):
    spend_graphic_minutes(database, reviewer.person_id, 120, ending=T0)
    found = break_status(database, reviewer, now=T0)
    assert found.break_due
    assert found.graphic_from == T0 + dt.timedelta(minutes=15)


def test_a_spent_day_keeps_graphic_work_away_until_local_midnight(database, reviewer):
    spend_graphic_minutes(
        database, reviewer.person_id, 60, ending=T0 - dt.timedelta(hours=1, minutes=30)
    )
    spend_graphic_minutes(database, reviewer.person_id, 60, ending=T0 - dt.timedelta(minutes=20))
    spend_graphic_minutes(
        database, reviewer.person_id, 120, ending=T0 - dt.timedelta(minutes=1)
    )  # 240 today
    found = break_status(database, reviewer, now=T0)
    assert "exposure.daily_spent" in found.exposure.reasons
    assert found.graphic_from == dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)  # 00:00 Seoul


# My work ------------------------------------------------------------------------------------


def test_a_reviewer_sees_their_own_record_but_not_a_colleagues(
    database, reviewer, other_reviewer, manager, media
):
    _submit(database, media)
    claim = claim_next(database, reviewer, now=T0)
    item = case_header(database, reviewer, claim.case_id, now=T0).view.items[0]
    args = dict(greyscale=False, strength=0.04, store=media.store, keyring=media.keyring, now=T0)
    reveal_shown(
        database, reviewer, claim.case_id, item.id, RevealRegion.circle(200, 200, 40), **args
    )
    decide(database, reviewer, claim.case_id, **DEEPFAKE, now=T0)
    since = T0 - dt.timedelta(days=1)

    mine = decisions_of(database, reviewer, since=since)
    stats = reveal_stats(database, manager, reviewer.person_id, since=since)
    history = exposure_history(database, reviewer, days=3, now=T0)

    assert [row.category for row in mine] == ["deepfake_sexual"]
    assert stats.reveals == 1 and stats.cases == 1
    assert 0 < stats.largest_share < 0.25
    assert len(history) == 3 and history[-1].reveals == 1 and history[0].reveals == 0
    with pytest.raises(AccessDenied):
        decisions_of(database, other_reviewer, reviewer.person_id, since=since)
    with pytest.raises(AccessDenied):
        exposure_history(database, other_reviewer, reviewer.person_id, now=T0)


# Takedowns desk -----------------------------------------------------------------------------


@pytest.fixture
def takedowns(database, reviewer, media):  # type: ignore[no-untyped-def]
    """Two drafted requests (two platforms) from one decision."""
    _submit(database, media, urls=("https://t.me/c/1", "https://x.com/u/status/1"))
    claim = claim_next(database, reviewer, now=T0)
    return decide(database, reviewer, claim.case_id, **DEEPFAKE, now=T0).takedown_ids


def test_a_bulk_update_changes_all_or_none(database, reviewer, takedowns):
    first, second = takedowns
    bulk_update(database, reviewer, [first], S.SENT, now=T0)
    with pytest.raises(TakedownChangeRejected):
        # `first` is sent, `second` still drafted: "acknowledged" is illegal for the draft.
        bulk_update(database, reviewer, [first, second], S.ACKNOWLEDGED, now=T0)
    with database.begin() as session:
        assert session.get(TakedownRequest, first).status == S.SENT
        assert session.get(TakedownRequest, second).status == S.DRAFTED
    assert bulk_update(database, reviewer, [second], S.SENT, now=T0) == 1


def test_a_request_is_overdue_only_after_its_platforms_agreed_time(database, reviewer, takedowns):
    bulk_update(database, reviewer, takedowns, S.SENT, now=T0)
    inside = takedown_table(database, reviewer, now=T0 + dt.timedelta(hours=24))
    outside = takedown_table(database, reviewer, now=T0 + dt.timedelta(hours=24, seconds=1))
    assert not any(row.overdue for row in inside)
    assert all(row.overdue for row in outside)
    only = takedown_table(
        database, reviewer, TakedownFilter(overdue_only=True), now=T0 + dt.timedelta(hours=1)
    )
    assert only == []


def test_filters_by_platform_and_age(database, reviewer, takedowns):
    later = T0 + dt.timedelta(hours=5)
    assert (
        len(takedown_table(database, reviewer, TakedownFilter(platform="telegram"), now=later)) == 1
    )
    assert len(takedown_table(database, reviewer, TakedownFilter(min_age_hours=5), now=later)) == 2
    assert takedown_table(database, reviewer, TakedownFilter(min_age_hours=5.01), now=later) == []


def test_a_recheck_finding_the_material_gone_marks_it_removed_and_is_audited(
    database, reviewer, takedowns
):
    bulk_update(database, reviewer, takedowns, S.SENT, now=T0)
    assert recheck(database, reviewer, takedowns[0], online=True, now=T0) == S.SENT
    assert recheck(database, reviewer, takedowns[0], online=False, now=T0) == S.REMOVED
    with database.begin() as session:
        assert session.query(AuditEvent).filter_by(action="takedown_recheck").count() == 2
        assert session.query(TakedownEvent).filter_by(kind="recheck").count() == 2


def test_the_csv_export_has_every_row_and_is_audited(database, reviewer, manager, takedowns):
    text = export_csv(database, manager, now=T0)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(int(row["id"]) for row in rows) == sorted(takedowns)
    with database.begin() as session:
        event = session.query(AuditEvent).filter_by(action="takedown_export").one()
        assert event.details["rows"] == 2


class _RosterReadingTheDatabase:
    """Like the published roster: answers from a transaction of its own."""

    def __init__(self, database, on_graphic: bool) -> None:  # type: ignore[no-untyped-def]
        self.database, self.on_graphic, self.asked = database, on_graphic, 0

    def on_graphic_review(self, person_id: int, at: dt.datetime) -> bool:
        with self.database.begin() as session:
            session.query(HashBank).count()
        self.asked += 1
        return self.on_graphic


def test_a_roster_that_reads_the_database_is_asked_before_the_claim_locks_it(
    database, reviewer, make_case
):
    graphic = make_case(severity_tier=3)
    calm = make_case(severity_tier=1)
    off_graphic = _RosterReadingTheDatabase(database, on_graphic=False)

    claim = claim_with_roster(database, reviewer, off_graphic, now=T0)

    assert off_graphic.asked == 1
    assert claim is not None and claim.case_id == calm != graphic
