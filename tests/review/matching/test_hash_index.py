"""The hash index finds exactly the hashes within the radius and follows adds and removals."""

import numpy as np
import pytest

from review.matching.index import DuplicateHashId, HashIndex, Match, UntrustedHash
from review.matching.pdq import Hash, dihedral_hashes
from review.media.synthetic import draw_scene, mirrored


def flipped(hash_: Hash, bits: int) -> Hash:
    value = int.from_bytes(hash_.bits, "big") ^ ((1 << bits) - 1)
    return Hash(value.to_bytes(32, "big"))


@pytest.fixture
def base() -> Hash:
    return Hash(np.random.default_rng(1).integers(0, 256, 32, dtype=np.uint8).tobytes())


def test_a_hash_at_the_threshold_matches_and_one_bit_further_does_not(base):
    index = HashIndex.build([(1, flipped(base, 31)), (2, flipped(base, 32)), (3, base)])
    assert index.search(base) == [Match(0, 3), Match(31, 1)]
    assert index.search(base, max_distance=32) == [Match(0, 3), Match(31, 1), Match(32, 2)]
    assert index.search(base, max_distance=0) == [Match(0, 3)]


def test_removed_hashes_are_no_longer_found_and_can_be_added_again(base):
    index = HashIndex.build([(10, base), (11, flipped(base, 3))])
    assert index.remove([10, 99]) == 1
    assert 10 not in index and len(index) == 1
    assert index.search(base) == [Match(3, 11)]
    index.add([10], [base])
    assert index.search(base)[0] == Match(0, 10)


def test_an_id_cannot_be_indexed_twice(base):
    index = HashIndex.build([(1, base)])
    with pytest.raises(DuplicateHashId):
        index.add([1], [flipped(base, 5)])
    with pytest.raises(DuplicateHashId):
        index.add([2, 2], [base, base])


def test_untrusted_hashes_are_neither_indexed_nor_searched(base):
    weak = Hash(base.bits, quality=49)
    with pytest.raises(UntrustedHash):
        HashIndex.build([(1, weak)])
    with pytest.raises(UntrustedHash):
        HashIndex.build([(1, base)]).search(weak)


def test_an_empty_index_finds_nothing(base):
    assert HashIndex().search(base) == []


def test_the_index_agrees_with_a_plain_scan_on_random_data():
    rng = np.random.default_rng(7)
    stored = [Hash(row.tobytes()) for row in rng.integers(0, 256, (2000, 32), dtype=np.uint8)]
    query = Hash(stored[5].bits[:-2] + b"\x00\x00")
    index = HashIndex.build(enumerate(stored))
    expected = sorted(
        Match((int.from_bytes(h.bits, "big") ^ int.from_bytes(query.bits, "big")).bit_count(), i)
        for i, h in enumerate(stored)
    )
    assert index.search(query, max_distance=110) == [m for m in expected if m.distance <= 110]


def test_a_mirrored_upload_is_found_by_a_dihedral_search_with_its_best_distance():
    scene = draw_scene(5)
    index = HashIndex.build([(7, dihedral_hashes(mirrored(scene))[0])])
    variants = dihedral_hashes(scene)
    assert index.search(variants[0]) == []
    (match,) = index.search_dihedral(variants)
    assert match.id == 7 and match.distance <= 31


def test_an_index_built_from_arrays_answers_like_one_built_from_hashes(base):
    pairs = [(5, base), (6, flipped(base, 20)), (7, flipped(base, 40))]
    matrix = np.frombuffer(b"".join(h.bits for _, h in pairs), dtype=np.uint8).reshape(3, 32)
    from_arrays = HashIndex.from_arrays(np.array([5, 6, 7]), matrix)
    assert from_arrays.search(base) == HashIndex.build(pairs).search(base)
    assert 6 in from_arrays and len(from_arrays) == 3
    with pytest.raises(DuplicateHashId):
        HashIndex.from_arrays(np.array([1, 1]), matrix[:2])
