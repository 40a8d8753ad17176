"""The synthetic picture the widget harness shows and the browser tests compare against.

Drawn with Pillow from a fixed seed: stripes and shapes with plenty of fine detail, so blur is
easy to measure. The blur copies what the review service does (Gaussian blur of 2.5 % of the
long side) and the region compositing is the service's own, so the tests check the bytes the
real page sends.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from review.media.reveal import RevealRegion, RevealShape, reveal_region

SIZE = (640, 480)
BLUR_STRENGTH = 0.025  # review.media.derivatives default: radius as a share of the long side


def sharp_scene() -> Image.Image:
    """The 'original': fine stripes under coloured shapes, deterministic."""
    rng = np.random.default_rng(20261104)
    width, height = SIZE
    image = Image.new("RGB", SIZE, (205, 212, 222))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 8):
        draw.line((x, 0, x, height), fill=(40, 44, 52) if (x // 8) % 2 else (245, 245, 240))
    for _ in range(50):
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        extent = int(rng.integers(8, 48))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        box = (x - extent, y - extent, x + extent, y + extent)
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour)
        else:
            draw.rectangle(box, fill=colour, outline=(0, 0, 0), width=2)
    return image


def blurred(image: Image.Image, greyscale: bool = False) -> Image.Image:
    """The derivative the browser may receive."""
    source = image.convert("L") if greyscale else image
    return source.filter(ImageFilter.GaussianBlur(max(1.0, BLUR_STRENGTH * max(image.size))))


def png(image: Image.Image) -> bytes:
    """PNG bytes of `image`."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def composite(sharp: Image.Image, derivative: Image.Image, shape: str, box: tuple) -> bytes:
    """What the review service sends for a reveal of `box` (left, top, right, bottom,
    exclusive): the box only, sharp inside the rectangle or ellipse, as JPEG bytes."""
    left, top, right, bottom = box
    region = RevealRegion(RevealShape(shape), left, top, right - left, bottom - top)
    return reveal_region(sharp.crop(box), derivative, region, max_share=1.0)
