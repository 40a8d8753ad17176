"""Keys the liaison services use, all from the media key ring in the settings.

The evidence signing key is Ed25519, derived with HKDF-SHA256 from the ring's current media key
(salt and info below are fixed, so the same settings always give the same key). Deriving it
keeps operations to one secret to guard and rotate; the cost is that rotating the media key also
rotates the signing key, so each package records its signer's public-key fingerprint and the
verifier can be given an older public key (`--public-key`). A dedicated `evidence_signing_key`
setting would decouple the two; see the lead's notes.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from review.media.crypto import KeyRing
from review.media.store import LocalDirectoryStore
from vigil.settings import Settings

SIGNING_SALT = b"vigil/liaison/evidence-signing/v1"
SIGNING_INFO = b"ed25519 signing key for police evidence manifests"


def keyring_from_settings(settings: Settings) -> KeyRing:
    """The media key ring: seals originals and victims' contact details alike."""
    return KeyRing.from_settings(settings.media_key_id, settings.media_keys)


def signing_key(keyring: KeyRing) -> Ed25519PrivateKey:
    """The evidence signing key, derived from the ring's current key."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=SIGNING_SALT, info=SIGNING_INFO).derive(
        keyring.keys[keyring.current_key_id]
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, hex: what officers compare with the agency's published one."""
    return hashlib.sha256(public_key_bytes(key)).hexdigest()


def public_key_from_hex(text: str) -> Ed25519PublicKey:
    """A public key from its 64-character hex form (as `fingerprint`'s companion prints it)."""
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text.strip()))


def blob_store_from_settings(settings: Settings) -> LocalDirectoryStore:
    """The media blob store in the configured directory."""
    return LocalDirectoryStore(settings.media_dir)
