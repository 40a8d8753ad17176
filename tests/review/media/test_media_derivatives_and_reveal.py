"""Derivatives hide the picture and carry no metadata; reveals uncover only the asked region."""

import io

import numpy as np
import pytest
from PIL import Image

from review.media.derivatives import (
    DerivativeSettings,
    InvalidDerivativeSettings,
    blur,
    make_derivatives,
    pixelate,
)
from review.media.intake import intake_media, review_image_of
from review.media.reveal import InvalidRevealRegion, RevealRegion, RevealTooLarge, reveal_region
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


def test_a_rectangle_reveal_is_sharp_inside_and_blurred_outside():
    # Fine stripes: blur flattens them completely, JPEG keeps them, so sharp and blurred differ.
    scene = Image.fromarray(
        np.tile(np.repeat([[0, 255], [255, 0]], 4, axis=1), (240, 40)).astype(np.uint8)
    ).convert("RGB")
    derivatives = make_derivatives(scene, DerivativeSettings())
    region = RevealRegion.rect(100, 100, 200, 150)
    shown = decoded(reveal_region(scene, derivatives.blurred, region))
    blurred = decoded(derivatives.blurred)
    inside = (110, 110, 290, 240)
    outside = (400, 300, 600, 460)
    assert detail(shown.crop(inside)) > 3 * detail(blurred.crop(inside))
    assert mean_difference(shown.crop(inside), scene.crop(inside)) < 6
    assert mean_difference(shown.crop(inside), blurred.crop(inside)) > 2 * mean_difference(
        shown.crop(inside), scene.crop(inside)
    )
    assert mean_difference(shown.crop(outside), blurred.crop(outside)) < 2


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return float(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)).mean())


def test_a_circle_reveal_leaves_the_corners_of_its_box_blurred(scene):
    derivatives = make_derivatives(scene, DerivativeSettings())
    region = RevealRegion.circle(320, 240, 100)
    shown = np.asarray(decoded(reveal_region(scene, derivatives.blurred, region)), dtype=float)
    blurred = np.asarray(decoded(derivatives.blurred), dtype=float)
    sharp = np.asarray(scene, dtype=float)
    corner, centre = (145, 225), (240, 320)  # (row, column): a box corner and the centre
    assert np.abs(shown[corner] - blurred[corner]).mean() < 8
    assert np.abs(shown[centre] - sharp[centre]).mean() < 12
    assert region.area == pytest.approx(np.pi * 100**2)


def test_a_greyscale_derivative_stays_greyscale_where_revealed(scene):
    derivatives = make_derivatives(scene, DerivativeSettings())
    shown = decoded(
        reveal_region(scene, derivatives.blurred_greyscale, RevealRegion.rect(0, 0, 50, 50))
    )
    assert shown.mode == "L"


def test_a_reveal_of_exactly_the_cap_is_allowed_and_one_pixel_row_more_is_not(scene):
    derivative = make_derivatives(scene, DerivativeSettings()).blurred
    quarter = RevealRegion.rect(0, 0, 320, 240)  # 640 x 480 / 4
    assert quarter.area_share(640, 480) == 0.25
    reveal_region(scene, derivative, quarter)
    with pytest.raises(RevealTooLarge):
        reveal_region(scene, derivative, RevealRegion.rect(0, 0, 320, 241))
    reveal_region(scene, derivative, RevealRegion.rect(0, 0, 320, 241), max_share=0.3)


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
        reveal_region(scene, derivative, region)


def test_regions_without_area_and_mismatched_pictures_are_refused(scene):
    with pytest.raises(InvalidRevealRegion):
        RevealRegion.rect(0, 0, 0, 10)
    other = make_derivatives(draw_scene(1, (320, 240)), DerivativeSettings()).blurred
    with pytest.raises(InvalidRevealRegion, match="differ in size"):
        reveal_region(scene, other, RevealRegion.rect(0, 0, 10, 10))


def test_the_stored_original_gives_back_the_review_image_the_derivatives_were_made_from(
    limits, keyring, store
):
    original = encode(draw_scene(5, (1600, 1200)), "JPEG", quality=90)
    media = intake_media(original, limits, keyring, store)
    review = review_image_of(
        keyring.decrypt(store.get(media.blob_key)), limits, DerivativeSettings()
    )
    assert review.size == (media.derivatives.width, media.derivatives.height)
    reveal_region(review, media.derivatives.blurred, RevealRegion.rect(10, 10, 100, 100))


def test_a_picture_up_to_one_eighth_over_the_review_size_is_kept_and_a_larger_one_is_scaled():
    from review.media.derivatives import fit_review_size

    assert fit_review_size(Image.new("RGB", (1080, 810)), 960).size == (1080, 810)
    assert fit_review_size(Image.new("RGB", (1081, 810)), 960).size == (960, 719)
