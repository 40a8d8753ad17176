"""An in-memory index of PDQ hashes keyed by database ids, searched by Hamming radius.

Built on faiss `IndexBinaryFlat` wrapped in `IndexBinaryIDMap2`: an exhaustive scan with
hardware popcount (about 1 ms per query over a million hashes on two cores), exact results, and
ids chosen by the caller, so the index is kept in step with the database by adding and removing
the same (id, hash) pairs the database holds, or by rebuilding it from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import faiss
import numpy as np

from review.matching.pdq import DEFAULT_MATCH_DISTANCE, HASH_BYTES, MIN_TRUSTED_QUALITY, Hash

_BITS = HASH_BYTES * 8


def set_search_threads(threads: int) -> None:
    """How many OpenMP threads faiss may use (process-wide).

    Vigil sets 1 at import: a single query over a million hashes is memory-bound and takes about
    1.4 ms on one thread, while two spinning OpenMP threads on a busy two-core machine measured
    35 ms per query. Web sessions give us concurrency; raise it only on a dedicated matcher.
    """
    if threads < 1:
        raise ValueError("threads must be at least 1")
    faiss.omp_set_num_threads(threads)


set_search_threads(1)


@dataclass(frozen=True, order=True)
class Match:
    """One indexed hash within the search radius: its id and its distance from the query."""

    distance: int
    id: int


class DuplicateHashId(ValueError):
    """An id that is already in the index was added again."""


class UntrustedHash(ValueError):
    """A hash below MIN_TRUSTED_QUALITY was given to the index; it would match too much."""


def _ensure_trusted(hashes: Sequence[Hash]) -> None:
    weak = [h.quality for h in hashes if not h.is_trusted]
    if weak:
        raise UntrustedHash(f"quality {weak[0]} is below {MIN_TRUSTED_QUALITY}")


class HashIndex:
    """PDQ hashes by int64 id; exact radius search, incremental add and remove, rebuild.

    Only trusted hashes (quality >= 50) may be added or searched: check `Hash.is_trusted` first.
    Not thread-safe for writes; readers and the single writer should share a lock.
    """

    def __init__(self) -> None:
        self._index = faiss.IndexBinaryIDMap2(faiss.IndexBinaryFlat(_BITS))
        self._ids: set[int] = set()

    @classmethod
    def build(cls, pairs: Iterable[tuple[int, Hash]]) -> HashIndex:
        """An index holding the given (id, hash) pairs, e.g. read from the database."""
        index = cls()
        pairs = list(pairs)
        index.add([pair[0] for pair in pairs], [pair[1] for pair in pairs])
        return index

    @classmethod
    def from_arrays(cls, ids: np.ndarray, bits: np.ndarray) -> HashIndex:
        """An index from an int64 id vector and an (n, 32) uint8 matrix of trusted hashes.

        The fast path for large banks: no Hash object per row. Quality must be checked by the
        caller (bank import refuses untrusted rows already).
        """
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        bits = np.ascontiguousarray(bits, dtype=np.uint8)
        if bits.ndim != 2 or bits.shape[1] != HASH_BYTES or len(ids) != len(bits):
            raise ValueError(f"need n ids and an (n, {HASH_BYTES}) uint8 matrix")
        id_set = set(ids.tolist())
        if len(id_set) != len(ids):
            raise DuplicateHashId("ids repeat")
        index = cls()
        if len(ids):
            index._index.add_with_ids(bits, ids)
        index._ids = id_set
        return index

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def __contains__(self, item_id: int) -> bool:
        return item_id in self._ids

    def add(self, ids: Sequence[int], hashes: Sequence[Hash]) -> None:
        """Add hashes under their ids; an id already present (or repeated) is refused."""
        if len(ids) != len(hashes):
            raise ValueError("ids and hashes must have the same length")
        new_ids = set(ids)
        clashes = new_ids & self._ids
        if clashes or len(new_ids) != len(ids):
            raise DuplicateHashId(f"ids already indexed or repeated: {sorted(clashes)[:5]}")
        _ensure_trusted(hashes)
        if not ids:
            return
        vectors = np.frombuffer(b"".join(h.bits for h in hashes), dtype=np.uint8)
        self._index.add_with_ids(
            vectors.reshape(len(hashes), HASH_BYTES), np.asarray(ids, dtype=np.int64)
        )
        self._ids |= new_ids

    def remove(self, ids: Iterable[int]) -> int:
        """Remove the given ids (missing ones are ignored); returns how many were removed."""
        present = [item_id for item_id in ids if item_id in self._ids]
        if not present:
            return 0
        # faiss's Python wrapper turns an id array into an IDSelectorBatch; its stubs omit that.
        ids_array = np.asarray(present, dtype=np.int64)
        removed = int(self._index.remove_ids(ids_array))  # type: ignore[arg-type]
        self._ids.difference_update(present)
        return removed

    def search(self, query: Hash, max_distance: int = DEFAULT_MATCH_DISTANCE) -> list[Match]:
        """All indexed hashes within `max_distance` bits of `query`, nearest first."""
        return self._search_many([query], max_distance)

    def search_dihedral(
        self, variants: Sequence[Hash], max_distance: int = DEFAULT_MATCH_DISTANCE
    ) -> list[Match]:
        """Search all 8 rotations/mirrors of an item at once; each id once, at its best distance."""
        return self._search_many(variants, max_distance)

    def _search_many(self, queries: Sequence[Hash], max_distance: int) -> list[Match]:
        if not 0 <= max_distance <= _BITS:
            raise ValueError(f"max_distance must be in 0..{_BITS}")
        _ensure_trusted(queries)
        if not queries or len(self) == 0:
            return []
        vectors = np.frombuffer(b"".join(q.bits for q in queries), dtype=np.uint8)
        # faiss keeps results strictly below the radius, so ask for one more than the limit.
        _, distances, ids = self._index.range_search(
            vectors.reshape(len(queries), HASH_BYTES), max_distance + 1
        )
        best: dict[int, int] = {}
        for item_id, found in zip(ids.tolist(), distances.tolist(), strict=True):
            if found < best.get(item_id, _BITS + 1):
                best[item_id] = int(found)
        return sorted(Match(found, item_id) for item_id, found in best.items())
