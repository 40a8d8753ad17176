"""Where encrypted blobs live: a tiny interface, a local directory now, object storage later.

Keys are content addresses (64 lowercase hex characters, the SHA-256 of the original), so a key
can never name a path outside the store and several app processes agree on where a blob is.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

_BLOB_KEY = re.compile(r"[0-9a-f]{64}")


class InvalidBlobKey(ValueError):
    """A blob key that is not a 64-character lowercase hex content address."""


class BlobNotFound(KeyError):
    """No blob is stored under the key."""


class BlobStore(Protocol):
    """Put, get and delete encrypted blobs by content address."""

    def put(self, key: str, blob: bytes) -> None:
        """Store `blob` under `key`, replacing any blob already there, atomically."""
        ...

    def get(self, key: str) -> bytes:
        """Return the blob under `key` or raise BlobNotFound."""
        ...

    def delete(self, key: str) -> None:
        """Remove the blob under `key`; removing a missing blob is not an error (retention)."""
        ...

    def exists(self, key: str) -> bool:
        """Whether a blob is stored under `key`."""
        ...


def validate_blob_key(key: str) -> str:
    """Return `key` if it is a content address, else raise InvalidBlobKey."""
    if not _BLOB_KEY.fullmatch(key):
        raise InvalidBlobKey(f"{key!r} is not a 64-character lowercase hex content address")
    return key


class LocalDirectoryStore:
    """Blobs as files under `root/ab/cd/<key>`; writes go to a temp file then `os.replace`."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        validate_blob_key(key)
        return self.root / key[:2] / key[2:4] / key

    def put(self, key: str, blob: bytes) -> None:
        """Write atomically: readers see the old blob or the new one, never half of one."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(blob)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        """Read the blob under `key`."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise BlobNotFound(key) from error

    def delete(self, key: str) -> None:
        """Remove the blob under `key` if present."""
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Whether a blob file exists under `key`."""
        return self._path(key).is_file()


class InMemoryStore:
    """A BlobStore in a dict, for tests and demos."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def put(self, key: str, blob: bytes) -> None:
        """Store `blob` under `key`."""
        self.blobs[validate_blob_key(key)] = blob

    def get(self, key: str) -> bytes:
        """Return the blob under `key`."""
        try:
            return self.blobs[validate_blob_key(key)]
        except KeyError as error:
            raise BlobNotFound(key) from error

    def delete(self, key: str) -> None:
        """Remove the blob under `key` if present."""
        self.blobs.pop(validate_blob_key(key), None)

    def exists(self, key: str) -> bool:
        """Whether a blob is stored under `key`."""
        return validate_blob_key(key) in self.blobs
