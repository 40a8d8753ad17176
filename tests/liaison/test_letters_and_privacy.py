"""Takedown letters and exports carry what the platform needs and never the victim's identity."""

from __future__ import annotations

import io
import json
from zoneinfo import ZoneInfo

import pytest
import pyzipper

from liaison.directory import (
    PlatformProfile,
    list_platforms,
    save_platforms,
    seed_default_platforms,
)
from liaison.errors import TakedownNotFound
from liaison.evidence import build_package
from liaison.letters import platform_export_csv, takedown_letter
from liaison.status import lookup_status
from liaison.templates import MessageKind, prepare_message
from liaison.wording import describe_status
from review.models import ItemHash, MediaItem
from review.models import TakedownStatus as S
from review.takedowns import list_takedowns
from tests.liaison.conftest import contact_strings, picture, takedown_urls

SEOUL = ZoneInfo("Asia/Seoul")


def _decided(file_request, decide_case, database, actions=("deletion_request",)):
    filed = file_request(
        urls=["https://t.me/leaks/101", "https://x.com/u/status/5"], files=[picture(8)]
    )
    decide_case(filed.case_ids[0], actions=actions)
    return filed, takedown_urls(database, filed.case_ids[0])


def test_a_letter_names_the_url_category_legal_basis_and_hashes(
    database, reviewer, file_request, decide_case
):
    seed_default_platforms(database)
    _, takedowns = _decided(file_request, decide_case, database)
    letter = takedown_letter(database, reviewer, takedowns["https://t.me/leaks/101"])
    with database.begin() as session:
        item = session.query(MediaItem).one()
        pdq = session.query(ItemHash).filter(ItemHash.item_id == item.id).one().hash_hex
    assert letter.language == "en" and letter.recipient == "abuse@telegram.org"
    for expected in (
        "https://t.me/leaks/101",
        "Sexual deepfake",
        "Article 14-2",
        f"SHA-256 {item.sha256}",
        f"PDQ {pdq}",
    ):
        assert expected in letter.body
    assert "https://x.com/u/status/5" not in letter.body
    korean = takedown_letter(database, reviewer, takedowns["https://t.me/leaks/101"], language="ko")
    assert "성폭력범죄의 처벌 등에 관한 특례법 제14조의2" in korean.body


def test_a_platform_template_replaces_the_default_letter(
    database, manager, reviewer, file_request, decide_case
):
    seed_default_platforms(database)
    telegram = next(p for p in list_platforms(database, manager) if p.code == "telegram")
    custom = PlatformProfile(
        **{**telegram.__dict__, "letter_template_en": "Takedown $reference: $url [$category]"}
    )
    save_platforms(database, manager, [custom])
    _, takedowns = _decided(file_request, decide_case, database)
    takedown = takedowns["https://t.me/leaks/101"]
    letter = takedown_letter(database, reviewer, takedown)
    assert letter.body == (
        f"Takedown VIGIL-TD-{takedown}: https://t.me/leaks/101 [Sexual deepfake (synthetic)]"
    )


def test_an_unknown_takedown_is_named(database, reviewer):
    with pytest.raises(TakedownNotFound):
        takedown_letter(database, reviewer, 999)


def test_the_victims_contact_is_in_no_generated_artefact(
    database, reviewer, hotline, senior, file_request, decide_case, answer, keyring, store
):
    seed_default_platforms(database)
    filed, takedowns = _decided(
        file_request, decide_case, database, actions=("deletion_request", "police_referral")
    )
    for takedown in takedowns.values():
        answer(takedown, S.SENT)
    artefacts: list[str] = []
    for takedown in takedowns.values():
        for language in ("ko", "en"):
            artefacts.append(takedown_letter(database, reviewer, takedown, language=language).body)
    for platform in ("telegram", "x"):
        artefacts.append(platform_export_csv(database, reviewer, platform))
    status = lookup_status(database, hotline, filed.reference)
    for language in ("ko", "en"):
        artefacts += describe_status(status, language, SEOUL)
        artefacts += [prepare_message(status, kind, language, SEOUL).body for kind in MessageKind]
    artefacts.append(repr(list_takedowns(database, reviewer)))  # what the review pages list
    package = build_package(database, senior, filed.case_ids[0], keyring=keyring, store=store)
    with pyzipper.AESZipFile(io.BytesIO(package.data)) as archive:
        archive.setpassword(package.password.encode())
        for name in archive.namelist():
            if not name.startswith("originals/"):
                artefacts.append(archive.read(name).decode("utf-8"))
    assert len(artefacts) > 15
    everything = "\n".join(artefacts)
    assert "https://t.me/leaks/101" in everything  # the search does see the artefacts' content
    for secret in contact_strings():
        assert secret not in everything, secret
        assert json.dumps(secret)[1:-1] not in everything, secret
