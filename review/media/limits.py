"""Caps on what intake reads and decodes; Pillow's decompression-bomb guard set on purpose."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageFile

# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that. We set it ourselves instead of
# trusting the library default (about 89 MP), and every MediaLimits must stay at or below it, so
# our own explicit pixel check always runs first and the guard is only a second line of defence.
ABSOLUTE_MAX_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = ABSOLUTE_MAX_PIXELS
# A truncated file must fail to decode, never be padded with grey and accepted.
ImageFile.LOAD_TRUNCATED_IMAGES = False


class InvalidMediaLimits(ValueError):
    """Raised when limits are set to values that would make intake unsafe or useless."""


@dataclass(frozen=True)
class MediaLimits:
    """What one file may cost the server. Defaults suit phone photos and short clips."""

    max_bytes: int = 100 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_frame_pixels: int = 3840 * 2160
    max_video_seconds: float = 600.0
    max_decoded_frames: int = 60 * 600
    # Bytes tolerated after an image's end marker (some encoders pad a few bytes); more is
    # treated as a hidden second file.
    max_trailing_bytes: int = 16

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise InvalidMediaLimits("max_bytes must be positive")
        if not 0 < self.max_pixels <= ABSOLUTE_MAX_PIXELS:
            raise InvalidMediaLimits(f"max_pixels must be in 1..{ABSOLUTE_MAX_PIXELS}")
        if not 0 < self.max_frame_pixels <= ABSOLUTE_MAX_PIXELS:
            raise InvalidMediaLimits(f"max_frame_pixels must be in 1..{ABSOLUTE_MAX_PIXELS}")
        if self.max_video_seconds <= 0 or self.max_decoded_frames <= 0:
            raise InvalidMediaLimits("video caps must be positive")
        if self.max_trailing_bytes < 0:
            raise InvalidMediaLimits("max_trailing_bytes must not be negative")


@contextmanager
def decompression_bomb_guard() -> Iterator[None]:
    """Turn Pillow's DecompressionBombWarning into an error for the code inside.

    Note: `warnings.catch_warnings` changes process-wide state; it is restored on exit. The
    explicit pixel check before decoding is what callers rely on; this guard only backs it up.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield
