"""Benchmark: the reviewer workspace in a real browser with a deep queue, on SQLite and PostgreSQL.

For each backend: a live Vigil (the local OIDC provider and the app, as the browser tests run it)
over a queue of `--cases` graphic cases (a few pictures through real intake, the rest bulk copies,
see `bench.review_seed`), a reviewer signed in through the provider in Debian's chromium, then
`--decisions` rounds of: reveal a circle on the image (click until the sharp patch is drawn),
Escape, key 1, click "Submit & Next" (until the next case's blurred image has loaded).

Both times are taken inside the page (event time to the animation frame that shows the result).
Baseline, measured in the same browser just before each backend: a bare Streamlit page with one
`st.button` and one `st.image` of the same blurred pictures, click to the new picture loaded.
Run:
    .venv/bin/python -m bench.review_page [--cases 100000] [--decisions 30] [--backends sqlite]
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect, sync_playwright
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bench.page_timing import backend
from bench.review_seed import copy_cases, intake_pictures
from review.intake import MediaServices
from review.media.crypto import KeyRing
from review.media.store import LocalDirectoryStore
from review.models import MediaItem
from vigil.db import Database
from vigil.demo_launcher import wait_until_healthy
from vigil.live_browser import LiveVigil, free_port, launch_chromium, running_vigil, sign_in

log = logging.getLogger("bench.review_page")

PICTURES, WARM_UP = 6, 2
NEXT_TARGET_MS, REVEAL_TARGET_MS = 500.0, 300.0
REVIEWER = "reviewer@vigil.example"
QUICK_CATEGORY = "딥페이크 성적 허위영상물"  # what key 1 picks

# Finds elements inside the components' shadow roots too.
DEEP = """
const deepAll = (selector, root = document) => {
  const found = [...root.querySelectorAll(selector)]
  for (const host of root.querySelectorAll("*")) {
    if (host.shadowRoot) found.push(...deepAll(selector, host.shadowRoot))
  }
  return found
}
const loaded = (img) => img.complete && img.naturalWidth > 0
"""
RECORD_EVENTS = """() => {
  for (const kind of ["click", "pointerup"]) {
    document.addEventListener(kind, () => { window[`bench_${kind}`] = performance.now() }, true)
  }
}"""
NEXT_CASE_SHOWN = f"""(old) => {{ {DEEP}
  const heading = [...document.querySelectorAll("h1, h2, h3")]
    .map((el) => el.textContent.trim()).find((text) => /^사건 \\d+$/.test(text))
  if (!heading || heading === `사건 ${{old}}`) return false
  // The reveal widget's key names the case, so this is the new case's picture, not the last.
  const widget = document.querySelector(`[class*="st-key-reveal-${{heading.split(" ")[1]}}-"]`)
  const fresh = widget && deepAll("img.blurred", widget).find((img) => loaded(img)
    && (img.getAttribute("src") || "").startsWith("data:image"))
  return fresh ? performance.now() - window.bench_click : false
}}"""
# The region's patch, loaded, laid over the blurred picture.
PATCH_DRAWN = f"""() => {{ {DEEP}
  const patch = deepAll("img.revealed").find(loaded)
  return patch ? performance.now() - window.bench_pointerup : false
}}"""
BASELINE_SHOWN = f"""([heading, source]) => {{ {DEEP}
  const shown = document.querySelector("h3")
  if (!shown || shown.textContent.trim() === heading) return false
  const fresh = deepAll("[data-testid=stImage] img").find((img) => img.src !== source
    && loaded(img))
  return fresh ? performance.now() - window.bench_click : false
}}"""
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]')"
BASELINE_APP = """
from pathlib import Path
import streamlit as st

pictures = sorted(Path(__file__).parent.glob("*.jpg"))
shown = st.session_state.setdefault("shown", 0)
if st.button("next"):
    st.session_state.shown = shown = shown + 1
st.subheader(f"picture {shown}")
st.image(str(pictures[shown % len(pictures)]))
"""


@dataclass(frozen=True)
class Figure:
    """Milliseconds of one measured step."""

    name: str
    samples: list[float]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    def line(self, baseline: Figure | None = None, target: float | None = None) -> str:
        text = (
            f"{self.name:28s} n={len(self.samples):3d}  p50 {self.percentile(0.5):6.0f} ms  "
            f"p95 {self.percentile(0.95):6.0f} ms"
        )
        if baseline is not None:
            ratio = statistics.median(self.samples) / statistics.median(baseline.samples)
            text += f"  median {ratio:4.1f}x baseline"
        if target is not None:
            met = "met" if self.percentile(0.95) <= target else "NOT met"
            text += f"  (target p95 <= {target:.0f} ms: {met})"
        return text


def seeding_progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )


def seed_queue(live: LiveVigil, cases: int) -> MediaServices:
    """Fill the live app's database with `cases` queued graphic cases."""
    vigil = live.secrets["vigil"]
    keyring = KeyRing.from_settings(vigil["media_key_id"], vigil["media_keys"])
    media = MediaServices(keyring, LocalDirectoryStore(vigil["media_dir"]))
    with seeding_progress() as progress:
        task = progress.add_task(f"queue ({live.database.engine.dialect.name})", total=cases)
        templates = intake_pictures(live.database, media, PICTURES)
        progress.advance(task, len(templates))
        copy_cases(live.database, templates, cases, lambda done: progress.advance(task, done))
    return media


def new_page(browser: Browser) -> Page:
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def settle(page: Page) -> None:
    """Let a rerun that was just asked for start, then wait until no script runs."""
    time.sleep(0.3)
    page.wait_for_function(IDLE, polling=50)


def timed(page: Page, script: str, argument: object = None) -> float:
    return float(page.wait_for_function(script, arg=argument, polling="raf").json_value())


def shown_case_id(page: Page) -> int:
    text = page.get_by_role("heading", name=re.compile(r"^사건 \d+$")).inner_text()
    return int(text.strip().split()[-1])


def measure_review(browser: Browser, live: LiveVigil, decisions: int) -> tuple[Figure, Figure]:
    """Reveal, then submit and next, `decisions` times after a warm-up; milliseconds."""
    page = new_page(browser)
    sign_in(page, live, REVIEWER)
    page.goto(f"{live.url}/review")
    page.get_by_role("button", name="검토 시작").click()
    page.locator("img.blurred[src^='data:image']").first.wait_for()
    page.evaluate(RECORD_EVENTS)
    reveals, nexts = [], []
    for round_number in range(WARM_UP + decisions):
        settle(page)
        case_id = shown_case_id(page)
        page.locator(".stage").first.click()
        reveal_ms = timed(page, PATCH_DRAWN)
        page.keyboard.press("Escape")
        settle(page)
        page.keyboard.press("1")
        expect(page.get_by_role("combobox", name="분류")).to_have_value(QUICK_CATEGORY)
        settle(page)
        page.get_by_role("button", name="제출 후 다음 (N)").click()
        next_ms = timed(page, NEXT_CASE_SHOWN, case_id)
        if round_number >= WARM_UP:
            reveals.append(reveal_ms)
            nexts.append(next_ms)
        log.debug("case %d: reveal %.0f ms, next %.0f ms", case_id, reveal_ms, next_ms)
    page.context.close()
    return Figure("reveal round trip", reveals), Figure("submit & next", nexts)


@contextmanager
def baseline_app(root: Path, pictures: list[bytes]) -> Iterator[str]:
    """The bare Streamlit page, serving the same blurred pictures; its URL."""
    folder = root / "baseline"
    folder.mkdir()
    for number, picture in enumerate(pictures):
        (folder / f"{number}.jpg").write_bytes(picture)
    (folder / "app.py").write_text(BASELINE_APP)
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(folder / "app.py")]
    command += ["--server.port", str(port), "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_healthy(f"http://localhost:{port}/_stcore/health", process)
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure_baseline(browser: Browser, url: str, reruns: int) -> Figure:
    """Click to the next picture loaded on the bare page, `reruns` times after a warm-up."""
    page = new_page(browser)
    page.goto(url)
    page.locator("[data-testid=stImage] img").first.wait_for()
    page.evaluate(RECORD_EVENTS)
    samples = []
    for round_number in range(WARM_UP + reruns):
        settle(page)
        heading = page.locator("h3").first.inner_text().strip()
        source = page.locator("[data-testid=stImage] img").first.get_attribute("src")
        page.get_by_role("button", name="next").click()
        milliseconds = timed(page, BASELINE_SHOWN, [heading, source])
        if round_number >= WARM_UP:
            samples.append(milliseconds)
    page.context.close()
    return Figure("baseline: bare rerun", samples)


def blurred_pictures(database: Database, media: MediaServices) -> list[bytes]:
    """The blurred derivatives intake stored for the drawn pictures."""
    with database.begin() as session:
        keys = session.scalars(sa.select(MediaItem.derivative_keys).limit(PICTURES)).all()
    return [media.keyring.decrypt(media.store.get(key["blurred_greyscale"])) for key in keys]


def run_backend(browser: Browser, kind: str, cases: int, decisions: int) -> list[str]:
    """Seed, measure the baseline and the page on one backend; the result lines."""
    with tempfile.TemporaryDirectory(prefix=f"bench-review-{kind}-") as folder:
        root = Path(folder)
        with backend(kind) as database, running_vigil(root, database) as live:
            began = time.perf_counter()
            media = seed_queue(live, cases)
            log.info("%s: %d cases seeded in %.1f s", kind, cases, time.perf_counter() - began)
            with baseline_app(root, blurred_pictures(database, media)) as url:
                baseline = measure_baseline(browser, url, decisions)
            reveal, next_case = measure_review(browser, live, decisions)
    return [
        f"{kind} ({cases:,} queued cases)",
        "  " + baseline.line(),
        "  " + next_case.line(baseline, NEXT_TARGET_MS),
        "  " + reveal.line(baseline, REVEAL_TARGET_MS),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=30)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    lines = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for kind in args.backends.split(","):
                lines += run_backend(browser, kind, args.cases, args.decisions)
        finally:
            browser.close()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
