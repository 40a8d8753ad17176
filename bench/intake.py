"""Benchmark: intake of a 12-megapixel JPEG (decode, encrypt, three derivatives, PDQ).

Baseline measured in the same run: one full-size Pillow decode of the same file.
Targets: intake <= 1.5x the baseline, and a PDQ hash within distance 10 of the full-size hash.
Run: .venv/bin/python -m bench.intake [--runs N]
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import statistics
import time

import numpy as np
import pdqhash
from PIL import Image

from review.matching.pdq import Hash, distance
from review.media.crypto import KeyRing
from review.media.intake import intake_media
from review.media.limits import MediaLimits
from review.media.store import InMemoryStore
from review.media.synthetic import draw_scene, encode


def full_decode(data: bytes) -> Image.Image:
    """The baseline: decode every pixel of the file at full size."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    photo = encode(draw_scene(12, (4000, 3000), noise=8.0), "JPEG", quality=90)
    keyring = KeyRing.from_settings("bench", {"bench": base64.b64encode(os.urandom(32)).decode()})
    limits = MediaLimits()
    baseline_ms, intake_ms = [], []
    media = None
    for run in range(args.runs + 1):  # the first round warms caches and is not counted
        start = time.perf_counter()
        full_decode(photo)
        middle = time.perf_counter()
        media = intake_media(photo, limits, keyring, InMemoryStore())
        end = time.perf_counter()
        if run:
            baseline_ms.append((middle - start) * 1000)
            intake_ms.append((end - middle) * 1000)
    assert media is not None
    vector, quality = pdqhash.compute(np.asarray(full_decode(photo).convert("RGB")))
    full_hash = Hash(np.packbits(vector.astype(np.uint8)).tobytes(), int(quality))
    baseline, ours = statistics.median(baseline_ms), statistics.median(intake_ms)
    moved = distance(media.hashes[0].hash, full_hash)
    print(f"photo                          {len(photo) / 1e6:.1f} MB JPEG, 4000x3000")
    print(f"baseline full-size decode      {baseline:8.1f} ms (median of {args.runs})")
    print(
        f"intake_media                   {ours:8.1f} ms  ratio {ours / baseline:.2f}x"
        " (target <= 1.5x)"
    )
    print(
        f"PDQ distance to full-size hash {moved:8d} bits (target <= 10);"
        f" quality {media.hashes[0].hash.quality}"
    )


if __name__ == "__main__":
    main()
