"""Derivatives hide the picture and carry no metadata; reveals uncover only the asked region."""

import io

import numpy as np
import pytest
from PIL import Image

from review.media.decode import decode_image
from review.media.derivatives import (
    DerivativeSettings,
    InvalidDerivativeSettings,
    blur,
    make_derivatives,
    pixelate,
)
from review.media.intake import intake_media, review_patch_of
from review.media.reveal import InvalidRevealRegion, RevealRegion, RevealTooLarge, reveal_region
from review.media.sniff import MediaFormat
from review.media.synthetic import draw_scene, encode


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def detail(image: Image.Image) -> float:
    """Mean absolute difference between neighbouring pixels: high for sharp pictures."""
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    return float(np.abs(np.diff(pixels, axis=1)).mean())


def photo_with_gps_and_comment(scene: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Synthetic Camera Co"  # Make
    exif.get_ifd(0x8825)[2] = (37.0, 33.0, 0.0)  # GPSLatitude
    return encode(scene, "JPEG", exif=exif.tobytes(), comment=b"taken at home")


def test_derivatives_carry_no_exif_gps_or_comment(scene, limits, keyring, store):
    media = intake_media(photo_with_gps_and_comment(scene), limits, keyring, store)
    derivatives = media.derivatives
    for data in (derivatives.blurred, derivatives.blurred_greyscale, derivatives.pixelated):
        image = decoded(data)
        assert not image.getexif()
        assert not {"exif", "comment", "icc_profile", "xmp"} & set(image.info)
        assert b"Synthetic Camera" not in data and b"taken at home" not in data


def test_derivatives_fit_the_review_size_and_keep_the_aspect_ratio(limits, keyring, store):
    media = intake_media(encode(draw_scene(3, (2400, 1200)), "JPEG"), limits, keyring, store)
    assert (media.width, media.height) == (2400, 1200)
    assert (media.derivatives.width, media.derivatives.height) == (960, 480)
    assert decoded(media.derivatives.blurred).size == (960, 480)
    assert decoded(media.derivatives.blurred_greyscale).mode == "L"


def test_small_images_are_never_scaled_up(limits, keyring, store):
    media = intake_media(encode(draw_scene(3, (200, 120)), "PNG"), limits, keyring, store)
    assert (media.derivatives.width, media.derivatives.height) == (200, 120)


def test_blur_and_pixelation_remove_most_detail_and_stronger_presets_remove_more(scene):
    light, strong = blur(scene, 0.01), blur(scene, 0.05)
    assert detail(strong) < detail(light) < detail(scene) / 3
    mosaic = np.asarray(pixelate(scene, 1 / 16))
    block = max(scene.size) // 16
    assert (mosaic[:block, :block] == mosaic[0, 0]).all()


@pytest.mark.parametrize(
    ("field", "inside", "outside"),
    [
        ("blur_strength", 0.2, 0.21),
        ("blur_strength", 0.005, 0.004),
        ("jpeg_quality", 95, 96),
        ("pixel_block", 1 / 4, 1 / 3),
        ("review_long_side", 64, 63),
    ],
)
def test_derivative_presets_are_checked_at_their_limits(field, inside, outside):
    assert getattr(DerivativeSettings(**{field: inside}), field) == inside
    with pytest.raises(InvalidDerivativeSettings):
        DerivativeSettings(**{field: outside})


def test_a_rectangle_reveal_sends_only_its_box_sharp():
    # Fine stripes: blur flattens them completely, JPEG keeps them, so sharp and blurred differ.
    scene = Image.fromarray(
        np.tile(np.repeat([[0, 255], [255, 0]], 4, axis=1), (240, 40)).astype(np.uint8)
    ).convert("RGB")
    derivatives = make_derivatives(scene, DerivativeSettings())
    region = RevealRegion.rect(100, 100, 200, 150)
    shown = decoded(reveal_region(scene.crop(region.box), derivatives.blurred, region))
    blurred = decoded(derivatives.blurred).crop(region.box)
    sharp = scene.crop(region.box)
    inner = (10, 10, 190, 140)
    assert shown.size == (200, 150)
    assert detail(shown.crop(inner)) > 3 * detail(blurred.crop(inner))
    assert mean_difference(shown.crop(inner), sharp.crop(inner)) < 6
    assert mean_difference(shown.crop(inner), blurred.crop(inner)) > 2 * mean_difference(
        shown.crop(inner), sharp.crop(inner)
    )


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)).mean())


def test_a_circle_reveal_leaves_the_corners_of_its_box_blurred(scene):
    derivatives = make_derivatives(scene, DerivativeSettings())
    region = RevealRegion.circle(320, 240, 100)
    shown = np.asarray(
        decoded(reveal_region(scene.crop(region.box), derivatives.blurred, region)), dtype=float
    )
    blurred = np.asarray(decoded(derivatives.blurred).crop(region.box), dtype=float)
    sharp = np.asarray(scene.crop(region.box), dtype=float)
    corner, centre = (5, 5), (100, 100)  # (row, column) in the box: a corner and the centre
    assert shown.shape[:2] == (200, 200)
    assert np.abs(shown[corner] - blurred[corner]).mean() < 8
    assert np.abs(shown[centre] - sharp[centre]).mean() < 12
    assert region.area == pytest.approx(np.pi * 100**2)


def test_a_greyscale_derivative_stays_greyscale_where_revealed(scene):
    derivatives = make_derivatives(scene, DerivativeSettings())
    corner = RevealRegion.rect(0, 0, 50, 50)
    shown = decoded(reveal_region(scene.crop(corner.box), derivatives.blurred_greyscale, corner))
    assert shown.mode == "L"


def test_a_reveal_of_exactly_the_cap_is_allowed_and_one_pixel_row_more_is_not(scene):
    derivative = make_derivatives(scene, DerivativeSettings()).blurred
    quarter = RevealRegion.rect(0, 0, 320, 240)  # 640 x 480 / 4
    assert quarter.area_share(640, 480) == 0.25
    reveal_region(scene.crop(quarter.box), derivative, quarter)
    one_row_more = RevealRegion.rect(0, 0, 320, 241)
    with pytest.raises(RevealTooLarge):
        reveal_region(scene.crop(one_row_more.box), derivative, one_row_more)
    reveal_region(scene.crop(one_row_more.box), derivative, one_row_more, max_share=0.3)


@pytest.mark.parametrize(
    "region",
    [
        RevealRegion.rect(-1, 0, 10, 10),
        RevealRegion.rect(631, 0, 10, 10),
        RevealRegion.rect(0, 471, 10, 10),
        RevealRegion.circle(5, 5, 6),
    ],
)
def test_regions_leaving_the_picture_are_refused(scene, region):
    derivative = make_derivatives(scene, DerivativeSettings()).blurred
    with pytest.raises(InvalidRevealRegion):
        reveal_region(scene.crop(region.box), derivative, region)


def test_regions_without_area_and_mismatched_pictures_are_refused(scene, limits):
    with pytest.raises(InvalidRevealRegion):
        RevealRegion.rect(0, 0, 0, 10)
    region = RevealRegion.rect(0, 0, 10, 10)
    derivative = make_derivatives(scene, DerivativeSettings()).blurred
    with pytest.raises(InvalidRevealRegion, match="does not fit"):
        reveal_region(scene.crop((0, 0, 11, 10)), derivative, region)
    original = encode(scene, "JPEG", quality=90)  # 640 x 480, its derivatives too
    with pytest.raises(InvalidRevealRegion, match="differ in size"):
        review_patch_of(original, limits, DerivativeSettings(), region, (320, 240))


@pytest.mark.parametrize(
    "region", [RevealRegion.rect(10, 10, 100, 100), RevealRegion.circle(700, 400, 90)]
)
def test_a_reveal_patch_is_the_same_region_of_the_review_image_the_derivatives_were_made_from(
    limits, keyring, store, region
):
    # Only the region is resampled from the original; it must show the same part of the
    # picture as the whole review image would, within the rounding of the two resamplings.
    original = encode(draw_scene(5, (1600, 1200)), "JPEG", quality=90)
    media = intake_media(original, limits, keyring, store)
    size = (media.derivatives.width, media.derivatives.height)
    stored = keyring.decrypt(store.get(media.blob_key))
    patch = review_patch_of(stored, limits, DerivativeSettings(), region, size)
    review = decode_image(stored, MediaFormat.JPEG, limits, DerivativeSettings().review_long_side)
    whole = np.asarray(review.review_image.crop(region.box), dtype=float)
    assert patch.size == (region.width, region.height)
    difference = np.abs(np.asarray(patch, dtype=float) - whole)
    assert difference.mean() < 0.5  # measured 0.08
    assert difference.max() <= 2  # measured 1
    reveal_region(patch, media.derivatives.blurred, region)


def test_a_picture_up_to_one_eighth_over_the_review_size_is_kept_and_a_larger_one_is_scaled():
    from review.media.derivatives import fit_review_size

    assert fit_review_size(Image.new("RGB", (1080, 810)), 960).size == (1080, 810)
    assert fit_review_size(Image.new("RGB", (1081, 810)), 960).size == (960, 719)
