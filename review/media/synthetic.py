"""Synthetic test and demo media drawn with Pillow and PyAV: shapes, gradients, noise, text.

Nothing real or explicit is ever used in tests or demos. Each scene is fixed by its seed, and
the variants mimic what happens to material as it is re-shared (re-encoding, crops, brightness,
rotations and mirrors), so near-duplicate grouping can be tested and shown.
"""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np
from av.video.stream import VideoStream
from PIL import Image, ImageDraw, ImageEnhance, ImageOps


def draw_scene(seed: int, size: tuple[int, int] = (640, 480), noise: float = 6.0) -> Image.Image:
    """A deterministic picture: a two-colour gradient, random shapes, a caption and mild noise."""
    rng = np.random.default_rng(seed)
    width, height = size
    start, end = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    mix = (
        np.linspace(0.0, 1.0, width)[None, :, None] * 0.6
        + np.linspace(0.0, 1.0, height)[:, None, None] * 0.4
    )
    pixels = start[None, None, :] * (1 - mix) + end[None, None, :] * mix
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    short = min(size)
    # Enough shapes that PDQ sees structure (quality well above 50) in every scene.
    for _ in range(int(rng.integers(16, 28))):
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        extent = int(rng.integers(short // 16, short // 4))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        box = (x - extent, y - extent, x + extent, y + extent)
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour)
        else:
            draw.rectangle(box, fill=colour)
    draw.text((short // 20, short // 20), f"Vigil synthetic #{seed}", fill=(255, 255, 255))
    if noise:
        jitter = rng.normal(0.0, noise, (height, width, 3))
        image = Image.fromarray(np.clip(np.asarray(image) + jitter, 0, 255).astype(np.uint8))
    return image


def encode(image: Image.Image, image_format: str = "JPEG", **options: object) -> bytes:
    """The picture encoded in `image_format` (JPEG, PNG, WEBP, GIF)."""
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def reencoded(image: Image.Image, quality: int = 40) -> Image.Image:
    """The picture after a lossy round trip, as on a platform that recompresses uploads."""
    return Image.open(io.BytesIO(encode(image, "JPEG", quality=quality))).convert("RGB")


def cropped(image: Image.Image, share: float = 0.01) -> Image.Image:
    """The picture with `share` of each side cut away and scaled back to its size.

    PDQ tolerates small crops only: 1 % per side moves a hash by about 16 bits, 3 % by about 50.
    """
    dx, dy = int(image.width * share), int(image.height * share)
    return image.crop((dx, dy, image.width - dx, image.height - dy)).resize(image.size)


def resized(image: Image.Image, scale: float = 0.7) -> Image.Image:
    """The picture scaled by `scale`, as a platform's thumbnail would be."""
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))


def brightened(image: Image.Image, factor: float = 1.15) -> Image.Image:
    """The picture with brightness scaled by `factor`."""
    return ImageEnhance.Brightness(image).enhance(factor)


def rotated(image: Image.Image, quarter_turns: int) -> Image.Image:
    """The picture turned by 90-degree steps (counter-clockwise)."""
    return image.rotate(90 * quarter_turns, expand=True)


def mirrored(image: Image.Image) -> Image.Image:
    """The picture mirrored left to right."""
    return ImageOps.mirror(image)


def synthetic_video(
    seed: int,
    seconds: float = 3.0,
    fps: int = 10,
    size: tuple[int, int] = (320, 240),
    container: str = "mp4",
) -> bytes:
    """A short silent clip whose scene changes every second ("mp4": H.264, "webm": VP8)."""
    codec = {"mp4": "libx264", "webm": "libvpx"}[container]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream(codec, rate=fps)
        assert isinstance(stream, VideoStream)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, fps)
        scenes = [
            draw_scene(seed * 1000 + second, size, noise=0) for second in range(int(seconds) + 1)
        ]
        for index in range(int(seconds * fps)):
            scene = scenes[index // fps]
            # A slow drift so frames within one second differ a little, like real footage.
            frame = av.VideoFrame.from_image(scene.rotate(index % fps, fillcolor=(0, 0, 0)))
            frame.pts = index
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return buffer.getvalue()
