"""How much fine detail a picture holds: the tests' measure of "blurred beyond recovery"."""

from __future__ import annotations

import numpy as np


def detail(pixels: np.ndarray) -> float:
    """Variance of the Laplacian of a greyscale array: high for sharp edges, near 0 when blurred."""
    laplacian = (
        -4 * pixels[1:-1, 1:-1]
        + pixels[:-2, 1:-1]
        + pixels[2:, 1:-1]
        + pixels[1:-1, :-2]
        + pixels[1:-1, 2:]
    )
    return float(laplacian.var())
