"""What the reviewer's screen shows: the stored derivative blurred further to the chosen strength.

Intake stores one blurred derivative per item at `INTAKE_BLUR`. Presets per harm type can only
make it stronger: Gaussian blurs add in quadrature, so a stored blur of radius r0 blurred again by
sqrt(r² - r0²) looks like one blur of radius r. A reveal's sharp region is laid over this stronger
picture, so the only sharp pixels the browser ever receives are the revealed region's.
"""

from __future__ import annotations

import io
import math

from PIL import Image

from review.media.derivatives import DerivativeSettings, blur, encode_jpeg
from review.media.reveal import InvalidRevealRegion

INTAKE_BLUR = DerivativeSettings().blur_strength
SHOWN_JPEG_QUALITY = 80


def _decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def extra_blur_share(strength: float, intake_blur: float = INTAKE_BLUR) -> float:
    """The blur (share of the long side) to add to a stored derivative to reach `strength`."""
    if strength <= intake_blur:
        return 0.0
    return math.sqrt(strength**2 - intake_blur**2)


def at_strength(derivative_jpeg: bytes, strength: float) -> bytes:
    """The derivative blurred to `strength` (never less blurred than stored), as JPEG."""
    extra = extra_blur_share(strength)
    if extra == 0.0:
        return derivative_jpeg
    image = _decoded(derivative_jpeg)
    return encode_jpeg(blur(image, extra), SHOWN_JPEG_QUALITY)


def ensure_shown_mode(shown_jpeg: bytes, *, greyscale: bool) -> None:
    """Raise InvalidRevealRegion unless the shown picture is greyscale exactly when asked.

    A reveal takes its colours from the picture it is laid on; a colour backdrop under a
    greyscale view would bring colour back into the revealed region.
    """
    with Image.open(io.BytesIO(shown_jpeg)) as image:  # the header only, nothing decoded
        mode = image.mode
    if (mode == "L") != greyscale:
        raise InvalidRevealRegion(f"the shown picture is {mode}, not what the reviewer sees")
