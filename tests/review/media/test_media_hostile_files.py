"""Hostile files are each rejected with a reason code, and never crash or spoil other files."""

import io
import struct
import tracemalloc
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review.media.intake import intake_many, intake_media, read_capped
from review.media.limits import MediaLimits
from review.media.rejections import REJECTION_MESSAGES, MediaRejected, RejectionReason
from review.media.synthetic import draw_scene, encode


def rejection_of(source, limits, keyring, store) -> RejectionReason:
    with pytest.raises(MediaRejected) as caught:
        intake_media(source, limits, keyring, store)
    assert store.blobs == {}, "nothing may be stored for a rejected file"
    return caught.value.reason


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def png_with_header(
    width: int, height: int, idat: bytes, bit_depth: int = 1, colour: int = 0
) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def test_every_reason_has_a_careful_english_and_korean_message():
    assert set(REJECTION_MESSAGES) == set(RejectionReason)
    for messages in REJECTION_MESSAGES.values():
        assert messages["en"] and messages["ko"]
        assert any("\uac00" <= ch <= "\ud7a3" for ch in messages["ko"])
    rejection = MediaRejected(RejectionReason.POLYGLOT, "zip after EOI")
    assert rejection.message("ko") == REJECTION_MESSAGES[RejectionReason.POLYGLOT]["ko"]
    assert rejection.message("fr") == REJECTION_MESSAGES[RejectionReason.POLYGLOT]["en"]
    assert "polyglot" in str(rejection)


def test_zero_bytes_are_rejected_as_empty(limits, keyring, store, tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert rejection_of(b"", limits, keyring, store) is RejectionReason.EMPTY
    assert rejection_of(empty, limits, keyring, store) is RejectionReason.EMPTY


def test_a_truncated_jpeg_is_rejected_as_truncated(scene, limits, keyring, store):
    jpeg = encode(scene, "JPEG", quality=85)
    assert rejection_of(jpeg[: len(jpeg) // 2], limits, keyring, store) is RejectionReason.TRUNCATED
    assert rejection_of(jpeg[:-2], limits, keyring, store) is RejectionReason.TRUNCATED


def test_a_jpeg_with_a_broken_frame_header_is_rejected_as_corrupt(scene, limits, keyring, store):
    jpeg = bytearray(encode(scene, "JPEG"))
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = b"\x00\x00\x00\x00"  # zero height and width
    assert rejection_of(bytes(jpeg), limits, keyring, store) is RejectionReason.CORRUPT


def test_a_png_decompression_bomb_is_rejected_before_decoding(limits, keyring, store):
    # 20,000 x 20,000 one-bit pixels: a 50 MB raster that compresses to about 50 kB.
    width = height = 20_000
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + width // 8)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    bomb = png_with_header(width, height, idat)
    assert len(bomb) < 200_000
    assert rejection_of(bomb, limits, keyring, store) is RejectionReason.TOO_MANY_PIXELS


def test_a_png_claiming_enormous_dimensions_is_rejected(limits, keyring, store):
    liar = png_with_header(2**31 - 1, 2**31 - 1, zlib.compress(b"\x00" * 64), bit_depth=8, colour=2)
    assert rejection_of(liar, limits, keyring, store) is RejectionReason.TOO_MANY_PIXELS


def test_the_pixel_cap_admits_an_image_at_the_cap_and_refuses_one_pixel_row_more(keyring, store):
    capped = MediaLimits(max_pixels=100 * 100)
    at_cap = encode(draw_scene(1, (100, 100)), "PNG")
    over_cap = encode(draw_scene(1, (100, 101)), "PNG")
    assert intake_media(at_cap, capped, keyring, store).width == 100
    store.blobs.clear()
    assert rejection_of(over_cap, capped, keyring, store) is RejectionReason.TOO_MANY_PIXELS


@pytest.mark.parametrize(
    "appended",
    [
        b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 40 + b"PK\x05\x06" + b"\x00" * 18,
        b"<html><script>alert(1)</script></html>",
        b"\x00" * 17,
    ],
    ids=["zip", "html", "17 zero bytes"],
)
def test_data_appended_after_the_end_of_an_image_is_rejected_as_polyglot(
    scene, limits, keyring, store, appended
):
    for image_format in ("JPEG", "PNG", "GIF", "WEBP"):
        data = encode(scene, image_format) + appended
        assert rejection_of(data, limits, keyring, store) is RejectionReason.POLYGLOT, image_format


def test_a_few_padding_bytes_after_the_end_marker_are_tolerated(scene, limits, keyring, store):
    padded = encode(scene, "JPEG") + b"\x00" * limits.max_trailing_bytes
    assert intake_media(padded, limits, keyring, store).media_format == "jpeg"


@pytest.mark.parametrize(
    ("image_format", "options"),
    [
        ("JPEG", {"comment": b"%PDF-1.7 1 0 obj"}),
        ("PNG", {"pnginfo_text": "<script>fetch('x')</script>"}),
        ("GIF", {"comment": b"<HTML><body>hi</body></HTML>"}),
    ],
)
def test_a_second_format_hidden_in_image_metadata_is_rejected_as_polyglot(
    scene, limits, keyring, store, image_format, options
):
    if "pnginfo_text" in options:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", options["pnginfo_text"])
        options = {"pnginfo": info}
    data = encode(scene, image_format, **options)
    assert rejection_of(data, limits, keyring, store) is RejectionReason.POLYGLOT


def test_the_file_name_is_never_what_decides_the_type(scene, limits, keyring, store, tmp_path):
    page_named_as_photo = tmp_path / "photo.jpg"
    page_named_as_photo.write_bytes(b"<!doctype html><html><body>hello</body></html>")
    png_named_as_jpeg = tmp_path / "other.jpg"
    png_named_as_jpeg.write_bytes(encode(scene, "PNG"))
    assert (
        rejection_of(page_named_as_photo, limits, keyring, store)
        is RejectionReason.UNSUPPORTED_TYPE
    )
    assert intake_media(png_named_as_jpeg, limits, keyring, store).media_format == "png"


@pytest.mark.parametrize(
    "head",
    [b"GIF88a", b"BM\x00\x00", b"II*\x00", b"\x00\x00\x00\x18ftypheic", b"%PDF-1.4"],
    ids=["bad gif version", "bmp", "tiff", "heic", "pdf"],
)
def test_formats_outside_the_accepted_list_are_rejected(limits, keyring, store, head):
    assert (
        rejection_of(head + b"\x00" * 64, limits, keyring, store)
        is RejectionReason.UNSUPPORTED_TYPE
    )


def test_a_200_megabyte_file_is_rejected_without_reading_it_into_memory(
    limits, keyring, store, tmp_path
):
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as file:
        file.write(b"\xff\xd8\xff\xe0")
        file.truncate(200 * 1024 * 1024)  # sparse: costs no disk space
    tracemalloc.start()
    try:
        reason = rejection_of(huge, limits, keyring, store)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason is RejectionReason.TOO_MANY_BYTES
    assert peak < 5 * 1024 * 1024


class EndlessStream:
    """A fake upload stream that never ends and remembers how much was asked of it."""

    def __init__(self) -> None:
        self.requested = 0

    def read(self, size: int = -1) -> bytes:
        assert size >= 0, "an unbounded read of an upload is never allowed"
        self.requested += size
        return b"\x00" * size


def test_a_stream_is_read_at_most_one_byte_past_the_cap():
    stream = EndlessStream()
    with pytest.raises(MediaRejected) as caught:
        read_capped(stream, max_bytes=1000)
    assert caught.value.reason is RejectionReason.TOO_MANY_BYTES
    assert stream.requested == 1001


def test_the_byte_cap_admits_a_file_at_the_cap_and_refuses_one_byte_more():
    assert len(read_capped(io.BytesIO(b"x" * 1000), max_bytes=1000)) == 1000
    with pytest.raises(MediaRejected):
        read_capped(io.BytesIO(b"x" * 1001), max_bytes=1000)


def test_a_missing_path_is_rejected_as_unreadable(limits, keyring, store, tmp_path):
    assert (
        rejection_of(tmp_path / "gone.png", limits, keyring, store)
        is RejectionReason.UNREADABLE_SOURCE
    )


def test_one_bad_file_does_not_spoil_the_rest_of_its_report(limits, keyring, store):
    good_one = encode(draw_scene(1), "JPEG")
    good_two = encode(draw_scene(2), "PNG")
    outcomes = intake_many([good_one, good_one[:300], b"", good_two], limits, keyring, store)
    assert [getattr(o, "reason", o.kind if hasattr(o, "kind") else None) for o in outcomes] == [
        "image",
        RejectionReason.TRUNCATED,
        RejectionReason.EMPTY,
        "image",
    ]
    assert len(store.blobs) == 2


MAGIC_PREFIXES = [
    b"",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"RIFF\x00\x01\x00\x00WEBPVP8 ",
    b"\x00\x00\x00\x18ftypisom",
    b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84webm",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=st.sampled_from(MAGIC_PREFIXES), body=st.binary(max_size=2048))
def test_random_bytes_are_rejected_with_a_reason_and_never_crash(
    limits, keyring, store, prefix, body
):
    try:
        intake_media(prefix + body, limits, keyring, store)
    except MediaRejected as rejection:
        assert rejection.reason in RejectionReason
        assert store.blobs == {}
