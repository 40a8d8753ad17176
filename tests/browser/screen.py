"""What a reviewer sees: the blurred image with the server's region patch laid over it.

The widget receives only the region's box and places it in percent of the image, so the tests
read where it was placed and compare a screenshot of the picture with the blurred image and the
patch put together the same way.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from playwright.sync_api import Page


def revealed_place(page: Page, image_size: tuple[int, int]) -> tuple[int, int]:
    """Where the widget laid the revealed patch, as (left, top) in image pixels."""
    left, top = page.locator("img.revealed").first.evaluate(
        "img => [parseFloat(img.style.left), parseFloat(img.style.top)]"
    )
    width, height = image_size
    return round(left * width / 100), round(top * height / 100)


def on_screen(page: Page) -> np.ndarray:
    """The picture as displayed (the first reveal stage), greyscale."""
    shot = page.locator(".stage").first.screenshot()
    return np.asarray(Image.open(io.BytesIO(shot)).convert("L"), dtype=np.float64)


def expected_screen(
    blurred: np.ndarray, patch: np.ndarray, place: tuple[int, int], shape: tuple[int, ...]
) -> np.ndarray:
    """The blurred image with `patch` at `place`, scaled to the displayed `shape`."""
    left, top = place
    view = blurred.copy()
    view[top : top + patch.shape[0], left : left + patch.shape[1]] = patch
    image = Image.fromarray(np.clip(view, 0, 255).astype(np.uint8))
    size = (shape[1], shape[0])
    return np.asarray(image.resize(size, Image.Resampling.BILINEAR), dtype=np.float64)


def screen_box(
    box: tuple[int, int, int, int], image_size: tuple[int, int], shape: tuple[int, ...]
) -> tuple[slice, slice]:
    """Rows and columns of the displayed picture that show `box` (image pixels), 2 px inside."""
    left, top, right, bottom = box
    x_scale, y_scale = shape[1] / image_size[0], shape[0] / image_size[1]
    rows = slice(round(top * y_scale) + 2, round(bottom * y_scale) - 2)
    return rows, slice(round(left * x_scale) + 2, round(right * x_scale) - 2)
