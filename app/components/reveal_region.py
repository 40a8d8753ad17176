"""What the reveal widget sends back and what it shows: plain dataclasses, no Streamlit, no Pillow.

The widget works in *derivative pixels* (the blurred image the browser received). The browser's
numbers are not trusted: they are parsed, clamped to the image and checked against the share cap
here, and the review service checks the cap again before it composites anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_MAX_SHARE = 0.25
# A click reveals a circle this share of the image's short side across (radius = half of it).
DEFAULT_CIRCLE_DIAMETER_SHARE = 0.16


class RevealShape(StrEnum):
    """The two gestures: a drag makes a rectangle, a click a circle."""

    RECT = "rect"
    CIRCLE = "circle"


class InvalidRevealRequest(ValueError):
    """A region with no area, outside the image, or a payload that is not a region at all."""


class RevealTooLarge(ValueError):
    """A region uncovering more of the image than one reveal may."""


@dataclass(frozen=True)
class RevealRequest:
    """A region of the blurred derivative the reviewer asked to see sharp.

    `x, y, width, height` is the rectangle, or the circle's bounding square (use `circle`).
    """

    shape: RevealShape
    x: int
    y: int
    width: int
    height: int
    image_width: int
    image_height: int

    def __post_init__(self) -> None:
        if self.image_width <= 0 or self.image_height <= 0:
            raise InvalidRevealRequest("the image needs a positive size")
        if self.width <= 0 or self.height <= 0:
            raise InvalidRevealRequest("a reveal region needs a positive width and height")
        if self.shape is RevealShape.CIRCLE and self.width != self.height:
            raise InvalidRevealRequest("a circle's bounding box must be square")
        inside = (
            self.x >= 0
            and self.y >= 0
            and self.x + self.width <= self.image_width
            and self.y + self.height <= self.image_height
        )
        if not inside:
            raise InvalidRevealRequest(
                f"region {self.x},{self.y} {self.width}x{self.height} leaves the "
                f"{self.image_width}x{self.image_height} image"
            )

    @classmethod
    def circle(
        cls, centre_x: int, centre_y: int, radius: int, image_width: int, image_height: int
    ) -> RevealRequest:
        """A circle around (centre_x, centre_y)."""
        return cls(
            RevealShape.CIRCLE,
            centre_x - radius,
            centre_y - radius,
            2 * radius,
            2 * radius,
            image_width,
            image_height,
        )

    @property
    def centre(self) -> tuple[float, float]:
        """The centre of the rectangle or circle."""
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def radius(self) -> float:
        """A circle's radius (half the bounding square's side)."""
        return self.width / 2

    @property
    def share(self) -> float:
        """The share (0..1) of the image this region uncovers (a circle's true area)."""
        if self.shape is RevealShape.CIRCLE:
            area = math.pi * self.radius**2
        else:
            area = float(self.width * self.height)
        return area / (self.image_width * self.image_height)

    def ensure_within(self, max_share: float) -> None:
        """Raise RevealTooLarge if this region uncovers more than `max_share` of the image."""
        if self.share > max_share:
            raise RevealTooLarge(
                f"region uncovers {self.share:.1%}; one reveal may uncover {max_share:.0%}"
            )

    def to_payload(self) -> dict[str, object]:
        """The region as the widget draws it (rect: x, y, w, h; circle: cx, cy, r)."""
        if self.shape is RevealShape.CIRCLE:
            centre_x, centre_y = self.centre
            return {"shape": "circle", "cx": centre_x, "cy": centre_y, "r": self.radius}
        return {"shape": "rect", "x": self.x, "y": self.y, "w": self.width, "h": self.height}


@dataclass(frozen=True)
class RevealedPatch:
    """The server's composite of `region`'s bounding box (sharp inside the region, blurred
    around it), as PNG or JPEG bytes; the widget lays it over the blurred image."""

    image: bytes
    region: RevealRequest
    share: float

    def __post_init__(self) -> None:
        if not self.image:
            raise InvalidRevealRequest("a revealed patch needs image bytes")
        if not 0 < self.share <= 1:
            raise InvalidRevealRequest("a revealed patch's share must lie in (0, 1]")


def default_circle_radius(image_width: int, image_height: int) -> int:
    """The radius a single click reveals, scaled to the image so it means the same everywhere."""
    return max(1, round(min(image_width, image_height) * DEFAULT_CIRCLE_DIAMETER_SHARE / 2))


def clamp_rect(x: float, y: float, w: float, h: float, width: int, height: int) -> RevealRequest:
    """The part of a dragged rectangle that lies on the image, in whole pixels."""
    if w < 0:  # a drag up or to the left
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    left, top = max(0, math.floor(x)), max(0, math.floor(y))
    right, bottom = min(width, math.ceil(x + w)), min(height, math.ceil(y + h))
    return RevealRequest(RevealShape.RECT, left, top, right - left, bottom - top, width, height)


def clamp_circle(cx: float, cy: float, r: float, width: int, height: int) -> RevealRequest:
    """A circle kept on the image: moved inward at an edge, shrunk only if it cannot fit at all.

    Moving keeps the size the reviewer chose; a click near the edge still means "around here".
    """
    radius = min(round(r), min(width, height) // 2)
    if radius <= 0:
        raise InvalidRevealRequest("a circle needs a positive radius")
    centre_x = min(max(round(cx), radius), width - radius)
    centre_y = min(max(round(cy), radius), height - radius)
    return RevealRequest.circle(centre_x, centre_y, radius, width, height)


def request_from_payload(
    payload: Mapping[str, object], width: int, height: int, max_share: float
) -> RevealRequest:
    """Parse the widget's region, clamp it to the image and check the share cap.

    Raises InvalidRevealRequest for a malformed payload, RevealTooLarge above `max_share`.
    """
    try:
        shape = RevealShape(str(payload["shape"]))
        if shape is RevealShape.CIRCLE:
            cx, cy, r = (_number(payload[name]) for name in ("cx", "cy", "r"))
            request = clamp_circle(cx, cy, r, width, height)
        else:
            x, y, w, h = (_number(payload[name]) for name in ("x", "y", "w", "h"))
            request = clamp_rect(x, y, w, h, width, height)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, InvalidRevealRequest):
            raise
        raise InvalidRevealRequest(f"not a reveal region: {payload!r}") from error
    request.ensure_within(max_share)
    return request


def _number(value: object) -> float:
    # bool is an int in Python; a browser sending `true` as a coordinate is not a region.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number")
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not finite")
    return float(value)
