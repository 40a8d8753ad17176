"""Review derivatives: what a reviewer's browser may receive (blurred, greyscale, pixelated).

All derivatives are made from one review-size image and encoded as baseline JPEG from fresh
pixel data, so EXIF, GPS, XMP, ICC profiles and comments of the original never travel with them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageFilter

REVIEW_LONG_SIDE = 960


class InvalidDerivativeSettings(ValueError):
    """Blur or pixelation settings out of their sensible range."""


@dataclass(frozen=True)
class DerivativeSettings:
    """How strongly derivatives hide the picture; managers keep one preset per harm type.

    `blur_strength` and `pixel_block` are shares of the review image's long side, so a preset
    looks the same whatever the size of the original.
    """

    blur_strength: float = 0.025
    pixel_block: float = 1 / 24
    jpeg_quality: int = 80
    review_long_side: int = REVIEW_LONG_SIDE

    def __post_init__(self) -> None:
        if not 0.005 <= self.blur_strength <= 0.2:
            raise InvalidDerivativeSettings("blur_strength must be between 0.005 and 0.2")
        if not 1 / 200 <= self.pixel_block <= 1 / 4:
            raise InvalidDerivativeSettings("pixel_block must be between 1/200 and 1/4")
        if not 30 <= self.jpeg_quality <= 95:
            raise InvalidDerivativeSettings("jpeg_quality must be between 30 and 95")
        if not 64 <= self.review_long_side <= 4096:
            raise InvalidDerivativeSettings("review_long_side must be between 64 and 4096")


@dataclass(frozen=True)
class ReviewDerivatives:
    """The three JPEGs made once at intake, all `width` x `height`."""

    blurred: bytes
    blurred_greyscale: bytes
    pixelated: bytes
    width: int
    height: int
    mime_type: str = "image/jpeg"


# A decoded picture at most this much larger than the review size is kept as it is: a JPEG
# draft decode lands just above the target (4000 px / 4 = 1000) and resampling 4 % away costs
# more than the rest of the derivatives.
REVIEW_SIZE_SLACK = 1.125


def review_size(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    """The size `fit_review_size` gives a picture of `size`."""
    width, height = size
    scale = long_side / max(width, height)
    if scale < 1 / REVIEW_SIZE_SLACK:
        return (max(1, round(width * scale)), max(1, round(height * scale)))
    return size


def fit_review_size(image: Image.Image, long_side: int) -> Image.Image:
    """Scale down (never up) to about `long_side` on the long side (at most 1/8 more); RGB,
    without metadata."""
    rgb = image if image.mode == "RGB" else _to_rgb(image)
    size = review_size(rgb.size, long_side)
    if size != rgb.size:
        rgb = rgb.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    elif rgb is image:
        rgb = image.copy()
    rgb.info.clear()
    return rgb


def review_patch(image: Image.Image, long_side: int, box: tuple[int, int, int, int]) -> Image.Image:
    """The part `box` (left, top, right, bottom in review-size pixels) of
    `fit_review_size(image, long_side)`, resampling only that part of `image`.

    Same geometry as cropping the whole review image; pixel values may differ by a few levels
    where the two resamplings round differently. A reveal needs a small region of a large
    original, and resampling the whole picture was most of a reveal's time.
    """
    rgb = image if image.mode == "RGB" else _to_rgb(image)
    width, height = review_size(rgb.size, long_side)
    x_scale, y_scale = rgb.width / width, rgb.height / height
    left, top, right, bottom = box
    source = (left * x_scale, top * y_scale, right * x_scale, bottom * y_scale)
    patch = rgb.resize(
        (right - left, bottom - top), Image.Resampling.BILINEAR, box=source, reducing_gap=2.0
    )
    patch.info.clear()
    return patch


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # Transparent areas become mid-grey, so nothing hides in the alpha channel.
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, (128, 128, 128, 255))
        return Image.alpha_composite(backdrop, rgba).convert("RGB")
    return image.convert("RGB")


def blur(image: Image.Image, strength: float) -> Image.Image:
    """Gaussian blur with radius `strength` x long side.

    Blurring a copy shrunk by about a quarter of the radius and scaling it back gives the same
    look at a fraction of the cost of a large-radius blur at full size.
    """
    radius = max(1.0, strength * max(image.size))
    factor = max(1, int(radius // 4))
    small = image.reduce(factor) if factor > 1 else image
    blurred = small.filter(ImageFilter.GaussianBlur(radius / factor))
    return blurred.resize(image.size, Image.Resampling.BILINEAR) if factor > 1 else blurred


def pixelate(image: Image.Image, block: float) -> Image.Image:
    """Mosaic with square blocks of `block` x long side."""
    block_px = max(2, round(block * max(image.size)))
    small = image.resize(
        (max(1, image.width // block_px), max(1, image.height // block_px)), Image.Resampling.BOX
    )
    return small.resize(image.size, Image.Resampling.NEAREST)


def encode_jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG bytes carrying pixels only (no EXIF, ICC, XMP or comment)."""
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def make_derivatives(review_image: Image.Image, settings: DerivativeSettings) -> ReviewDerivatives:
    """Blurred, blurred greyscale and pixelated JPEGs of a review-size image."""
    blurred = blur(review_image, settings.blur_strength)
    return ReviewDerivatives(
        blurred=encode_jpeg(blurred, settings.jpeg_quality),
        blurred_greyscale=encode_jpeg(blurred.convert("L"), settings.jpeg_quality),
        pixelated=encode_jpeg(pixelate(review_image, settings.pixel_block), settings.jpeg_quality),
        width=review_image.width,
        height=review_image.height,
    )
