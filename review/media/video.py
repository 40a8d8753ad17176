"""Video: keyframes at about one per second (PyAV, which ships ffmpeg) and a storyboard sheet.

The demuxer is forced to the sniffed format, so ffmpeg never probes its way into a playlist or
another container that could make it read other files. Audio is never decoded (muted review).
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass

import av
from PIL import Image

from review.media.decode import ensure_pixels_within
from review.media.derivatives import fit_review_size
from review.media.limits import MediaLimits
from review.media.rejections import MediaRejected, RejectionReason
from review.media.sniff import MediaFormat

logger = logging.getLogger(__name__)

KEYFRAME_INTERVAL_SECONDS = 1.0
STORYBOARD_MAX_TILES = 12
STORYBOARD_COLUMNS = 4
STORYBOARD_TILE_LONG_SIDE = 240
_DEMUXERS = {MediaFormat.MP4: "mov", MediaFormat.WEBM: "matroska"}


@dataclass(frozen=True)
class Keyframe:
    """One sampled frame: when it is shown (seconds) and the frame at review size."""

    seconds: float
    image: Image.Image


@dataclass(frozen=True)
class DecodedVideo:
    """Keyframes (about 1 per second) and the video's frame size and duration."""

    keyframes: tuple[Keyframe, ...]
    width: int
    height: int
    duration_seconds: float


def decode_keyframes(
    data: bytes, media_format: MediaFormat, limits: MediaLimits, long_side: int
) -> DecodedVideo:
    """Sample one frame per second of video, at most `long_side` px; raise MediaRejected."""
    try:
        with av.open(io.BytesIO(data), mode="r", format=_DEMUXERS[media_format]) as container:
            return _sample(container, limits, long_side)
    except MediaRejected:
        raise
    except Exception as error:  # PyAV maps ffmpeg's many failures to many types.
        raise MediaRejected(RejectionReason.CORRUPT, f"{type(error).__name__}: {error}") from error


def _sample(
    container: av.container.InputContainer, limits: MediaLimits, long_side: int
) -> DecodedVideo:
    if not container.streams.video:
        raise MediaRejected(RejectionReason.VIDEO_WITHOUT_FRAMES, "no video stream")
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    declared = container.duration / av.time_base if container.duration else 0.0
    if declared > limits.max_video_seconds:
        raise MediaRejected(RejectionReason.VIDEO_TOO_LONG, f"declares {declared:.1f} s")
    ensure_pixels_within(
        stream.codec_context.width or 1, stream.codec_context.height or 1, limits.max_frame_pixels
    )
    keyframes: list[Keyframe] = []
    next_sample, last_seconds, width, height = 0.0, 0.0, 0, 0
    for count, frame in enumerate(container.decode(stream), start=1):
        if count > limits.max_decoded_frames:
            raise MediaRejected(RejectionReason.VIDEO_TOO_LONG, f"more than {count - 1} frames")
        # Headers can lie about size and length; the decoded frames cannot.
        ensure_pixels_within(frame.width, frame.height, limits.max_frame_pixels)
        seconds = float(frame.time) if frame.time is not None else last_seconds
        if seconds > limits.max_video_seconds:
            raise MediaRejected(RejectionReason.VIDEO_TOO_LONG, f"frame at {seconds:.1f} s")
        last_seconds, width, height = seconds, frame.width, frame.height
        if seconds + 1e-6 >= next_sample:
            keyframes.append(Keyframe(seconds, fit_review_size(frame.to_image(), long_side)))
            next_sample = (
                math.floor(seconds / KEYFRAME_INTERVAL_SECONDS) + 1
            ) * KEYFRAME_INTERVAL_SECONDS
    if not keyframes:
        raise MediaRejected(RejectionReason.VIDEO_WITHOUT_FRAMES, "no frame could be decoded")
    logger.debug("sampled %d keyframes over %.1f s", len(keyframes), last_seconds)
    return DecodedVideo(tuple(keyframes), width, height, max(declared, last_seconds))


def storyboard(keyframes: tuple[Keyframe, ...] | list[Keyframe]) -> Image.Image:
    """A sharp contact sheet of up to 12 evenly spaced keyframes, 4 per row.

    The sheet itself stays on the server: intake sends only its blurred derivatives out, and a
    reveal composites a region of it like any still image.
    """
    if not keyframes:
        raise ValueError("a storyboard needs at least one keyframe")
    step = max(1, math.ceil(len(keyframes) / STORYBOARD_MAX_TILES))
    chosen = list(keyframes)[::step][:STORYBOARD_MAX_TILES]
    tiles = [fit_review_size(frame.image, STORYBOARD_TILE_LONG_SIDE) for frame in chosen]
    tile_width = max(tile.width for tile in tiles)
    tile_height = max(tile.height for tile in tiles)
    columns = min(STORYBOARD_COLUMNS, len(tiles))
    rows = math.ceil(len(tiles) / columns)
    gap = 4
    sheet = Image.new(
        "RGB", (columns * (tile_width + gap) - gap, rows * (tile_height + gap) - gap), (32, 32, 32)
    )
    for index, tile in enumerate(tiles):
        left = (index % columns) * (tile_width + gap) + (tile_width - tile.width) // 2
        top = (index // columns) * (tile_height + gap) + (tile_height - tile.height) // 2
        sheet.paste(tile, (left, top))
    return sheet
