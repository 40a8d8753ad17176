"""Intake of one file: read within the byte cap, sniff, check structure, decode once at review
size, encrypt and store the original bytes, make derivatives, hash every (key)frame.

Either a complete ProcessedMedia comes back or MediaRejected is raised; nothing is stored for a
rejected file. `intake_many` processes a report's files so that one bad file spoils none of the
others.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from review.matching.pdq import Hash, dihedral_hashes
from review.media.crypto import KeyRing
from review.media.decode import decode_image, decode_review_patch
from review.media.derivatives import DerivativeSettings, ReviewDerivatives, make_derivatives
from review.media.limits import MediaLimits
from review.media.rejections import MediaRejected, RejectionReason
from review.media.reveal import InvalidRevealRegion, RevealRegion
from review.media.sniff import SNIFF_BYTES, MediaFormat, detect_format
from review.media.store import BlobStore
from review.media.structure import check_structure
from review.media.video import decode_keyframes, storyboard

logger = logging.getLogger(__name__)

MediaSource = bytes | os.PathLike[str] | BinaryIO


@dataclass(frozen=True)
class FrameHash:
    """The PDQ hash of one picture: the image itself (frame 0, 0 s) or one video keyframe."""

    frame_index: int
    seconds: float
    hash: Hash
    # The hashes of the picture's 8 rotations and mirrors (the first is `hash`), for matching
    # a turned or mirrored re-upload; only `hash` is stored.
    variants: tuple[Hash, ...] = ()

    @classmethod
    def of(cls, frame_index: int, seconds: float, image: Image.Image) -> FrameHash:
        variants = tuple(dihedral_hashes(image))
        return cls(frame_index, seconds, variants[0], variants)


@dataclass(frozen=True)
class ProcessedMedia:
    """Everything the database keeps about an accepted file; the original is only in the store."""

    media_format: MediaFormat
    sha256: str
    byte_size: int
    blob_key: str
    key_id: str
    width: int
    height: int
    derivatives: ReviewDerivatives
    hashes: tuple[FrameHash, ...]
    duration_seconds: float = 0.0

    @property
    def kind(self) -> str:
        """ "image" or "video"."""
        return "video" if self.media_format.is_video else "image"

    @property
    def trusted_hashes(self) -> tuple[Hash, ...]:
        """Hashes good enough for matching (quality >= 50)."""
        return tuple(frame.hash for frame in self.hashes if frame.hash.is_trusted)

    @property
    def matching_hashes(self) -> tuple[Hash, ...]:
        """The trusted hashes with their rotations and mirrors: what matching searches for."""
        return tuple(
            variant
            for frame in self.hashes
            if frame.hash.is_trusted
            for variant in (frame.variants or (frame.hash,))
        )


def read_capped(source: MediaSource, max_bytes: int) -> bytes:
    """All bytes of `source`, refusing before reading more than `max_bytes` of it.

    A path's size is checked before it is opened; a stream is read at most one byte past the cap.
    """
    try:
        if isinstance(source, bytes):
            data = source
        elif isinstance(source, os.PathLike):
            if os.stat(source).st_size > max_bytes:
                raise MediaRejected(RejectionReason.TOO_MANY_BYTES, f"over {max_bytes} bytes")
            with Path(source).open("rb") as file:
                data = file.read(max_bytes + 1)
        else:
            data = source.read(max_bytes + 1)
    except OSError as error:
        raise MediaRejected(RejectionReason.UNREADABLE_SOURCE, str(error)) from error
    if len(data) > max_bytes:
        raise MediaRejected(RejectionReason.TOO_MANY_BYTES, f"over {max_bytes} bytes")
    if not data:
        raise MediaRejected(RejectionReason.EMPTY)
    return data


def sniff_and_check(data: bytes, limits: MediaLimits) -> MediaFormat:
    """The file's format, after its structure has been checked for truncation and polyglots."""
    media_format = detect_format(data[:SNIFF_BYTES])
    if media_format is None:
        raise MediaRejected(RejectionReason.UNSUPPORTED_TYPE, f"starts with {data[:8]!r}")
    check_structure(data, media_format, limits)
    return media_format


def review_patch_of(
    original: bytes,
    limits: MediaLimits,
    settings: DerivativeSettings,
    region: RevealRegion,
    derivative_size: tuple[int, int],
) -> Image.Image:
    """The sharp pixels of `region`'s bounding box at review size (a video's storyboard sheet).

    For `reveal_region` only: decrypt the original, call this, composite, send the composite.
    Raises InvalidRevealRegion when the region leaves the picture or the review picture is not
    the size of the derivative it is to be laid on.
    """
    region.ensure_inside(*derivative_size)
    media_format = sniff_and_check(original, limits)
    if media_format.is_video:
        video = decode_keyframes(original, media_format, limits, settings.review_long_side)
        sheet = storyboard(video.keyframes)
        patch, size = sheet.crop(region.box), sheet.size
    else:
        patch, size = decode_review_patch(
            original, media_format, limits, settings.review_long_side, region.box
        )
    if size != derivative_size:
        raise InvalidRevealRegion(
            f"review image {size} and derivative {derivative_size} differ in size"
        )
    return patch


def intake_media(
    source: MediaSource,
    limits: MediaLimits,
    keyring: KeyRing,
    store: BlobStore,
    settings: DerivativeSettings | None = None,
) -> ProcessedMedia:
    """Validate, encrypt and store one file and make its derivatives and hashes.

    Raises MediaRejected with a reason code; any other exception is a bug in Vigil, not the file.
    """
    settings = settings or DerivativeSettings()
    data = read_capped(source, limits.max_bytes)
    media_format = sniff_and_check(data, limits)
    if media_format.is_video:
        video = decode_keyframes(data, media_format, limits, settings.review_long_side)
        review_image = storyboard(video.keyframes)
        hashes = tuple(
            FrameHash.of(index, frame.seconds, frame.image)
            for index, frame in enumerate(video.keyframes)
        )
        width, height, duration = video.width, video.height, video.duration_seconds
    else:
        decoded = decode_image(data, media_format, limits, settings.review_long_side)
        review_image = decoded.review_image
        hashes = (FrameHash.of(0, 0.0, review_image),)
        width, height, duration = decoded.width, decoded.height, 0.0
    derivatives = make_derivatives(review_image, settings)
    sha256 = hashlib.sha256(data).hexdigest()
    # The original bytes, not decoded pixels, are sealed: smaller, faster, and evidence-exact.
    store.put(sha256, keyring.encrypt(data))
    logger.info(
        "accepted %s %s (%d bytes, %dx%d)", media_format, sha256[:12], len(data), width, height
    )
    return ProcessedMedia(
        media_format=media_format,
        sha256=sha256,
        byte_size=len(data),
        blob_key=sha256,
        key_id=keyring.current_key_id,
        width=width,
        height=height,
        derivatives=derivatives,
        hashes=hashes,
        duration_seconds=duration,
    )


def intake_many(
    sources: Iterable[MediaSource],
    limits: MediaLimits,
    keyring: KeyRing,
    store: BlobStore,
    settings: DerivativeSettings | None = None,
) -> list[ProcessedMedia | MediaRejected]:
    """Intake each file of a report independently; a rejection is returned in its place."""
    outcomes: list[ProcessedMedia | MediaRejected] = []
    for position, source in enumerate(sources):
        try:
            outcomes.append(intake_media(source, limits, keyring, store, settings))
        except MediaRejected as rejection:
            logger.info("file %d rejected: %s", position, rejection)
            outcomes.append(rejection)
    return outcomes
