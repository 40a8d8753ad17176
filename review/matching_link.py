"""The hash indexes as the database holds them: earlier items and bank hashes.

`MatchIndex.sync` loads only rows added since the last sync (by id), so every process catches up
with what other processes committed before it matches; nothing lives only in one process. Rows
are never updated, and purge keeps hashes, so adding is the only change the index must follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.matching.index import HashIndex
from review.matching.pdq import DEFAULT_MATCH_DISTANCE, Hash
from review.models import BankHash, HashBank, ItemHash

MAX_BANK_THRESHOLD = 64


@dataclass(frozen=True)
class ItemMatch:
    """An earlier item's hash near the new one."""

    case_id: int
    distance: int


@dataclass(frozen=True)
class BankMatch:
    """A bank hash within that bank's threshold."""

    bank_id: int
    distance: int


@dataclass
class MatchIndex:
    """Item and bank hashes, kept in step with the database by `sync`."""

    items: HashIndex = field(default_factory=HashIndex)
    banks: HashIndex = field(default_factory=HashIndex)
    item_case: dict[int, int] = field(default_factory=dict)
    bank_of_hash: dict[int, int] = field(default_factory=dict)
    thresholds: dict[int, int] = field(default_factory=dict)
    last_item_hash_id: int = 0
    last_bank_hash_id: int = 0

    def sync(self, session: Session) -> None:
        """Add rows committed since the last sync."""
        rows = session.execute(
            select(ItemHash.id, ItemHash.case_id, ItemHash.hash_hex, ItemHash.quality)
            .where(ItemHash.id > self.last_item_hash_id)
            .order_by(ItemHash.id)
        ).all()
        trusted = [row for row in rows if Hash.from_hex(row[2], row[3]).is_trusted]
        self.items.add([r[0] for r in trusted], [Hash.from_hex(r[2], r[3]) for r in trusted])
        self.item_case.update({row[0]: row[1] for row in rows})
        if rows:
            self.last_item_hash_id = rows[-1][0]
        bank_rows = session.execute(
            select(BankHash.id, BankHash.bank_id, BankHash.hash_hex, BankHash.quality)
            .where(BankHash.id > self.last_bank_hash_id)
            .order_by(BankHash.id)
        ).all()
        good = [row for row in bank_rows if Hash.from_hex(row[2], row[3]).is_trusted]
        self.banks.add([r[0] for r in good], [Hash.from_hex(r[2], r[3]) for r in good])
        self.bank_of_hash.update({row[0]: row[1] for row in bank_rows})
        if bank_rows:
            self.last_bank_hash_id = bank_rows[-1][0]
        self.thresholds = dict(session.execute(select(HashBank.id, HashBank.threshold)).all())

    def item_matches(self, hashes: list[Hash]) -> list[ItemMatch]:
        """Earlier items within the default distance (≤ 31) of any of `hashes`, nearest first."""
        found = self.items.search_dihedral(hashes, DEFAULT_MATCH_DISTANCE) if hashes else []
        return [ItemMatch(self.item_case[match.id], match.distance) for match in sorted(found)]

    def bank_matches(self, hashes: list[Hash]) -> list[BankMatch]:
        """Bank hashes within their own bank's threshold, nearest first."""
        found = self.banks.search_dihedral(hashes, MAX_BANK_THRESHOLD) if hashes else []
        matches = []
        for match in sorted(found):
            bank_id = self.bank_of_hash[match.id]
            if match.distance <= self.thresholds.get(bank_id, DEFAULT_MATCH_DISTANCE):
                matches.append(BankMatch(bank_id, match.distance))
        return matches
