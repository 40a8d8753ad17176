"""Benchmark: one PDQ query against a bank of 1,000,000 hashes.

Baseline measured in the same run: faiss IndexBinaryFlat nearest-neighbour search (k=1) on the
same data. Targets: HashIndex.search median <= 2 ms and <= 1.5x the baseline.
Run: .venv/bin/python -m bench.matching [--size N] [--queries Q] [--threads T]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import faiss
import numpy as np

from review.matching.index import HashIndex, set_search_threads
from review.matching.pdq import Hash


def median_ms(runs: list[Callable[[int], object]], count: int) -> list[float]:
    """Median wall time in ms of each run(i), i in range(count), after warm-up calls.

    The runs are interleaved query by query so that load from other processes on this shared
    machine falls on baseline and candidate alike.
    """
    times: list[list[float]] = [[] for _ in runs]
    for i in range(-2, count):
        for run, slot in zip(runs, times, strict=True):
            start = time.perf_counter()
            run(max(i, 0))
            if i >= 0:
                slot.append((time.perf_counter() - start) * 1000)
    return [statistics.median(slot) for slot in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1, help="faiss OpenMP threads")
    args = parser.parse_args()
    set_search_threads(args.threads)
    rng = np.random.default_rng(2026)
    bank = rng.integers(0, 256, (args.size, 32), dtype=np.uint8)
    # Queries are stored hashes with ~10 bits flipped, so every search has a real match.
    picks = rng.integers(0, args.size, args.queries)
    noise = np.packbits(rng.random((args.queries, 256)) < 10 / 256, axis=1)
    queries = np.bitwise_xor(bank[picks], noise)
    query_hashes = [Hash(row.tobytes()) for row in queries]

    flat = faiss.IndexBinaryFlat(256)
    flat.add(bank)
    start = time.perf_counter()
    index = HashIndex.from_arrays(np.arange(args.size, dtype=np.int64), bank)
    build_s = time.perf_counter() - start

    others = [Hash(rng.integers(0, 256, 32, dtype=np.uint8).tobytes()) for _ in range(7)]
    baseline, flat_range, ours, dihedral = median_ms(
        [
            lambda i: flat.search(queries[i : i + 1], 1),
            lambda i: flat.range_search(queries[i : i + 1], 32),
            lambda i: index.search(query_hashes[i]),
            lambda i: index.search_dihedral([query_hashes[i], *others]),
        ],
        args.queries,
    )
    found = sum(bool(index.search(h)) for h in query_hashes[:50])

    threads = faiss.omp_get_max_threads()
    print(f"bank size                       {args.size:>12,}  (faiss threads: {threads})")
    print(f"HashIndex build (from arrays)   {build_s * 1000:>10.0f} ms")
    print(f"baseline IndexBinaryFlat k=1    {baseline:>10.3f} ms")
    print(f"IndexBinaryFlat range r<=31     {flat_range:>10.3f} ms")
    print(
        f"HashIndex.search r<=31          {ours:>10.3f} ms  ratio {ours / baseline:.2f}x"
        "  (target <= 1.5x and <= 2 ms)"
    )
    print(f"HashIndex.search_dihedral (x8)  {dihedral:>10.3f} ms  {dihedral / ours:.2f}x one query")
    print(f"queries with their match found  {found}/50")


if __name__ == "__main__":
    main()
