"""The review page in a real chromium, signed in through the local OIDC provider.

What only a browser can show: the image bytes that actually arrived are blurred beyond recovery
before any reveal, and a reveal brings only the region's box, sharp, laid over the blur; a decision
made with the keyboard brings the next case with a blank form, and the same keys typed into the
reason are only text; two reviewers never see the same case; a reviewer over budget gets the break
screen and no graphic case, also when the budget runs out while a case is open.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image, ImageFilter
from playwright.sync_api import Browser, Page, expect

from review.intake import MediaServices, ReportInput, submit_report
from review.matching_link import MatchIndex
from review.media.crypto import KeyRing
from review.media.store import LocalDirectoryStore
from review.media.synthetic import draw_scene, encode
from review.models import ExposureEntry
from tests.browser.conftest import LiveVigil, sign_in
from tests.browser.screen import expected_screen, on_screen, revealed_place, screen_box
from tests.pixels import detail
from tests.review.conftest import spend_two_graphic_hours
from vigil.db import utcnow
from vigil.people import find_person

pytestmark = pytest.mark.browser

FIRST_SEED = 500
CASES = 10
HEADING = re.compile(r"^사건 (\d+)$")


@pytest.fixture(scope="module")
def seeded(live_vigil: LiveVigil) -> dict[int, int]:
    """Ten graphic cases with drawn pictures in the live app's database; case id -> scene seed."""
    vigil = live_vigil.secrets["vigil"]
    keyring = KeyRing.from_settings(vigil["media_key_id"], vigil["media_keys"])
    media = MediaServices(keyring, LocalDirectoryStore(vigil["media_dir"]))
    cases: dict[int, int] = {}
    for number in range(CASES):
        seed = FIRST_SEED + number
        report = ReportInput(
            source="platform",
            received_at=utcnow() - dt.timedelta(minutes=30 + number),
            urls=(f"https://x.com/u/status/{seed}",),
            files=(encode(draw_scene(seed), quality=92),),
            severity_tier=2,
        )
        result = submit_report(live_vigil.database, None, report, media=media, index=MatchIndex())
        cases[result.case_ids[0]] = seed
    return cases


@pytest.fixture
def context_page(browser: Browser) -> Iterator[callable]:
    contexts = []

    def make() -> Page:
        context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def open_review(page: Page, live: LiveVigil, email: str) -> None:
    sign_in(page, live, email)
    page.goto(f"{live.url}/review")
    expect(page.get_by_role("heading", name="검토 작업")).to_be_visible()


def start_case(page: Page) -> int:
    page.get_by_role("button", name="검토 시작").click()
    return shown_case(page)


def shown_case(page: Page, other_than: int | None = None) -> int:
    """The id of the case on screen once its blurred image has arrived."""
    heading = page.get_by_role("heading", name=HEADING)
    if other_than is not None:
        expect(heading).not_to_have_text(f"사건 {other_than}")
    page.locator("img.blurred[src^='data:image']").first.wait_for()
    match = HEADING.match(heading.inner_text().strip())
    assert match is not None
    return int(match.group(1))


def over_budget(live: LiveVigil, email: str) -> None:
    """Two hours of graphic screen time just now: a break is due (the ledger is append-only)."""
    with live.database.begin() as session:
        person = find_person(session, email)
        assert person is not None
        person_id = person.id
    spend_two_graphic_hours(live.database, person_id)


def decoded(page: Page, selector: str) -> np.ndarray:
    source = page.locator(selector).first.get_attribute("src")
    assert source is not None and source.startswith("data:image/"), source
    payload = base64.b64decode(source.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(payload)).convert("L"), dtype=np.float64)


def original(seed: int) -> np.ndarray:
    return np.asarray(draw_scene(seed).convert("L"), dtype=np.float64)


def high_pass(pixels: np.ndarray) -> np.ndarray:
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return pixels - np.asarray(image.filter(ImageFilter.GaussianBlur(2)), dtype=np.float64)


def fine_detail_correlation(first: np.ndarray, second: np.ndarray) -> float:
    """Correlation of the two pictures' fine detail (what a blur removes)."""
    a, b = high_pass(first), high_pass(second)
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))


def sharpened(pixels: np.ndarray) -> np.ndarray:
    """An attacker's best cheap try at undoing the blur: a strong unsharp mask."""
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    attempt = image.filter(ImageFilter.UnsharpMask(radius=12, percent=500, threshold=0))
    return np.asarray(attempt, dtype=np.float64)


def test_before_any_reveal_the_browser_holds_only_an_unrecoverable_blur_and_a_reveal_is_sharp_only_inside(  # noqa: E501
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    page = context_page()
    open_review(page, live_vigil, "reviewer@vigil.example")
    case_id = start_case(page)
    received, sharp = decoded(page, "img.blurred"), original(seeded[case_id])

    assert received.shape == sharp.shape
    assert detail(received) / detail(sharp) < 0.01
    assert np.abs(received - sharp).mean() > 15
    # Fine detail is gone, not hidden: neither the bytes nor a sharpened try at undoing the blur
    # correlate with the original's fine detail (a JPEG-40 copy correlates at about 0.75).
    assert fine_detail_correlation(received, sharp) < 0.1
    assert fine_detail_correlation(sharpened(received), sharp) < 0.1

    box = page.locator(".stage").first.bounding_box()
    assert box is not None
    scale = sharp.shape[1] / box["width"]
    page.mouse.move(box["x"] + 100, box["y"] + 80)
    page.mouse.down()
    page.mouse.move(box["x"] + 220, box["y"] + 170, steps=6)
    page.mouse.up()
    page.locator("img.revealed").wait_for(state="attached")
    # Only the region's box travels, sharp, and is laid over the blurred image at its place.
    patch = decoded(page, "img.revealed")
    height, width = patch.shape
    left, top = revealed_place(page, (sharp.shape[1], sharp.shape[0]))
    assert abs(left - 100 * scale) <= 2 and abs(top - 80 * scale) <= 2
    assert abs(width - 120 * scale) <= 2 and abs(height - 90 * scale) <= 2
    inner = (slice(3, -3), slice(3, -3))
    under = sharp[top : top + height, left : left + width]
    assert np.abs(patch[inner] - under[inner]).mean() < 6
    assert fine_detail_correlation(patch[inner], under[inner]) > 0.6
    screen = on_screen(page)
    wanted_view = expected_screen(received, patch, (left, top), screen.shape)
    blurred_view = expected_screen(received, received, (0, 0), screen.shape)
    image_size = (sharp.shape[1], sharp.shape[0])
    region = screen_box((left, top, left + width, top + height), image_size, screen.shape)
    assert np.abs(screen - wanted_view).mean() < 3
    assert np.abs(screen[region] - blurred_view[region]).mean() > 15
    page.locator("img.revealed").wait_for(state="detached", timeout=15_000)


def test_the_lease_countdown_ticks_in_the_browser_between_page_runs(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    page = context_page()
    open_review(page, live_vigil, "reviewer@vigil.example")
    start_case(page)
    clock = page.locator(".vigil-countdown .value")
    expect(clock).to_have_text(re.compile(r"^0:(09|10):\d\d$"))
    first = clock.inner_text()

    expect(clock).not_to_have_text(first, timeout=3_000)  # no page run is due for 5 s

    later = clock.inner_text()
    seconds = [int(part) for text in (first, later) for part in text.split(":")[1:]]
    assert 60 * seconds[0] + seconds[1] > 60 * seconds[2] + seconds[3]


def test_a_decision_made_with_the_keyboard_brings_the_next_case(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    page = context_page()
    open_review(page, live_vigil, "reviewer@vigil.example")
    first = start_case(page)
    page.get_by_role("heading", name="검토 작업").click()  # focus the page, not a field

    page.keyboard.press("1")
    # The chosen option is the combobox's value, not text on the page.
    expect(page.get_by_role("combobox", name="분류")).to_have_value("딥페이크 성적 허위영상물")
    page.get_by_role("heading", name="검토 작업").click()
    page.keyboard.press("n")

    second = shown_case(page, other_than=first)
    assert second != first
    expect(page.get_by_text(f"사건 {first} 처리 완료")).to_be_visible()
    # The next case starts blank: "N" must never submit the previous case's decision unread.
    expect(page.get_by_role("combobox", name="분류")).to_have_value("")
    expect(page.get_by_role("combobox", name="적용 근거")).to_have_value("")
    expect(page.get_by_role("textbox", name="판단 사유")).to_have_value("")
    expect(page.get_by_role("button", name=re.compile("^Remove "))).to_have_count(0)


def test_after_a_decision_a_reveal_and_its_reblur_leave_one_decision_form(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    # The decision's notice comes and goes above the pictures' fragment. While it moved the
    # fragment, the benchmark once found a stale second copy of the form after these steps (a race:
    # this test did not reproduce it on demand, but guards the path through both kinds of rerun).
    page = context_page()
    open_review(page, live_vigil, "reviewer@vigil.example")
    first = start_case(page)
    page.get_by_role("heading", name="검토 작업").click()
    page.keyboard.press("1")
    expect(page.get_by_role("combobox", name="분류")).to_have_value("딥페이크 성적 허위영상물")
    page.get_by_role("heading", name="검토 작업").click()
    page.keyboard.press("n")
    shown_case(page, other_than=first)

    page.locator(".stage").first.click()
    page.locator("img.revealed").wait_for(state="attached")
    page.keyboard.press("Escape")
    page.locator("img.revealed").wait_for(state="detached")
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
    page.get_by_role("heading", name="검토 작업").click()
    page.keyboard.press("1")

    expect(page.get_by_role("combobox", name="분류")).to_have_value("딥페이크 성적 허위영상물")
    expect(page.get_by_role("combobox", name="분류")).to_have_count(1)


def test_shortcut_keys_typed_into_the_reason_are_only_text(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    page = context_page()
    open_review(page, live_vigil, "reviewer@vigil.example")
    case_id = start_case(page)
    reason = page.get_by_role("textbox", name="판단 사유")

    reason.click()
    page.keyboard.type("1 s n 4")
    expect(reason).to_have_value("1 s n 4")
    page.get_by_role("heading", name="검토 작업").click()  # leave the field: the text is sent
    page.keyboard.press("2")  # a shortcut outside the field, to know every key was handled

    expect(page.get_by_role("combobox", name="분류")).to_have_value("불법촬영·비동의 유포물")
    assert shown_case(page) == case_id
    expect(page.get_by_text("처리 완료")).to_have_count(0)


def test_two_reviewers_in_two_browsers_never_see_the_same_case(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    mine, theirs = context_page(), context_page()
    open_review(mine, live_vigil, "reviewer@vigil.example")
    open_review(theirs, live_vigil, "senior@vigil.example")
    mine.get_by_role("button", name="검토 시작").click()
    theirs.get_by_role("button", name="검토 시작").click()

    assert shown_case(mine) != shown_case(theirs)


def test_a_reveal_asked_for_after_a_break_fell_due_brings_the_break_screen_not_the_region(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    # The reveal is made in the widget's callback and drawn by a run of the pictures alone, so
    # neither passes the page's own break check: the callback has to ask.
    page = context_page()
    open_review(page, live_vigil, "senior@vigil.example")
    start_case(page)
    over_budget(live_vigil, "senior@vigil.example")

    page.locator(".stage").first.click()

    expect(page.get_by_role("heading", name="잠시 쉬어 갈 시간입니다")).to_be_visible()
    assert page.locator("img.revealed").count() == 0
    with live_vigil.database.begin() as session:
        person = find_person(session, "senior@vigil.example")
        assert person is not None
        reveals = session.query(ExposureEntry).filter_by(person_id=person.id, kind="reveal")
        assert reveals.count() == 0


def test_a_reviewer_over_budget_gets_the_break_screen_and_no_graphic_case(
    live_vigil: LiveVigil, seeded: dict[int, int], context_page
) -> None:
    # Last in this module: the ledger is append-only, so this reviewer stays over budget.
    over_budget(live_vigil, "reviewer@vigil.example")
    page = context_page()
    sign_in(page, live_vigil, "reviewer@vigil.example")
    page.goto(f"{live_vigil.url}/review")

    expect(page.get_by_role("heading", name="잠시 쉬어 갈 시간입니다")).to_be_visible()
    expect(page.locator("canvas.board")).to_be_visible()
    assert page.locator("img.blurred").count() == 0
    page.get_by_role("button", name="비유해 업무 하기").click()
    expect(page.get_by_text("지금 배정할 수 있는 사건이 없습니다.")).to_be_visible()
    assert page.locator("img.blurred").count() == 0
