"""PDQ hashes: hex form, distance, trust, and robustness to re-sharing and rotation."""

import numpy as np
import pytest
from PIL import Image

from review.matching.pdq import (
    DIHEDRAL_NAMES,
    Hash,
    InvalidHash,
    dihedral_hashes,
    distance,
    hash_image,
)
from review.media.synthetic import (
    brightened,
    cropped,
    draw_scene,
    mirrored,
    reencoded,
    resized,
    rotated,
)


@pytest.fixture(scope="module")
def scene() -> Image.Image:
    return draw_scene(42)


def test_hex_round_trips_and_distance_counts_differing_bits():
    a = Hash.from_hex("f" * 64)
    b = Hash.from_hex("0" * 63 + "7")
    assert a.to_hex() == "f" * 64
    assert distance(a, b) == 253
    assert distance(a, a) == 0


@pytest.mark.parametrize("text", ["f" * 63, "f" * 65, "g" * 64, "0x" + "f" * 62, ""])
def test_malformed_hex_is_refused(text):
    with pytest.raises(InvalidHash):
        Hash.from_hex(text)


def test_quality_fifty_is_trusted_and_forty_nine_is_not():
    assert Hash(bytes(32), 50).is_trusted
    assert not Hash(bytes(32), 49).is_trusted
    with pytest.raises(InvalidHash):
        Hash(bytes(32), 101)


def test_the_hex_form_matches_the_reference_bit_order():
    """pdqhash returns bits most-significant first, like the reference `toString`."""
    import pdqhash

    small = draw_scene(42, (400, 300))  # below the 512 px hashing size, so no downscaling
    vector, _ = pdqhash.compute(np.asarray(small))
    expected = "".join(
        f"{int(''.join(map(str, vector[i : i + 4])), 2):x}" for i in range(0, 256, 4)
    )
    assert hash_image(small).to_hex() == expected


@pytest.mark.parametrize("seed", [1, 2, 42])
def test_near_duplicates_fall_within_the_match_distance(seed):
    scene = draw_scene(seed)
    original = hash_image(scene)
    variants = (reencoded(scene, 30), cropped(scene, 0.01), resized(scene, 0.7), brightened(scene))
    for variant in variants:
        assert distance(original, hash_image(variant)) <= 31


def test_synthetic_scenes_hash_with_trusted_quality():
    assert all(hash_image(draw_scene(seed)).is_trusted for seed in range(20))


def test_different_scenes_are_far_apart(scene):
    assert distance(hash_image(scene), hash_image(draw_scene(43))) > 60


def test_a_flat_picture_gets_an_untrusted_hash():
    assert not hash_image(Image.new("RGB", (200, 200), (90, 90, 90))).is_trusted


def test_dihedral_variants_recognise_rotations_and_mirrors(scene):
    variants = dihedral_hashes(scene)
    assert len(variants) == len(DIHEDRAL_NAMES) == 8
    assert variants[0] == hash_image(scene)
    for transformed in (rotated(scene, 1), rotated(scene, 2), rotated(scene, 3), mirrored(scene)):
        seen = hash_image(transformed)
        assert distance(seen, variants[0]) > 31
        assert min(distance(seen, variant) for variant in variants) <= 31
