"""The liaison pages in AppTest: the hotline desk, the platform directory and police evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app.texts import TEXTS
from liaison.directory import seed_default_platforms
from liaison.intake_port import ReviewIntake
from liaison.keys import keyring_from_settings
from liaison.models import EvidencePackage, HotlineContact
from liaison.victim_requests import VictimContact, VictimRequest, file_victim_request
from review.decisions import decide
from review.intake import MediaServices
from review.matching_link import MatchIndex
from review.media.synthetic import draw_scene, encode
from review.queue import claim_next
from review.takedowns import list_takedowns, update_takedown
from vigil.access import Actor
from vigil.audit import AuditEvent
from vigil.db import Database
from vigil.people import find_person
from vigil.roles import with_implied
from vigil.settings import load_settings

REVIEWER = ("reviewer@vigil.example", ("vigil-reviewers",))
SENIOR = ("senior@vigil.example", ("vigil-senior-reviewers",))
MANAGER = ("manager@vigil.example", ("vigil-managers",))
CONTACT = VictimContact(name="홍길순", phone="010-9876-5432", email="gilsoon@example.kr")


def ko(key: str) -> str:
    return TEXTS[key]["ko"]


def all_text(at: AppTest) -> str:
    parts = [
        *(e.value for e in (*at.title, *at.markdown, *at.caption, *at.info, *at.error,
                            *at.success, *at.warning, *at.code, *at.subheader)),
        *(str(m.value) + m.label for m in at.metric),
        *(str(table.value) for table in at.table),
        *(str(frame.value) for frame in at.dataframe),
    ]  # fmt: skip
    return "\n".join(str(part) for part in parts)


def actor_for(database: Database, email: str) -> Actor:
    with database.begin() as session:
        person = find_person(session, email)
        assert person is not None
        return Actor(person.id, person.email, person.display_name,
                     with_implied(person.role_set), "ko")  # fmt: skip


def file_and_decide(database: Database, actions: list[str], files: list[bytes]) -> str:
    """A victim's request filed on the desk and decided by a reviewer; returns the reference."""
    settings = load_settings()
    keyring = keyring_from_settings(settings)
    intake = ReviewIntake(MediaServices.from_settings(settings), MatchIndex())
    hotline = actor_for(database, REVIEWER[0])
    request = VictimRequest(
        urls=["https://t.me/leaks/7"], files=files, consent_to_act=True,
        suspected_minor=False, contact=CONTACT,
    )  # fmt: skip
    filed = file_victim_request(database, hotline, request, intake=intake, keyring=keyring)
    claim = claim_next(database, hotline)
    assert claim is not None
    decide(database, hotline, claim.case_id, category="deepfake_sexual", actions=actions,
           policy="Art. 44-7", reason="synthetic")  # fmt: skip
    return filed.reference


def open_page(app_as: Callable[..., AppTest], who: tuple[str, tuple[str, ...]], page: str):
    at = app_as(*who).run()
    at.switch_page(f"views/{page}").run()
    assert not at.exception, at.exception
    return at


def test_the_danger_panel_is_on_the_desk_even_for_staff_off_the_hotline(app_as):
    at = open_page(app_as, SENIOR, "hotline.py")
    text = all_text(at)
    assert ko("hotline.danger.heading") in text
    assert "112" in text and "1366" in text and "02-735-8994" in text
    assert ko("hotline.not_on_desk") in text
    assert not at.text_area  # no intake form for someone off the desk


def test_hotline_staff_log_a_call(app_as, demo_app_env):
    at = open_page(app_as, REVIEWER, "hotline.py")
    at.date_input[0].set_value(dt.date.today() - dt.timedelta(days=1))
    at.time_input[0].set_value(dt.time(9, 0))
    at.time_input[1].set_value(dt.time(9, 12))
    next(b for b in at.button if b.label == ko("hotline.contact.save")).click().run()
    assert not at.exception, at.exception
    assert ko("hotline.contact.saved").format(minutes=12) in all_text(at)
    with demo_app_env.begin() as session:
        contact = session.scalars(select(HotlineContact)).one()
    assert (contact.ended_at - contact.started_at).total_seconds() == 12 * 60


def test_hotline_staff_file_a_request_and_the_victim_gets_a_reference(app_as, demo_app_env):
    at = open_page(app_as, REVIEWER, "hotline.py")
    at.text_area[0].input("https://t.me/leaks/1\nhttps://x.com/a/status/2")
    next(c for c in at.checkbox if c.label == ko("hotline.request.consent")).check()
    by_label = {box.label: box for box in at.text_input}
    by_label[ko("hotline.request.name")].input(CONTACT.name)
    by_label[ko("hotline.request.phone")].input(CONTACT.phone)
    next(b for b in at.button if b.label == ko("hotline.request.submit")).click().run()
    assert not at.exception, at.exception
    success = at.success[0].value
    reference = success.split("VG-")[1][:9]
    assert success.startswith("접수했습니다") and len(reference) == 9
    # The desk looks it up: plain steps, no contact until it is asked for.
    next(b for b in at.text_input if b.label == ko("hotline.status.reference")).input(
        "VG-" + reference
    ).run()
    text = all_text(at)
    assert "요청을 접수했습니다." in text and "검토하고 있습니다" in text
    assert CONTACT.name not in text and CONTACT.phone not in text
    next(b for b in at.button if b.label == ko("hotline.status.show_contact")).click().run()
    assert CONTACT.phone in all_text(at)


def test_a_request_without_consent_is_refused_with_a_reason(app_as, demo_app_env):
    at = open_page(app_as, REVIEWER, "hotline.py")
    at.text_area[0].input("https://t.me/leaks/1")
    next(b for b in at.button if b.label == ko("hotline.request.submit")).click().run()
    assert at.error[0].value == ko("liaison.request_needs_consent")


def test_the_status_page_follows_the_takedown_to_removal(app_as, demo_app_env):
    reference = file_and_decide(demo_app_env, ["deletion_request"], [])
    reviewer = actor_for(demo_app_env, REVIEWER[0])
    (takedown,) = list_takedowns(demo_app_env, reviewer)
    update_takedown(demo_app_env, reviewer, takedown.id, "sent")
    update_takedown(demo_app_env, reviewer, takedown.id, "removed")
    at = open_page(app_as, REVIEWER, "hotline.py")
    next(b for b in at.text_input if b.label == ko("hotline.status.reference")).input(
        reference.lower().replace("-", " ")
    ).run()
    text = all_text(at)
    assert "Telegram에 삭제를 요청했습니다." in text and "Telegram에서 삭제되었습니다." in text
    assert reference in text  # in the prepared message
    assert CONTACT.phone not in text


def test_a_manager_sees_and_saves_the_platform_directory(app_as, demo_app_env):
    seed_default_platforms(demo_app_env)
    at = open_page(app_as, MANAGER, "platforms.py")
    frame = at.data_editor[0].value
    assert "Telegram" in set(frame[ko("platforms.column.name")])
    next(b for b in at.button if b.label == ko("platforms.save")).click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == ko("platforms.saved").format(count=0)


def test_a_reviewer_makes_a_letter_without_the_victims_contact(app_as, demo_app_env):
    seed_default_platforms(demo_app_env)
    file_and_decide(demo_app_env, ["deletion_request"], [])
    at = open_page(app_as, REVIEWER, "platforms.py")
    assert ko("platforms.read_only") in all_text(at)
    next(b for b in at.button if b.label == ko("platforms.letter.make")).click().run()
    assert not at.exception, at.exception
    letter = at.code[0].value
    assert "https://t.me/leaks/7" in letter and "제14조의2" in letter
    for secret in (CONTACT.name, CONTACT.phone, CONTACT.email):
        assert secret not in all_text(at)


def test_a_senior_builds_a_police_package_and_sees_the_password_once(app_as, demo_app_env):
    file_and_decide(demo_app_env, ["deletion_request", "police_referral"],
                    [encode(draw_scene(21))])  # fmt: skip
    at = open_page(app_as, SENIOR, "evidence.py")
    next(b for b in at.button if b.label == ko("evidence.build")).click().run()
    assert not at.exception, at.exception
    password = at.code[0].value
    assert len(password) == 29 and at.download_button
    at.run()
    assert password not in all_text(at)  # shown once
    with demo_app_env.begin() as session:
        assert session.scalars(select(EvidencePackage)).one().item_count == 1
        assert session.scalars(
            select(AuditEvent).where(AuditEvent.action == "evidence_package")
        ).one()


def test_a_reviewer_cannot_open_the_evidence_page(app_as):
    at = app_as(*REVIEWER).run()
    try:
        at.switch_page("views/evidence.py").run()
    except ValueError:
        return
    raise AssertionError("a reviewer reached the evidence page")
