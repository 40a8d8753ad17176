"""What a file really is, read from its first bytes; the file name is never consulted."""

from __future__ import annotations

from enum import StrEnum


class MediaFormat(StrEnum):
    """The formats intake accepts."""

    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    GIF = "gif"
    MP4 = "mp4"
    WEBM = "webm"

    @property
    def is_video(self) -> bool:
        """True for container formats that hold moving pictures."""
        return self in (MediaFormat.MP4, MediaFormat.WEBM)


# How many leading bytes detect_format needs to decide.
SNIFF_BYTES = 64

_MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash",
    b"M4V ", b"msnv", b"mmp4",
}  # fmt: skip
# HEIF/AVIF stills share the ISO box layout with MP4; we refuse them rather than guess.
_STILL_IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif", b"avis"}
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def detect_format(head: bytes) -> MediaFormat | None:
    """Return the format whose signature `head` starts with, or None if it is none we accept.

    Looks only at magic bytes (and, for ISO and EBML containers, the declared brand or doctype);
    a full decode later confirms the guess.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return MediaFormat.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaFormat.PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return MediaFormat.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MediaFormat.WEBP
    if head[4:8] == b"ftyp":
        return MediaFormat.MP4 if _is_mp4_brand(head) else None
    if head.startswith(_EBML_MAGIC):
        return MediaFormat.WEBM if _ebml_doctype(head) == b"webm" else None
    return None


def _is_mp4_brand(head: bytes) -> bool:
    major = head[8:12]
    if major in _MP4_BRANDS:
        return True
    if major in _STILL_IMAGE_BRANDS:
        return False
    box_end = min(int.from_bytes(head[0:4], "big"), len(head))
    compatible = {head[i : i + 4] for i in range(16, box_end - 3, 4)}
    return bool(compatible & {b"isom", b"mp41", b"mp42"})


def _ebml_doctype(head: bytes) -> bytes | None:
    # The DocType element (ID 0x4282) sits inside the EBML header, within the first few bytes.
    at = head.find(b"\x42\x82")
    if at < 0 or at + 3 > len(head):
        return None
    size_byte = head[at + 2]
    if not size_byte & 0x80:  # only one-byte sizes are used for such short strings
        return None
    size = size_byte & 0x7F
    return head[at + 3 : at + 3 + size]
