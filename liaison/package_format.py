"""The police evidence package's format, shared by the builder and the verifier.

A package is a WinZip-AES-256 encrypted zip (opens in 7-Zip, WinZip and `python -m liaison`):
    originals/…       the decrypted original files, byte for byte as received
    hashes.json       SHA-256 and PDQ hashes of every original
    metadata.json     the case, its items, URLs and takedown requests (no victim's identity)
    decisions.json    every decision on the case, including undone ones
    audit.json        the case's extract of the audit chain, with each event's hashes
    manifest.json     every file above with its SHA-256 and size, the case, signer's public key
    manifest.sig      Ed25519 signature of manifest.json (base64)
Two signatures: `manifest.sig` says which file changed; the zip's comment carries an Ed25519
signature over every byte of the zip before the comment, so a change anywhere in the file —
compressed data, headers, timestamps, the directory — fails verification, even where the zip
format itself would not notice.
"""

from __future__ import annotations

import base64

FORMAT = "vigil-evidence/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
COMMENT_PREFIX = b"VIGIL-EVIDENCE-SIG/1 "
SIGNATURE_B64_LENGTH = 88  # base64 of a 64-byte Ed25519 signature
COMMENT_LENGTH = len(COMMENT_PREFIX) + SIGNATURE_B64_LENGTH


def comment_for(signature: bytes) -> bytes:
    """The zip comment that carries the whole-file signature (fixed length)."""
    comment = COMMENT_PREFIX + base64.b64encode(signature)
    assert len(comment) == COMMENT_LENGTH
    return comment


def split_signed(data: bytes) -> tuple[bytes, bytes | None]:
    """The signed part of a package file and the signature from its comment (None if absent)."""
    if len(data) < COMMENT_LENGTH:
        return data, None
    signed, comment = data[:-COMMENT_LENGTH], data[-COMMENT_LENGTH:]
    if not comment.startswith(COMMENT_PREFIX):
        return data, None
    try:
        return signed, base64.b64decode(comment[len(COMMENT_PREFIX) :], validate=True)
    except ValueError:
        return data, None
