"""Video intake: about one keyframe per second, one PDQ per keyframe, caps at their limits."""

import pytest

from review.media.intake import intake_media
from review.media.limits import MediaLimits
from review.media.rejections import MediaRejected, RejectionReason
from review.media.sniff import MediaFormat, detect_format


@pytest.fixture(scope="module")
def clip_mp4() -> bytes:
    from review.media.synthetic import synthetic_video

    return synthetic_video(seed=4, seconds=3, fps=10, container="mp4")


@pytest.fixture(scope="module")
def clip_webm() -> bytes:
    from review.media.synthetic import synthetic_video

    return synthetic_video(seed=4, seconds=3, fps=10, container="webm")


def reason(source, limits, keyring, store) -> RejectionReason:
    with pytest.raises(MediaRejected) as caught:
        intake_media(source, limits, keyring, store)
    assert store.blobs == {}
    return caught.value.reason


@pytest.mark.parametrize("container", ["mp4", "webm"])
def test_a_three_second_clip_gives_three_keyframe_hashes_and_a_storyboard(
    container, clip_mp4, clip_webm, limits, keyring, store
):
    clip = clip_mp4 if container == "mp4" else clip_webm
    media = intake_media(clip, limits, keyring, store)
    assert media.kind == "video" and media.media_format == container
    assert [frame.seconds for frame in media.hashes] == pytest.approx([0.0, 1.0, 2.0])
    assert media.duration_seconds == pytest.approx(3.0, abs=0.15)
    assert (media.width, media.height) == (320, 240)
    # Three tiles in one row, blurred: the storyboard is wider than it is tall.
    assert media.derivatives.width > 2 * media.derivatives.height
    assert keyring.decrypt(store.get(media.blob_key)) == clip


def test_each_second_of_a_clip_shows_a_different_scene_so_hashes_differ(
    clip_mp4, limits, keyring, store
):
    from review.matching.pdq import distance

    hashes = [frame.hash for frame in intake_media(clip_mp4, limits, keyring, store).hashes]
    assert distance(hashes[0], hashes[1]) > 31 and distance(hashes[1], hashes[2]) > 31


def test_the_video_length_cap_admits_a_clip_at_the_cap_and_refuses_a_longer_one(
    clip_mp4, keyring, store
):
    intake_media(clip_mp4, MediaLimits(max_video_seconds=3.0), keyring, store)
    store.blobs.clear()
    assert (
        reason(clip_mp4, MediaLimits(max_video_seconds=2.5), keyring, store)
        is RejectionReason.VIDEO_TOO_LONG
    )


def test_the_decoded_frame_cap_admits_thirty_frames_and_refuses_them_at_twenty_nine(
    clip_mp4, keyring, store
):
    intake_media(clip_mp4, MediaLimits(max_decoded_frames=30), keyring, store)
    store.blobs.clear()
    assert (
        reason(clip_mp4, MediaLimits(max_decoded_frames=29), keyring, store)
        is RejectionReason.VIDEO_TOO_LONG
    )


def test_the_frame_pixel_cap_is_checked_just_inside_and_outside(clip_webm, keyring, store):
    intake_media(clip_webm, MediaLimits(max_frame_pixels=320 * 240), keyring, store)
    store.blobs.clear()
    too_small_cap = MediaLimits(max_frame_pixels=320 * 240 - 1)
    assert reason(clip_webm, too_small_cap, keyring, store) is RejectionReason.TOO_MANY_PIXELS


def test_a_truncated_mp4_is_rejected(clip_mp4, limits, keyring, store):
    assert reason(clip_mp4[: len(clip_mp4) // 2], limits, keyring, store) in (
        RejectionReason.TRUNCATED,
        RejectionReason.CORRUPT,
    )


def test_an_archive_appended_to_a_video_is_rejected_as_polyglot(
    clip_mp4, clip_webm, limits, keyring, store
):
    archive = b"PK\x03\x04" + b"\x00" * 60 + b"PK\x05\x06" + b"\x00" * 18
    assert reason(clip_mp4 + archive, limits, keyring, store) is RejectionReason.POLYGLOT
    assert reason(clip_webm + archive, limits, keyring, store) is RejectionReason.POLYGLOT


def test_matroska_and_quicktime_are_not_taken_for_webm_and_mp4(clip_webm):
    assert detect_format(clip_webm[:64]) is MediaFormat.WEBM
    assert detect_format(clip_webm[:64].replace(b"webm", b"matr", 1)) is None
    assert detect_format(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ") is None
    assert detect_format(b"\x00\x00\x00\x18ftypXAVC\x00\x00\x00\x00mp42isom") is MediaFormat.MP4
