"""Intake: near-duplicates join one case, banks and decisions are re-applied, reveals logged."""

from __future__ import annotations

import base64
import os

import pytest
from PIL import ImageOps

from review.decisions import decide
from review.errors import InvalidReport
from review.intake import MediaServices, ReportInput, submit_report
from review.matching.pdq import hash_image
from review.matching_link import MatchIndex
from review.media.crypto import KeyRing
from review.media.reveal import RevealRegion
from review.media.store import InMemoryStore
from review.media.synthetic import draw_scene, encode, reencoded, rotated
from review.models import BankHash, Case, ExposureEntry, HashBank, TakedownRequest
from review.queue import claim_next
from review.states import CaseState
from review.viewing import current_case, derivative_bytes, reporter_contact, reveal
from tests.review.conftest import T0
from vigil.audit import AuditEvent, verify_chain

DEEPFAKE = {"category": "deepfake_sexual", "policy": "Art. 44-7(1)", "reason": "synthetic face"}


@pytest.fixture
def media() -> MediaServices:
    key = base64.b64encode(os.urandom(32)).decode()
    return MediaServices(KeyRing.from_settings("k1", {"k1": key}), InMemoryStore())


def _report(*files: bytes, urls=("https://t.me/c/1",), **extra) -> ReportInput:  # type: ignore[no-untyped-def]
    return ReportInput(source="hotline", received_at=T0, urls=tuple(urls), files=files, **extra)


def test_a_report_without_files_or_urls_is_refused():
    with pytest.raises(InvalidReport):
        ReportInput(source="hotline", received_at=T0)


def test_a_re_encoded_copy_joins_the_case_of_the_original(database, reviewer, media):
    index = MatchIndex()
    scene = draw_scene(7)
    first = submit_report(
        database, reviewer, _report(encode(scene)), media=media, index=index, now=T0
    )
    copy = encode(reencoded(scene, quality=35))
    second = submit_report(
        database,
        reviewer,
        _report(copy, urls=("https://x.com/a/1",)),
        media=media,
        index=MatchIndex(),
        now=T0,
    )
    other = submit_report(
        database, reviewer, _report(encode(draw_scene(99))), media=media, index=index, now=T0
    )
    assert second.case_ids == first.case_ids
    assert other.case_ids != first.case_ids
    with database.begin() as session:
        case = session.get(Case, first.case_ids[0])
        assert case.report_count == 2 and case.copy_count == 2


@pytest.mark.parametrize("turn", ["rotate90", "rotate180", "mirror"])
def test_a_turned_or_mirrored_copy_joins_the_case_of_the_original(database, media, turn):
    scene = draw_scene(8)
    changed = {
        "rotate90": lambda: rotated(scene, 1),
        "rotate180": lambda: rotated(scene, 2),
        "mirror": lambda: ImageOps.mirror(scene),
    }[turn]()
    first = submit_report(
        database, None, _report(encode(scene)), media=media, index=MatchIndex(), now=T0
    )
    copy = submit_report(
        database,
        None,
        _report(encode(reencoded(changed)), urls=("https://x.com/a/2",)),
        media=media,
        index=MatchIndex(),
        now=T0,
    )
    assert copy.case_ids == first.case_ids


def test_a_re_upload_of_decided_material_gets_the_same_decision_unseen(database, reviewer, media):
    index = MatchIndex()
    scene = draw_scene(3)
    first = submit_report(
        database, reviewer, _report(encode(scene)), media=media, index=index, now=T0
    )
    claim_next(database, reviewer, now=T0)
    decide(database, reviewer, first.case_ids[0], actions=["access_block"], now=T0, **DEEPFAKE)
    again = submit_report(
        database,
        None,
        _report(encode(reencoded(scene)), urls=("https://badsite.example/v/9",)),
        media=media,
        index=index,
        now=T0,
    )
    assert again.auto_decided == first.case_ids
    with database.begin() as session:
        urls = {r.url for r in session.query(TakedownRequest)}
        assert "https://badsite.example/v/9" in urls
        assert session.get(Case, first.case_ids[0]).state == CaseState.DECIDED
        assert "auto_decision" in {e.action for e in session.query(AuditEvent)}
        assert verify_chain(session) == []


def test_a_match_with_an_auto_decide_bank_is_decided_without_a_human(database, media):
    scene = draw_scene(11)
    with database.begin() as session:
        bank = HashBank(
            name="demo", action="auto_decide", category="ncii", actions=["deletion_request"]
        )
        session.add(bank)
        session.flush()
        session.add(BankHash(bank_id=bank.id, hash_hex=hash_image(scene).to_hex()))
    result = submit_report(
        database, None, _report(encode(reencoded(scene))), media=media, index=MatchIndex(), now=T0
    )
    assert result.auto_decided == result.case_ids


def test_the_reviewer_sees_blurred_bytes_and_a_logged_reveal(database, reviewer, senior, media):
    result = submit_report(
        database,
        reviewer,
        _report(encode(draw_scene(5)), contact="010-1234"),
        media=media,
        index=MatchIndex(),
        now=T0,
    )
    case_id = claim_next(database, reviewer, now=T0).case_id
    view = current_case(database, reviewer, case_id, now=T0)
    item = view.items[0]
    blurred = derivative_bytes(
        database,
        reviewer,
        case_id,
        item.id,
        "blurred",
        store=media.store,
        keyring=media.keyring,
        now=T0,
    )
    assert blurred[:3] == b"\xff\xd8\xff"
    composite = reveal(
        database,
        reviewer,
        case_id,
        item.id,
        RevealRegion.rect(10, 10, 40, 40),
        store=media.store,
        keyring=media.keyring,
        now=T0,
    ).image
    assert composite != blurred
    with database.begin() as session:
        assert session.query(ExposureEntry).one().kind == "reveal"
        assert session.query(AuditEvent).filter_by(action="reveal").one().details["width"] == 40
    assert reporter_contact(database, senior, result.report_id, keyring=media.keyring) == "010-1234"
