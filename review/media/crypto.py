"""Originals encrypted at rest with AES-256-GCM; every blob names the key that sealed it.

Blob layout, version 1:
    [0x01][key-id length: 1 byte][key id, ASCII][nonce: 12 bytes][ciphertext + 16-byte tag]
The header is authenticated as associated data, so swapping a blob's key id or version is
detected just like tampering with the ciphertext. Keys come from settings as base64 strings and
are never written anywhere by this module.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BLOB_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32
_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class KeyRingError(ValueError):
    """The configured keys cannot be used (bad base64, wrong length, unknown current id)."""


class BlobDecryptionError(Exception):
    """A blob could not be opened: unknown key id, unknown version, damaged or tampered."""


@dataclass(frozen=True)
class KeyRing:
    """Named AES-256 keys: encrypts with `current_key_id`, decrypts with any key it holds.

    Rotation: add a new key, make it current, then `reencrypt` old blobs at leisure; drop the old
    key only when no blob names it any more.
    """

    current_key_id: str
    keys: Mapping[str, bytes] = field(repr=False)

    def __post_init__(self) -> None:
        for key_id, key in self.keys.items():
            if not _KEY_ID.fullmatch(key_id):
                raise KeyRingError(f"key id {key_id!r} must be 1-64 of A-Z a-z 0-9 . _ -")
            if len(key) != KEY_BYTES:
                raise KeyRingError(f"key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}")
        if self.current_key_id not in self.keys:
            raise KeyRingError(f"current key id {self.current_key_id!r} is not in the key ring")

    @classmethod
    def from_settings(cls, current_key_id: str, keys_base64: Mapping[str, str]) -> KeyRing:
        """Build a key ring from settings: key ids mapped to base64-encoded 32-byte keys."""
        decoded = {}
        for key_id, text in keys_base64.items():
            try:
                decoded[key_id] = base64.b64decode(text, validate=True)
            except binascii.Error as error:
                raise KeyRingError(f"key {key_id!r} is not valid base64") from error
        return cls(current_key_id, decoded)

    def encrypt(self, plaintext: bytes) -> bytes:
        """Seal `plaintext` with the current key and a fresh random nonce."""
        header = _header(self.current_key_id)
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current_key_id]).encrypt(nonce, plaintext, header)
        return header + nonce + sealed

    def decrypt(self, blob: bytes) -> bytes:
        """Open a blob sealed with any key in the ring; raise BlobDecryptionError otherwise."""
        key_id, header_length = _read_header(blob)
        if key_id not in self.keys:
            raise BlobDecryptionError(f"blob was sealed with key {key_id!r}, which is not loaded")
        nonce = blob[header_length : header_length + NONCE_BYTES]
        try:
            return AESGCM(self.keys[key_id]).decrypt(
                nonce, blob[header_length + NONCE_BYTES :], blob[:header_length]
            )
        except InvalidTag as error:
            raise BlobDecryptionError("blob is damaged or was tampered with") from error

    def reencrypt(self, blob: bytes) -> bytes:
        """Return the blob sealed with the current key (unchanged if it already is)."""
        if key_id_of(blob) == self.current_key_id:
            return blob
        return self.encrypt(self.decrypt(blob))


def key_id_of(blob: bytes) -> str:
    """The id of the key a blob was sealed with, read from its header."""
    return _read_header(blob)[0]


def _header(key_id: str) -> bytes:
    encoded = key_id.encode("ascii")
    return bytes([BLOB_VERSION, len(encoded)]) + encoded


def _read_header(blob: bytes) -> tuple[str, int]:
    if len(blob) < 2 or blob[0] != BLOB_VERSION:
        raise BlobDecryptionError("not a version-1 Vigil blob")
    header_length = 2 + blob[1]
    if len(blob) < header_length + NONCE_BYTES + 16:
        raise BlobDecryptionError("blob is too short")
    try:
        return blob[2:header_length].decode("ascii"), header_length
    except UnicodeDecodeError as error:
        raise BlobDecryptionError("blob header is damaged") from error
