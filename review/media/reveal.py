"""Region reveal: the blurred derivative with one small region sharp, composited on the server.

The browser only ever receives the composite; there is deliberately no function that returns a
sharp review image whole. Each reveal's `area_share` is what the audit chain records.
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
    review_image: Image.Image,
    derivative: Image.Image | bytes,
    region: RevealRegion,
    max_share: float = DEFAULT_MAX_REVEAL_SHARE,
    jpeg_quality: int = 85,
) -> bytes:
    """JPEG of `derivative` with `region` replaced by the same pixels of the sharp review image.

    A greyscale derivative gets a greyscale region. Raises InvalidRevealRegion or RevealTooLarge.
    """
    if isinstance(derivative, bytes):
        derivative = Image.open(io.BytesIO(derivative))
        derivative.load()
    if review_image.size != derivative.size:
        raise InvalidRevealRegion(
            f"review image {review_image.size} and derivative {derivative.size} differ in size"
        )
    region.ensure_inside(*derivative.size)
    share = region.area_share(*derivative.size)
    if share > max_share:
        raise RevealTooLarge(f"region uncovers {share:.1%}; one reveal may uncover {max_share:.0%}")
    mask = Image.new("L", derivative.size, 0)
    box = (region.x, region.y, region.x + region.width - 1, region.y + region.height - 1)
    draw = ImageDraw.Draw(mask)
    if region.shape is RevealShape.CIRCLE:
        draw.ellipse(box, fill=255)
    else:
        draw.rectangle(box, fill=255)
    sharp = review_image.convert(derivative.mode)
    return encode_jpeg(Image.composite(sharp, derivative, mask), jpeg_quality)
