"""Decode a still image once, at review size, with the pixel cap checked before any decoding.

JPEG is decoded at a reduced DCT scale (`draft`), which reads every byte of the file (so a cut or
damaged file still fails) but costs much less than a full-size decode; every derivative and the
PDQ hash come from this one review-size image.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps

from review.media.derivatives import fit_review_size, review_patch, review_size
from review.media.limits import MediaLimits, decompression_bomb_guard
from review.media.rejections import MediaRejected, RejectionReason
from review.media.sniff import MediaFormat

_PILLOW_FORMATS = {
    MediaFormat.JPEG: "JPEG",
    MediaFormat.PNG: "PNG",
    MediaFormat.WEBP: "WEBP",
    MediaFormat.GIF: "GIF",
}


@dataclass(frozen=True)
class DecodedImage:
    """The upright review-size picture and the original's full dimensions."""

    review_image: Image.Image
    width: int
    height: int


def decode_image(
    data: bytes, media_format: MediaFormat, limits: MediaLimits, long_side: int
) -> DecodedImage:
    """Decode the first frame of `data` into an RGB image at most `long_side` on its long side.

    Raises MediaRejected (TOO_MANY_PIXELS, TRUNCATED or CORRUPT); never any other exception.
    """
    with _rejections():
        upright, width, height = _decode_upright(data, media_format, limits, long_side)
        return DecodedImage(fit_review_size(upright, long_side), width, height)


def decode_review_patch(
    data: bytes,
    media_format: MediaFormat,
    limits: MediaLimits,
    long_side: int,
    box: tuple[int, int, int, int],
) -> tuple[Image.Image, tuple[int, int]]:
    """The part `box` of the picture `decode_image` would give, and that picture's size."""
    with _rejections():
        upright, _width, _height = _decode_upright(data, media_format, limits, long_side)
        return review_patch(upright, long_side, box), review_size(upright.size, long_side)


def _decode_upright(
    data: bytes, media_format: MediaFormat, limits: MediaLimits, long_side: int
) -> tuple[Image.Image, int, int]:
    # Only the sniffed format's decoder may run: no guessing among Pillow's plugins.
    image = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[media_format]])
    width, height = image.size
    ensure_pixels_within(width, height, limits.max_pixels)
    if media_format is MediaFormat.JPEG:
        # Pillow picks the smallest DCT scale that still covers the requested size.
        scale = max(1, max(width, height) // long_side)
        image.draft("RGB", (max(1, width // scale), max(1, height // scale)))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)  # no copy when it is upright already
    return image, width, height


@contextmanager
def _rejections() -> Iterator[None]:
    """Decode under the decompression-bomb guard; every failure becomes a MediaRejected."""
    try:
        with decompression_bomb_guard():
            yield
    except MediaRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise MediaRejected(RejectionReason.TOO_MANY_PIXELS, str(error)) from error
    except MemoryError as error:
        raise MediaRejected(RejectionReason.TOO_MANY_PIXELS, "out of memory decoding") from error
    except Exception as error:  # Pillow raises many types for bad input; all mean "unusable".
        reason = RejectionReason.TRUNCATED if "truncated" in str(error) else RejectionReason.CORRUPT
        raise MediaRejected(reason, f"{type(error).__name__}: {error}") from error


def ensure_pixels_within(width: int, height: int, max_pixels: int) -> None:
    """Raise TOO_MANY_PIXELS if a width x height picture exceeds the cap (or is empty)."""
    if width <= 0 or height <= 0:
        raise MediaRejected(RejectionReason.CORRUPT, f"picture is {width}x{height}")
    if width * height > max_pixels:
        raise MediaRejected(
            RejectionReason.TOO_MANY_PIXELS, f"{width}x{height} exceeds {max_pixels} pixels"
        )
