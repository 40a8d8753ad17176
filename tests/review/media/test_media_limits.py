"""Limits are set on purpose and Pillow's bomb warning is an error, not a log line."""

import pytest
from PIL import Image

from review.media.decode import decode_image
from review.media.limits import ABSOLUTE_MAX_PIXELS, InvalidMediaLimits, MediaLimits
from review.media.rejections import MediaRejected, RejectionReason
from review.media.sniff import MediaFormat
from review.media.synthetic import draw_scene, encode


def test_pillow_bomb_threshold_is_set_deliberately_and_truncated_loading_is_off():
    from PIL import ImageFile

    assert Image.MAX_IMAGE_PIXELS == ABSOLUTE_MAX_PIXELS
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_decompression_bomb_warning_is_turned_into_a_rejection(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # warns above 1,000, errors above 2,000
    data = encode(draw_scene(1, (40, 40)), "PNG")  # 1,600 pixels: only a warning from Pillow
    with pytest.raises(MediaRejected) as caught:
        decode_image(data, MediaFormat.PNG, MediaLimits(), 960)
    assert caught.value.reason is RejectionReason.TOO_MANY_PIXELS


def test_limits_accept_the_absolute_pixel_ceiling_and_refuse_anything_above():
    assert MediaLimits(max_pixels=ABSOLUTE_MAX_PIXELS).max_pixels == ABSOLUTE_MAX_PIXELS
    with pytest.raises(InvalidMediaLimits):
        MediaLimits(max_pixels=ABSOLUTE_MAX_PIXELS + 1)


@pytest.mark.parametrize(
    "field",
    ["max_bytes", "max_pixels", "max_frame_pixels", "max_video_seconds", "max_decoded_frames"],
)
def test_caps_must_be_positive(field):
    with pytest.raises(InvalidMediaLimits):
        MediaLimits(**{field: 0})
    assert getattr(MediaLimits(**{field: 1}), field) == 1


def test_trailing_tolerance_may_be_zero_but_not_negative():
    assert MediaLimits(max_trailing_bytes=0).max_trailing_bytes == 0
    with pytest.raises(InvalidMediaLimits):
        MediaLimits(max_trailing_bytes=-1)
