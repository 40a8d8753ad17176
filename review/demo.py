"""Synthetic demo data: reports with drawn media, some near-duplicates (re-encodings, rotations)
of each other, and a demo hash bank some of them match. No real imagery, ever."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from review.intake import MediaServices, ReportInput, submit_report
from review.matching.pdq import hash_image
from review.matching_link import MatchIndex
from review.media.synthetic import draw_scene, encode, reencoded, rotated
from review.models import BankHash, Case, HashBank
from vigil.db import Database, utcnow
from vigil.settings import Settings

SITES = (
    "https://t.me/c/{n}",
    "https://x.com/u/status/{n}",
    "https://badsite.example/v/{n}",
    "https://www.instagram.com/p/{n}",
    "https://cafe.naver.com/a/{n}",
)


def seed_demo(database: Database, media: MediaServices, reports: int = 40, seed: int = 1) -> str:
    """Create the demo bank and `reports` reports; returns a one-line summary."""
    rng = random.Random(seed)
    now = utcnow()
    scenes = [draw_scene(rng.randrange(10_000)) for _ in range(max(3, reports // 3))]
    with database.begin() as session:
        bank = HashBank(name=f"demo-bank-{now:%Y%m%d%H%M%S}", action="review", threshold=31)
        session.add(bank)
        session.flush()
        for scene in scenes[:2]:
            session.add(BankHash(bank_id=bank.id, hash_hex=hash_image(scene).to_hex()))
    index, cases = MatchIndex(), set()
    for number in range(reports):
        scene = rng.choice(scenes)
        variant = rng.choice((lambda s: s, reencoded, lambda s: rotated(s, 1)))
        report = ReportInput(
            source=rng.choice(("hotline", "platform", "automated", "monitoring", "police")),
            received_at=now - dt.timedelta(minutes=rng.randrange(0, 1400)),
            urls=(rng.choice(SITES).format(n=number),),
            files=(encode(variant(scene)),),
            contact="demo caller" if number % 4 == 0 else "",
            suspected_minor=number % 9 == 0,
            victim_request=number % 4 == 0,
            severity_tier=rng.choice((1, 2, 2, 3)),
        )
        cases.update(submit_report(database, None, report, media=media, index=index).case_ids)
    return f"seeded {reports} reports into {len(cases)} cases; demo bank {bank.name}"


def seed_review_demo(database: Database, settings: Settings) -> str:
    """The review queue of `make run`: made on the first run, kept as it is on later runs."""
    with database.begin() as session:
        if session.scalars(select(Case.id).limit(1)).first() is not None:
            return "review queue kept"
    return seed_demo(database, MediaServices.from_settings(settings))
