"""Image intake end to end: stored encrypted, upright, hashed close to the full-size picture."""

import hashlib

import numpy as np
from PIL import Image

from review.matching.pdq import distance, hash_image
from review.media.intake import intake_media
from review.media.store import LocalDirectoryStore
from review.media.synthetic import draw_scene, encode


def test_an_accepted_photo_is_stored_encrypted_under_its_sha256(scene, limits, keyring, tmp_path):
    store = LocalDirectoryStore(tmp_path)
    original = encode(scene, "JPEG", quality=90)
    media = intake_media(original, limits, keyring, store)
    assert media.sha256 == media.blob_key == hashlib.sha256(original).hexdigest()
    assert media.key_id == "2026-11" and media.byte_size == len(original)
    stored = store.get(media.blob_key)
    assert original not in stored
    assert keyring.decrypt(stored) == original


def test_the_photo_hash_from_the_review_size_decode_is_close_to_the_full_size_hash(
    limits, keyring, store
):
    big = draw_scene(21, (3000, 2000))
    media = intake_media(encode(big, "JPEG", quality=90), limits, keyring, store)
    (frame,) = media.hashes
    assert frame.hash.is_trusted
    assert distance(frame.hash, hash_image(big)) <= 10
    assert media.trusted_hashes == (frame.hash,)


def test_exif_orientation_is_applied_before_derivatives_are_made(limits, keyring, store):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    media = intake_media(
        encode(draw_scene(2, (400, 200)), "JPEG", exif=exif.tobytes()), limits, keyring, store
    )
    assert (media.derivatives.width, media.derivatives.height) == (200, 400)


def test_a_transparent_png_is_flattened_onto_grey_not_black(limits, keyring, store):
    clear = Image.new("RGBA", (64, 64), (255, 0, 0, 0))
    media = intake_media(encode(clear, "PNG"), limits, keyring, store)
    pixels = np.asarray(Image.open(__import__("io").BytesIO(media.derivatives.pixelated)))
    assert abs(int(pixels[32, 32, 0]) - 128) < 8


def test_an_animated_gif_is_taken_by_its_first_frame(limits, keyring, store):
    frames = [draw_scene(seed, (120, 90), noise=0) for seed in (1, 2)]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    media = intake_media(gif, limits, keyring, store)
    first = hash_image(frames[0].quantize().convert("RGB"))
    assert distance(media.hashes[0].hash, first) <= 16
