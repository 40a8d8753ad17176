"""PDQ hashes: 256 bits plus a quality score, as exchanged by StopNCII and ThreatExchange.

Bit order follows the reference implementation's hex form: the 64 hex characters read as one
256-bit big-endian number, so hashes imported from hash lists and hashes we compute compare
directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image

HASH_BYTES = 32
# Below this quality the hash describes a nearly flat picture and matches too much.
MIN_TRUSTED_QUALITY = 50
DEFAULT_MATCH_DISTANCE = 31
# PDQ's own downscaling makes larger inputs pointless; at 512 px or less (an integer reduction)
# the hash moves by a few bits only.
HASHING_LONG_SIDE = 512
# Order of pdqhash.compute_dihedral's output.
DIHEDRAL_NAMES = (
    "original", "rotate90", "rotate180", "rotate270", "flip_x", "flip_y", "flip_plus1",
    "flip_minus1",
)  # fmt: skip
_HEX = re.compile(r"[0-9a-fA-F]{64}")


class InvalidHash(ValueError):
    """A hash that is not 32 bytes / 64 hex characters, or a quality outside 0..100."""


@dataclass(frozen=True)
class Hash:
    """A PDQ hash: 32 bytes of bits and the quality (0..100) the hasher gave them."""

    bits: bytes
    quality: int = 100

    def __post_init__(self) -> None:
        if len(self.bits) != HASH_BYTES:
            raise InvalidHash(f"a PDQ hash has {HASH_BYTES} bytes, not {len(self.bits)}")
        if not 0 <= self.quality <= 100:
            raise InvalidHash(f"quality must be in 0..100, not {self.quality}")

    @classmethod
    def from_hex(cls, text: str, quality: int = 100) -> Hash:
        """Parse the 64-hex-character form used by hash lists."""
        if not _HEX.fullmatch(text):
            raise InvalidHash(f"{text!r} is not 64 hexadecimal characters")
        return cls(bytes.fromhex(text), quality)

    def to_hex(self) -> str:
        """The 64-character lowercase hex form."""
        return self.bits.hex()

    @property
    def is_trusted(self) -> bool:
        """Whether the quality is high enough for the hash to be used in matching."""
        return self.quality >= MIN_TRUSTED_QUALITY


def distance(a: Hash, b: Hash) -> int:
    """Hamming distance: the number of differing bits (0..256)."""
    return (int.from_bytes(a.bits, "big") ^ int.from_bytes(b.bits, "big")).bit_count()


def _pixels_for_hashing(image: Image.Image) -> np.ndarray:
    small = image if image.mode == "RGB" else image.convert("RGB")
    factor = -(-max(small.size) // HASHING_LONG_SIDE)
    if factor > 1:
        # An integer box reduction is several times cheaper than a resample and anti-aliases
        # just as well before PDQ's own filtering.
        small = small.reduce(factor)
    return np.ascontiguousarray(np.asarray(small, dtype=np.uint8))


def _to_hash(vector: np.ndarray, quality: int) -> Hash:
    # pdqhash returns the bits most significant first, which is exactly the hex form's order.
    return Hash(np.packbits(vector.astype(np.uint8)).tobytes(), int(quality))


def hash_image(image: Image.Image) -> Hash:
    """PDQ hash of a picture (downscaled to 512 px on the long side first, for speed)."""
    vector, quality = pdqhash.compute(_pixels_for_hashing(image))
    return _to_hash(vector, quality)


def dihedral_hashes(image: Image.Image) -> list[Hash]:
    """The 8 hashes of the picture's rotations and mirrors, in DIHEDRAL_NAMES order."""
    vectors, quality = pdqhash.compute_dihedral(_pixels_for_hashing(image))
    return [_to_hash(vector, quality) for vector in vectors]
