"""Reveal regions as the browser sends them: parsed, clamped to the image, capped by share."""

from __future__ import annotations

import math

import pytest

from app.components.reveal_region import (
    InvalidRevealRequest,
    RevealedPatch,
    RevealRequest,
    RevealShape,
    RevealTooLarge,
    clamp_circle,
    clamp_rect,
    default_circle_radius,
    request_from_payload,
)


def rect(x: int, y: int, w: int, h: int, size: tuple[int, int] = (100, 100)) -> RevealRequest:
    return RevealRequest(RevealShape.RECT, x, y, w, h, *size)


def test_a_region_touching_the_far_edges_is_inside_and_one_pixel_more_is_not() -> None:
    assert rect(90, 80, 10, 20).share == pytest.approx(0.02)
    with pytest.raises(InvalidRevealRequest):
        rect(91, 80, 10, 20)
    with pytest.raises(InvalidRevealRequest):
        rect(90, 81, 10, 20)
    with pytest.raises(InvalidRevealRequest):
        rect(-1, 0, 10, 10)


def test_a_region_needs_at_least_one_pixel_each_way() -> None:
    assert rect(0, 0, 1, 1).share == pytest.approx(1 / 10_000)
    with pytest.raises(InvalidRevealRequest):
        rect(0, 0, 0, 1)
    with pytest.raises(InvalidRevealRequest):
        rect(0, 0, 1, -1)


def test_a_circle_must_have_a_square_bounding_box_and_its_share_is_its_true_area() -> None:
    circle = RevealRequest.circle(50, 50, 10, 100, 100)
    assert (circle.x, circle.y, circle.width, circle.height) == (40, 40, 20, 20)
    assert circle.share == pytest.approx(math.pi * 100 / 10_000)
    assert circle.centre == (50, 50) and circle.radius == 10
    with pytest.raises(InvalidRevealRequest):
        RevealRequest(RevealShape.CIRCLE, 0, 0, 10, 12, 100, 100)


def test_a_region_on_an_image_without_size_is_refused() -> None:
    with pytest.raises(InvalidRevealRequest):
        rect(0, 0, 1, 1, size=(0, 100))


def test_exactly_the_share_cap_is_allowed_and_one_row_more_is_refused() -> None:
    rect(0, 0, 50, 50).ensure_within(0.25)
    with pytest.raises(RevealTooLarge):
        rect(0, 0, 50, 51).ensure_within(0.25)


def test_a_drag_up_and_to_the_left_is_the_same_rectangle_as_down_and_to_the_right() -> None:
    assert clamp_rect(60, 70, -20, -30, 100, 100) == rect(40, 40, 20, 30)


def test_a_drag_past_the_edge_keeps_only_the_part_on_the_image() -> None:
    assert clamp_rect(-10, 90, 30, 30, 100, 100) == rect(0, 90, 20, 10)


def test_fractional_display_coordinates_widen_to_whole_pixels() -> None:
    assert clamp_rect(10.6, 10.2, 5.0, 5.0, 100, 100) == rect(10, 10, 6, 6)


def test_a_drag_entirely_off_the_image_is_no_region() -> None:
    with pytest.raises(InvalidRevealRequest):
        clamp_rect(120, 10, 30, 30, 100, 100)


def test_a_click_near_the_edge_moves_the_circle_inward_without_shrinking_it() -> None:
    circle = clamp_circle(2, 97, 10, 100, 100)
    assert (circle.centre, circle.radius) == ((10, 90), 10)


def test_a_circle_wider_than_the_image_shrinks_to_fit_the_short_side() -> None:
    circle = clamp_circle(50, 20, 40, 100, 40)
    assert (circle.centre, circle.radius) == ((50, 20), 20)


def test_a_circle_that_rounds_to_no_radius_is_no_region() -> None:
    assert clamp_circle(5, 5, 0.6, 100, 100).radius == 1
    with pytest.raises(InvalidRevealRequest):
        clamp_circle(5, 5, 0.4, 100, 100)


def test_the_default_click_circle_scales_with_the_image() -> None:
    assert default_circle_radius(640, 480) == round(480 * 0.08)
    assert default_circle_radius(3, 3) == 1


def test_a_payload_round_trips_through_the_browser_format() -> None:
    for region in (rect(3, 4, 20, 10), RevealRequest.circle(30, 30, 8, 100, 100)):
        assert request_from_payload(region.to_payload(), 100, 100, 0.25) == region


def test_the_browser_payloads_are_parsed_as_rectangles_and_circles() -> None:
    dragged = {"shape": "rect", "x": 10, "y": 20, "w": 30, "h": 40}
    clicked = {"shape": "circle", "cx": 50, "cy": 50, "r": 10}
    assert request_from_payload(dragged, 100, 100, 0.25) == rect(10, 20, 30, 40)
    assert request_from_payload(clicked, 100, 100, 0.25).shape is RevealShape.CIRCLE


@pytest.mark.parametrize(
    "payload",
    [
        {"shape": "rect", "x": 1, "y": 1, "w": 5},
        {"shape": "square", "x": 1, "y": 1, "w": 5, "h": 5},
        {"shape": "rect", "x": "1", "y": 1, "w": 5, "h": 5},
        {"shape": "rect", "x": True, "y": 1, "w": 5, "h": 5},
        {"shape": "rect", "x": float("nan"), "y": 1, "w": 5, "h": 5},
        {"shape": "circle", "cx": 5, "cy": 5, "r": None},
        {},
    ],
)
def test_a_payload_that_is_not_a_region_is_refused_by_name(payload: dict) -> None:
    with pytest.raises(InvalidRevealRequest):
        request_from_payload(payload, 100, 100, 0.25)


def test_a_payload_above_the_cap_is_refused_after_clamping() -> None:
    # 60x60 asked, but only 50x50 lies on the image: exactly the cap, so allowed.
    assert request_from_payload(
        {"shape": "rect", "x": 50, "y": 50, "w": 60, "h": 60}, 100, 100, 0.25
    ) == rect(50, 50, 50, 50)
    with pytest.raises(RevealTooLarge):
        request_from_payload({"shape": "rect", "x": 0, "y": 0, "w": 51, "h": 50}, 100, 100, 0.25)


def test_a_revealed_patch_needs_bytes_and_a_share_above_nothing_up_to_all() -> None:
    region = rect(0, 0, 10, 10)
    assert RevealedPatch(b"\xff\xd8\xff", region, 1.0).share == 1.0
    with pytest.raises(InvalidRevealRequest):
        RevealedPatch(b"", region, 0.01)
    with pytest.raises(InvalidRevealRequest):
        RevealedPatch(b"\xff\xd8\xff", region, 0.0)
    with pytest.raises(InvalidRevealRequest):
        RevealedPatch(b"\xff\xd8\xff", region, 1.0001)
