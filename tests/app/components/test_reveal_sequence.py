"""Which composite may reach the browser: shown once per request, never again after re-blur."""

from __future__ import annotations

import base64

import pytest

from app.components.reveal_region import RevealedPatch, RevealRequest, RevealShape
from app.components.reveal_sequence import (
    RevealSequence,
    accepted_reblur,
    browser_patch,
    image_data_url,
)

JPEG = b"\xff\xd8\xff\xe0fake-jpeg-body"
PNG = b"\x89PNG\r\n\x1a\nfake-png-body"


def patch(size: tuple[int, int] = (100, 80)) -> RevealedPatch:
    region = RevealRequest(RevealShape.RECT, 10, 10, 20, 20, *size)
    return RevealedPatch(JPEG, region, region.share)


def test_nothing_is_shown_before_the_reviewer_asks_for_a_region() -> None:
    sequence = RevealSequence({}, "case")
    assert browser_patch(patch(), sequence, 100, 80) is None


def test_the_composite_for_the_latest_request_goes_to_the_browser_with_its_number() -> None:
    sequence = RevealSequence({}, "case")
    sequence.next_request()
    shown = browser_patch(patch(), sequence, 100, 80)
    assert shown is not None
    assert shown["id"] == 1
    assert shown["src"] == image_data_url(JPEG)
    assert shown["region"] == {"shape": "rect", "x": 10, "y": 10, "w": 20, "h": 20}
    assert shown["share"] == pytest.approx(400 / 8000)


def test_after_the_widget_reblurs_the_same_composite_is_never_sent_again() -> None:
    store: dict = {}
    sequence = RevealSequence(store, "case")
    sequence.next_request()
    assert accepted_reblur({"id": 1, "seconds": 3.9, "reason": "timer"}, sequence) == 3.9
    assert browser_patch(patch(), RevealSequence(store, "case"), 100, 80) is None


def test_a_new_request_after_a_reblur_may_be_shown_again() -> None:
    sequence = RevealSequence({}, "case")
    sequence.next_request()
    accepted_reblur({"id": 1, "seconds": 1.0}, sequence)
    sequence.next_request()
    shown = browser_patch(patch(), sequence, 100, 80)
    assert shown is not None and shown["id"] == 2


def test_a_late_or_repeated_reblur_report_is_not_counted_twice() -> None:
    sequence = RevealSequence({}, "case")
    sequence.next_request()
    sequence.next_request()
    assert accepted_reblur({"id": 1, "seconds": 2.0}, sequence) is None  # about an older reveal
    assert accepted_reblur({"id": 2, "seconds": 2.0}, sequence) == 2.0
    assert accepted_reblur({"id": 2, "seconds": 2.0}, sequence) is None


@pytest.mark.parametrize(
    "event",
    [
        None,
        "reblurred",
        {"seconds": 1.0},
        {"id": "1", "seconds": 1.0},
        {"id": True, "seconds": 1},
        {"id": 1},
        {"id": 1, "seconds": "4"},
    ],
)
def test_a_malformed_reblur_report_changes_nothing(event: object) -> None:
    sequence = RevealSequence({}, "case")
    sequence.next_request()
    assert accepted_reblur(event, sequence) is None
    assert sequence.showable


def test_a_negative_duration_from_a_skewed_clock_counts_as_zero() -> None:
    sequence = RevealSequence({}, "case")
    sequence.next_request()
    assert accepted_reblur({"id": 1, "seconds": -0.2}, sequence) == 0.0


def test_a_composite_made_for_another_image_size_is_not_shown() -> None:
    sequence = RevealSequence({}, "case")
    sequence.next_request()
    assert browser_patch(patch(size=(100, 81)), sequence, 100, 80) is None


def test_two_widgets_keep_separate_counters() -> None:
    store: dict = {}
    RevealSequence(store, "a").next_request()
    assert RevealSequence(store, "a").current == 1
    assert RevealSequence(store, "b").current == 0


def test_data_urls_carry_png_and_jpeg_and_refuse_anything_else() -> None:
    assert image_data_url(PNG) == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert image_data_url(JPEG).startswith("data:image/jpeg;base64,")
    with pytest.raises(ValueError):
        image_data_url(b"GIF89a...")
