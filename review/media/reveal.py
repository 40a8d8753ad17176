"""Region reveal: one small region of the blurred derivative made sharp, composited on the server.

The browser only ever receives the region's composite, which it lays over the blurred derivative
it holds; there is deliberately no function that returns a sharp review image whole. Each
reveal's `area_share` is what the audit chain records.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageDraw

from review.media.derivatives import encode_jpeg

DEFAULT_MAX_REVEAL_SHARE = 0.25


class RevealShape(StrEnum):
    """The shapes a reviewer can draw."""

    RECT = "rect"
    CIRCLE = "circle"


class InvalidRevealRegion(ValueError):
    """A region with no area, outside the picture, or the pictures do not fit together."""


class RevealTooLarge(ValueError):
    """A region uncovering more of the picture than one reveal may."""


@dataclass(frozen=True)
class RevealRegion:
    """A rectangle or a circle in derivative pixels, held as its bounding box (x, y, w, h).

    Build it with `RevealRegion.rect(...)` or `RevealRegion.circle(...)`.
    """

    shape: RevealShape
    x: int
    y: int
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0:
            raise InvalidRevealRegion("a reveal region needs a positive width and height")
        if self.shape is RevealShape.CIRCLE and self.width != self.height:
            raise InvalidRevealRegion("a circle's bounding box must be square")

    @classmethod
    def rect(cls, x: int, y: int, width: int, height: int) -> RevealRegion:
        """A rectangle with its top-left corner at (x, y)."""
        return cls(RevealShape.RECT, x, y, width, height)

    @classmethod
    def circle(cls, centre_x: int, centre_y: int, radius: int) -> RevealRegion:
        """A circle around (centre_x, centre_y)."""
        return cls(RevealShape.CIRCLE, centre_x - radius, centre_y - radius, 2 * radius, 2 * radius)

    @property
    def area(self) -> float:
        """Area in pixels (a circle's exact area, not its bounding box)."""
        if self.shape is RevealShape.CIRCLE:
            return math.pi * (self.width / 2) ** 2
        return float(self.width * self.height)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The bounding box as (left, top, right, bottom), right and bottom exclusive."""
        return (self.x, self.y, self.x + self.width, self.y + self.height)

    def area_share(self, image_width: int, image_height: int) -> float:
        """The share (0..1) of a picture of the given size this region uncovers."""
        return self.area / (image_width * image_height)

    def ensure_inside(self, image_width: int, image_height: int) -> None:
        """Raise InvalidRevealRegion unless the whole region lies within the picture."""
        inside = (
            self.x >= 0
            and self.y >= 0
            and self.x + self.width <= image_width
            and self.y + self.height <= image_height
        )
        if not inside:
            raise InvalidRevealRegion(
                f"region {self.x},{self.y} {self.width}x{self.height} leaves the "
                f"{image_width}x{image_height} picture"
            )


def reveal_region(
    sharp_patch: Image.Image,
    derivative: Image.Image | bytes,
    region: RevealRegion,
    max_share: float = DEFAULT_MAX_REVEAL_SHARE,
    jpeg_quality: int = 85,
) -> bytes:
    """JPEG of the region's bounding box only: `sharp_patch` (the sharp review-size pixels of
    that box, `review.media.intake.review_patch_of`) inside the region, `derivative` around it
    (a circle's corners). The browser lays it over the derivative it already holds, so nothing
    but the region travels.

    A greyscale derivative gets a greyscale region. Raises InvalidRevealRegion or RevealTooLarge.
    """
    if isinstance(derivative, bytes):
        derivative = Image.open(io.BytesIO(derivative))
        derivative.load()
    region.ensure_inside(*derivative.size)
    share = region.area_share(*derivative.size)
    if share > max_share:
        raise RevealTooLarge(f"region uncovers {share:.1%}; one reveal may uncover {max_share:.0%}")
    if sharp_patch.size != (region.width, region.height):
        raise InvalidRevealRegion(
            f"sharp patch {sharp_patch.size} does not fit the region {region.width}x{region.height}"
        )
    mask = Image.new("L", sharp_patch.size, 0)
    draw = ImageDraw.Draw(mask)
    corners = (0, 0, region.width - 1, region.height - 1)
    if region.shape is RevealShape.CIRCLE:
        draw.ellipse(corners, fill=255)
    else:
        draw.rectangle(corners, fill=255)
    shown = derivative.crop(region.box)
    shown.paste(sharp_patch.convert(derivative.mode), (0, 0), mask)
    return encode_jpeg(shown, jpeg_quality)
