"""Read a hash bank from CSV: hex PDQ hashes with optional labels, tags and quality.

Hash-list exports name their columns differently (`hash`, `pdq`, `signal`, `signal_value` ...);
files without a header are read as `hash[,label]`. Parsing is all or nothing: every bad row is
reported with its line number, and no entry is returned unless the whole file is good, so an
admin never imports half a list without noticing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from review.matching.pdq import MIN_TRUSTED_QUALITY, Hash

HASH_COLUMNS = ("hash", "pdq", "pdq_hash", "signal", "signal_value", "indicator", "hash_value")
LABEL_COLUMNS = ("label", "name", "description", "category")
TAG_COLUMNS = ("tags", "tag", "labels")
QUALITY_COLUMNS = ("quality", "pdq_quality")
TYPE_COLUMNS = ("signal_type", "hash_type", "type")
_PDQ_TYPE_NAMES = {"pdq", "pdq_hash", "hash_pdq", "pdqhash", "photo_pdq"}
_HEX_HASH = re.compile(r"[0-9a-fA-F]{64}")
_TAG_SPLIT = re.compile(r"[;,|\s]+")


@dataclass(frozen=True)
class BankEntry:
    """One hash from a bank file, with the line it came from."""

    hash: Hash
    label: str
    tags: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class RowError:
    """What is wrong with one line of the file."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class BankFile:
    """A parsed bank: its entries, and lines that repeated an earlier hash (line, first line)."""

    entries: tuple[BankEntry, ...]
    duplicates: tuple[tuple[int, int], ...] = field(default=())


class BankCsvError(ValueError):
    """The file cannot be imported; `errors` lists every bad line."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "; ".join(str(error) for error in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        super().__init__(f"{len(errors)} bad line(s): {shown}{more}")


def parse_bank_csv(text: str, min_quality: int = MIN_TRUSTED_QUALITY) -> BankFile:
    """Parse a whole bank file; raise BankCsvError listing every bad row, or return all entries.

    Repeated hashes are kept once (the first line) and listed in `duplicates`.
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise BankCsvError([RowError(1, "the file has no rows")])
    columns, first_data_index, errors = _columns(rows)
    entries: list[BankEntry] = []
    first_line_of: dict[bytes, int] = {}
    duplicates: list[tuple[int, int]] = []
    for index in range(first_data_index, len(rows)):
        row, line = rows[index], index + 1
        if not any(cell.strip() for cell in row):
            continue
        entry = _entry(row, line, columns, min_quality, errors)
        if entry is None:
            continue
        if entry.hash.bits in first_line_of:
            duplicates.append((line, first_line_of[entry.hash.bits]))
            continue
        first_line_of[entry.hash.bits] = line
        entries.append(entry)
    if errors:
        raise BankCsvError(errors)
    return BankFile(tuple(entries), tuple(duplicates))


def _find(header: list[str], names: Iterable[str]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _columns(rows: list[list[str]]) -> tuple[dict[str, int | None], int, list[RowError]]:
    first_index = next(i for i, row in enumerate(rows) if any(cell.strip() for cell in row))
    first = [cell.strip() for cell in rows[first_index]]
    if first and _HEX_HASH.fullmatch(first[0]):
        no_header: dict[str, int | None] = {"hash": 0, "label": 1, "tags": None}
        return no_header | {"quality": None, "type": None}, first_index, []
    header = [cell.lower().replace(" ", "_") for cell in first]
    columns = {
        "hash": _find(header, HASH_COLUMNS),
        "label": _find(header, LABEL_COLUMNS),
        "tags": _find(header, TAG_COLUMNS),
        "quality": _find(header, QUALITY_COLUMNS),
        "type": _find(header, TYPE_COLUMNS),
    }
    errors = []
    if columns["hash"] is None:
        wanted = ", ".join(HASH_COLUMNS)
        errors.append(RowError(first_index + 1, f"no hash column in the header (one of {wanted})"))
    return columns, first_index + 1, errors


def _cell(row: list[str], column: int | None) -> str:
    return row[column].strip() if column is not None and column < len(row) else ""


def _entry(
    row: list[str],
    line: int,
    columns: dict[str, int | None],
    min_quality: int,
    errors: list[RowError],
) -> BankEntry | None:
    if columns["hash"] is None:
        return None
    signal_type = _cell(row, columns["type"]).lower()
    if signal_type and signal_type not in _PDQ_TYPE_NAMES:
        errors.append(RowError(line, f"signal type {signal_type!r} is not PDQ"))
        return None
    text = _cell(row, columns["hash"])
    if not _HEX_HASH.fullmatch(text):
        shown = text if len(text) <= 80 else text[:77] + "..."
        errors.append(RowError(line, f"hash {shown!r} is not 64 hexadecimal characters"))
        return None
    quality_text = _cell(row, columns["quality"])
    quality = 100
    if quality_text:
        if not quality_text.isdigit() or int(quality_text) > 100:
            errors.append(RowError(line, f"quality {quality_text!r} is not a whole number 0-100"))
            return None
        quality = int(quality_text)
        if quality < min_quality:
            errors.append(
                RowError(
                    line, f"quality {quality} is below {min_quality}; not trusted for matching"
                )
            )
            return None
    tags = tuple(tag for tag in _TAG_SPLIT.split(_cell(row, columns["tags"])) if tag)
    return BankEntry(Hash.from_hex(text, quality), _cell(row, columns["label"]), tags, line)
