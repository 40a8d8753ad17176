"""Liaison fixtures: hotline staff, a key ring and blob store, and helpers that take a victim's
request through review (claim, decide) and the platform's answer."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable

import pytest

from liaison.intake_port import ReviewIntake
from liaison.victim_requests import (
    FiledVictimRequest,
    VictimContact,
    VictimRequest,
    file_victim_request,
)
from review.decisions import decide
from review.intake import MediaServices
from review.matching_link import MatchIndex
from review.media.crypto import KeyRing
from review.media.store import InMemoryStore
from review.media.synthetic import draw_scene, encode
from review.models import TakedownRequest, TakedownStatus
from review.queue import claim_next
from review.takedowns import update_takedown
from tests.review.conftest import T0, add_person
from vigil.access import Actor
from vigil.db import Database
from vigil.people import Person
from vigil.roles import Role

__all__ = ["T0"]

CONTACT = VictimContact(
    name="홍길순",
    phone="010-9876-5432",
    email="gilsoon.hong@example.kr",
    preferred_channel="sms",
)


def contact_strings(contact: VictimContact = CONTACT) -> list[str]:
    """Every piece of a contact that must never show up outside the desk."""
    return [contact.name, contact.phone, contact.phone.replace("-", ""), contact.email]


def picture(seed: int) -> bytes:
    """A synthetic JPEG (shapes and noise only)."""
    return encode(draw_scene(seed))


@pytest.fixture
def keyring() -> KeyRing:
    return KeyRing("t", {"t": os.urandom(32)})


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def intake(keyring: KeyRing, store: InMemoryStore) -> ReviewIntake:
    return ReviewIntake(MediaServices(keyring, store), MatchIndex())


@pytest.fixture
def hotline(database: Database) -> Actor:
    actor = add_person(database, "hotline@vigil.test", [Role.REVIEWER])
    with database.begin() as session:
        session.get(Person, actor.person_id).hotline_trained = True  # type: ignore[union-attr]
    return actor


@pytest.fixture
def reviewer(database: Database) -> Actor:
    return add_person(database, "reviewer@vigil.test", [Role.REVIEWER])


@pytest.fixture
def senior(database: Database) -> Actor:
    return add_person(database, "senior@vigil.test", [Role.SENIOR_REVIEWER])


@pytest.fixture
def manager(database: Database) -> Actor:
    return add_person(database, "manager@vigil.test", [Role.MANAGER])


@pytest.fixture
def file_request(
    database: Database, hotline: Actor, intake: ReviewIntake, keyring: KeyRing
) -> Callable[..., FiledVictimRequest]:
    """File a victim's request on the desk (defaults: one URL, one picture, full contact)."""

    def make(
        urls: Iterable[str] = ("https://t.me/leaks/101",),
        files: Iterable[bytes] = (),
        contact: VictimContact = CONTACT,
        now: dt.datetime = T0,
        **options: object,
    ) -> FiledVictimRequest:
        request = VictimRequest(
            urls=list(urls),
            files=list(files),
            consent_to_act=True,
            suspected_minor=bool(options.get("suspected_minor", False)),
            contact=contact,
        )
        return file_victim_request(
            database, hotline, request, intake=intake, keyring=keyring, now=now
        )

    return make


@pytest.fixture
def decide_case(database: Database, reviewer: Actor) -> Callable[..., list[int]]:
    """Claim the next case and decide it; returns the takedown ids drafted."""

    def run(
        case_id: int,
        actions: Iterable[str] = ("deletion_request",),
        category: str = "deepfake_sexual",
        now: dt.datetime = T0,
    ) -> list[int]:
        claim = claim_next(database, reviewer, now=now)
        assert claim is not None and claim.case_id == case_id
        outcome = decide(
            database,
            reviewer,
            case_id,
            category=category,
            actions=list(actions),
            policy="Art. 44-7",
            reason="synthetic face on a real person",
            now=now,
        )
        return outcome.takedown_ids

    return run


@pytest.fixture
def answer(database: Database, reviewer: Actor) -> Callable[..., None]:
    """Move a takedown through statuses, e.g. answer(id, SENT, REMOVED, now=...)."""

    def run(takedown_id: int, *statuses: TakedownStatus, now: dt.datetime = T0) -> None:
        for status in statuses:
            update_takedown(database, reviewer, takedown_id, status, now=now)

    return run


def takedown_urls(database: Database, case_id: int) -> dict[str, int]:
    from sqlalchemy import select

    with database.begin() as session:
        rows = session.execute(
            select(TakedownRequest.url, TakedownRequest.id).where(
                TakedownRequest.case_id == case_id
            )
        ).all()
    return {url: takedown_id for url, takedown_id in rows}
