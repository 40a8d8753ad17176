"""What the reviewer's screen shows: the stored derivative blurred further to the chosen strength.

Intake stores one blurred derivative per item at `INTAKE_BLUR`. Presets per harm type can only
make it stronger: Gaussian blurs add in quadrature, so a stored blur of radius r0 blurred again by
sqrt(r² - r0²) looks like one blur of radius r. A reveal's composite is laid over this stronger
picture, so the only sharp pixels the browser ever receives are the revealed region's.
"""

from __future__ import annotations

import io
import math

from PIL import Image

from review.media.derivatives import DerivativeSettings, blur, encode_jpeg
from review.media.reveal import RevealRegion, reveal_region

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


def region_over_shown(composite_jpeg: bytes, shown_jpeg: bytes, region: RevealRegion) -> bytes:
    """The shown picture with only `region` taken from the service's composite (sharp there)."""
    return reveal_region(_decoded(composite_jpeg), _decoded(shown_jpeg), region)
