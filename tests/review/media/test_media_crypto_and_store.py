import base64
import os

import pytest

from review.media.crypto import BlobDecryptionError, KeyRing, KeyRingError, key_id_of
from review.media.store import BlobNotFound, InMemoryStore, InvalidBlobKey, LocalDirectoryStore

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()
CONTENT_ADDRESS = "ab" * 32


def test_a_blob_decrypts_to_the_original_and_names_its_key():
    ring = KeyRing.from_settings("a", {"a": KEY_A})
    blob = ring.encrypt(b"original bytes")
    assert key_id_of(blob) == "a"
    assert b"original bytes" not in blob
    assert ring.decrypt(blob) == b"original bytes"


def test_the_same_plaintext_encrypts_differently_each_time():
    ring = KeyRing.from_settings("a", {"a": KEY_A})
    assert ring.encrypt(b"x") != ring.encrypt(b"x")


def test_a_flipped_ciphertext_bit_is_detected():
    ring = KeyRing.from_settings("a", {"a": KEY_A})
    blob = bytearray(ring.encrypt(b"original bytes"))
    blob[-1] ^= 1
    with pytest.raises(BlobDecryptionError, match="tampered"):
        ring.decrypt(bytes(blob))


def test_a_swapped_key_id_in_the_header_is_detected():
    both = KeyRing.from_settings("a", {"a": KEY_A, "b": KEY_A})
    blob = both.encrypt(b"secret")
    forged = blob.replace(b"\x01\x01a", b"\x01\x01b", 1)
    with pytest.raises(BlobDecryptionError):
        both.decrypt(forged)


def test_rotation_reencrypts_old_blobs_with_the_current_key_and_keeps_the_content():
    old_ring = KeyRing.from_settings("a", {"a": KEY_A})
    blob = old_ring.encrypt(b"evidence")
    new_ring = KeyRing.from_settings("b", {"a": KEY_A, "b": KEY_B})
    rotated = new_ring.reencrypt(blob)
    assert key_id_of(rotated) == "b"
    assert new_ring.decrypt(rotated) == b"evidence"
    assert new_ring.reencrypt(rotated) is rotated


def test_a_blob_sealed_with_a_key_no_longer_loaded_cannot_be_opened():
    blob = KeyRing.from_settings("a", {"a": KEY_A}).encrypt(b"x")
    with pytest.raises(BlobDecryptionError, match="not loaded"):
        KeyRing.from_settings("b", {"b": KEY_B}).decrypt(blob)


@pytest.mark.parametrize(
    ("current", "keys", "problem"),
    [
        ("a", {"a": base64.b64encode(b"k" * 31).decode()}, "32 bytes"),
        ("a", {"a": base64.b64encode(b"k" * 33).decode()}, "32 bytes"),
        ("a", {"a": "not base64!"}, "base64"),
        ("c", {"a": KEY_A}, "not in the key ring"),
        ("a b", {"a b": KEY_A}, "key id"),
    ],
)
def test_unusable_key_settings_are_refused(current, keys, problem):
    with pytest.raises(KeyRingError, match=problem):
        KeyRing.from_settings(current, keys)


def test_non_blobs_are_refused_with_a_named_error():
    ring = KeyRing.from_settings("a", {"a": KEY_A})
    for junk in (b"", b"\x02\x01a" + b"0" * 40, b"\x01\x01a" + b"0" * 5):
        with pytest.raises(BlobDecryptionError):
            ring.decrypt(junk)


def test_the_directory_store_round_trips_replaces_and_deletes(tmp_path):
    store = LocalDirectoryStore(tmp_path)
    store.put(CONTENT_ADDRESS, b"one")
    store.put(CONTENT_ADDRESS, b"two")
    assert store.get(CONTENT_ADDRESS) == b"two"
    assert not [p for p in tmp_path.rglob(".incoming-*")]
    store.delete(CONTENT_ADDRESS)
    store.delete(CONTENT_ADDRESS)
    assert not store.exists(CONTENT_ADDRESS)
    with pytest.raises(BlobNotFound):
        store.get(CONTENT_ADDRESS)


@pytest.mark.parametrize("key", ["../../etc/passwd", "AB" * 32, "ab" * 31, "ab" * 32 + "/"])
def test_stores_refuse_keys_that_are_not_content_addresses(tmp_path, key):
    for store in (LocalDirectoryStore(tmp_path), InMemoryStore()):
        with pytest.raises(InvalidBlobKey):
            store.put(key, b"x")
    assert os.listdir(tmp_path) == []
