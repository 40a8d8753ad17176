"""The reviewer workspace pages through AppTest: review, takedowns and my work, per role."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from app.texts import TEXTS
from review.decisions import decide
from review.intake import MediaServices, ReportInput, submit_report
from review.matching_link import MatchIndex
from review.media.crypto import KeyRing
from review.media.derivatives import fit_review_size
from review.media.store import LocalDirectoryStore
from review.media.synthetic import draw_scene, encode
from review.models import Case
from review.queue import claim_next
from review.takedown_desk import bulk_update
from tests.pixels import detail
from tests.review.conftest import spend_two_graphic_hours
from vigil.access import Actor
from vigil.db import Database, utcnow
from vigil.people import find_person
from vigil.roles import Role
from vigil.settings import load_settings

REVIEWER = ("reviewer@vigil.example", ("vigil-reviewers",))
SENIOR = ("senior@vigil.example", ("vigil-senior-reviewers",))
MANAGER = ("manager@vigil.example", ("vigil-managers",))
LEADER = ("leader@vigil.example", ("vigil-leadership",))


def ko(key: str, **params: object) -> str:
    return TEXTS[key]["ko"].format(**params)


def actor(database: Database, email: str, *roles: Role) -> Actor:
    with database.begin() as session:
        person = find_person(session, email)
        assert person is not None
        return Actor(person.id, person.email, person.display_name, frozenset(roles), "ko")


def media() -> MediaServices:
    config = load_settings()
    keyring = KeyRing(config.media_key_id, config.media_key_bytes())
    return MediaServices(keyring, LocalDirectoryStore(config.media_dir))


def seed(
    database: Database, seeds: list[int], *, tier: int = 2, minutes_ago: int = 60
) -> list[int]:
    """One report per seed with a drawn picture; returns the case ids."""
    services, cases = media(), []
    for number in seeds:
        report = ReportInput(
            source="hotline",
            received_at=utcnow() - dt.timedelta(minutes=minutes_ago),
            urls=(f"https://t.me/c/{number}",),
            files=(encode(draw_scene(number)),),
            severity_tier=tier,
        )
        cases += submit_report(database, None, report, media=services, index=MatchIndex()).case_ids
    return cases


def mounted_reveals(at: AppTest) -> list[dict]:
    found = [json.loads(c.proto.json) for c in at.get("bidi_component")]
    return [data for data in found if "blurred" in data]


def decoded(data_url: str) -> np.ndarray:
    payload = base64.b64decode(data_url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(payload)).convert("L"), dtype=np.float64)


def open_review(app_as: Callable[..., AppTest], who: tuple[str, tuple[str, ...]]) -> AppTest:
    at = app_as(*who).run()
    at.switch_page("views/review.py").run()
    assert not at.exception, at.exception
    return at


def start(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == ko("review.start")).click().run()
    assert not at.exception, at.exception
    return at


def case_heading(at: AppTest) -> str:
    return next(h.value for h in at.subheader if h.value.startswith("사건 "))


def test_a_reviewer_starts_and_the_case_arrives_blurred_in_greyscale_with_its_header(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    (case_id,) = seed(demo_app_env, [11])
    at = start(open_review(app_as, REVIEWER))

    assert case_heading(at) == ko("review.case.heading", case_id=case_id)
    (reveal,) = mounted_reveals(at)
    sharp = np.asarray(fit_review_size(draw_scene(11), 960).convert("L"), dtype=np.float64)
    assert reveal["greyscale"] is True and reveal["revealed"] is None
    assert detail(decoded(reveal["blurred"])) / detail(sharp) < 0.01
    assert any(ko("review.meter.heading") in c.value for c in at.sidebar.caption)
    assert any(ko("review.source.hotline") in c.value for c in at.caption)


def mounted_countdowns(at: AppTest) -> list[dict]:
    found = [json.loads(c.proto.json) for c in at.get("bidi_component")]
    return [data for data in found if "seconds_left" in data]


def test_the_lease_counts_down_in_the_browser_and_extend_renews_it(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    (case_id,) = seed(demo_app_env, [12])
    at = start(open_review(app_as, REVIEWER))
    (lease,) = mounted_countdowns(at)
    assert lease["label"] == ko("review.lease_left")
    assert 9 * 60 < lease["seconds_left"] <= 10 * 60  # the default 10-minute lease
    with demo_app_env.begin() as session:
        session.execute(
            Case.__table__.update()
            .where(Case.id == case_id)
            .values(lease_expires_at=utcnow() + dt.timedelta(minutes=2))
        )

    next(b for b in at.button if b.label == ko("review.extend")).click().run()

    assert not at.exception, at.exception
    (lease,) = mounted_countdowns(at)
    assert 9 * 60 < lease["seconds_left"] <= 10 * 60
    with demo_app_env.begin() as session:
        expires = session.get(Case, case_id).lease_expires_at
    assert expires - utcnow() > dt.timedelta(minutes=9)


def test_a_decision_from_the_form_takes_the_next_case(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    first, second = seed(demo_app_env, [21, 22])
    at = start(open_review(app_as, REVIEWER))
    shown = case_heading(at)

    at.selectbox(key="review.category").set_value("deepfake_sexual")
    at.multiselect(key="review.actions").set_value(["deletion_request"])
    at.selectbox(key="review.policy").set_value(at.selectbox(key="review.policy").options[0])
    at.text_area(key="review.reason").input("synthetic face swap")
    next(b for b in at.button if b.label == ko("review.decide.submit")).click().run()

    assert not at.exception, at.exception
    assert case_heading(at) != shown
    assert {shown, case_heading(at)} == {
        ko("review.case.heading", case_id=first),
        ko("review.case.heading", case_id=second),
    }
    assert any("처리 완료" in i.value for i in at.info)


def test_a_decision_without_a_reason_is_refused_in_korean(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    seed(demo_app_env, [31])
    at = start(open_review(app_as, REVIEWER))
    at.selectbox(key="review.category").set_value("ncii")
    at.multiselect(key="review.actions").set_value(["deletion_request"])
    next(b for b in at.button if b.label == ko("review.decide.submit")).click().run()
    assert at.error[0].value == "적용 근거 규정을 선택하세요."


def test_skip_gives_the_case_back_and_there_is_nothing_else(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    seed(demo_app_env, [41])
    at = start(open_review(app_as, REVIEWER))
    next(b for b in at.button if b.label == ko("review.decide.skip")).click().run()
    # The skipped case is the only one; it is claimed again (skip is not a refusal to ever see it).
    assert not at.exception
    assert mounted_reveals(at)


def test_a_reviewer_over_budget_gets_the_break_screen_then_only_non_graphic_work(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    seed(demo_app_env, [51], tier=3)
    (calm,) = seed(demo_app_env, [52], tier=1)
    reviewer = actor(demo_app_env, REVIEWER[0], Role.REVIEWER)
    spend_two_graphic_hours(demo_app_env, reviewer.person_id)
    at = open_review(app_as, REVIEWER)

    assert at.title[0].value == ko("review.break.heading")
    assert not mounted_reveals(at)
    next(b for b in at.button if b.label == ko("review.break.non_graphic")).click().run()

    assert not at.exception, at.exception
    assert case_heading(at) == ko("review.case.heading", case_id=calm)


def test_a_senior_sees_the_first_decision_on_a_second_review(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    seed(demo_app_env, [61])
    reviewer = actor(demo_app_env, REVIEWER[0], Role.REVIEWER)
    claim = claim_next(demo_app_env, reviewer)
    assert claim is not None
    decide(
        demo_app_env,
        reviewer,
        claim.case_id,
        category="not_violating",
        actions=["no_action"],
        policy="해당 없음",
        reason="풍경 사진",
    )
    at = start(open_review(app_as, SENIOR))

    assert any(m.value == f"**{ko('review.lane.second_review')}**" for m in at.markdown)
    assert any("풍경 사진" in m.value for m in at.markdown)


@pytest.mark.parametrize("who", [REVIEWER, MANAGER])
def test_takedowns_show_overdue_requests_to_reviewers_and_managers(
    app_as: Callable[..., AppTest], demo_app_env: Database, who: tuple[str, tuple[str, ...]]
) -> None:
    seed(demo_app_env, [71])
    reviewer = actor(demo_app_env, REVIEWER[0], Role.REVIEWER)
    two_days_ago = utcnow() - dt.timedelta(hours=48)
    claim = claim_next(demo_app_env, reviewer, now=two_days_ago)
    assert claim is not None
    outcome = decide(
        demo_app_env,
        reviewer,
        claim.case_id,
        category="deepfake_sexual",
        actions=["deletion_request"],
        policy="p",
        reason="r",
        now=two_days_ago,
    )
    bulk_update(demo_app_env, reviewer, outcome.takedown_ids, "sent", now=two_days_ago)

    at = app_as(*who).run()
    at.switch_page("views/takedowns.py").run()

    assert not at.exception, at.exception
    assert at.error[0].value == ko("takedowns.overdue_count", count=1)
    assert len(at.dataframe[0].value) == 1


def test_leadership_cannot_open_the_workspace_pages(app_as: Callable[..., AppTest]) -> None:
    at = app_as(*LEADER).run()
    for page in ("views/review.py", "views/takedowns.py", "views/my_work.py"):
        with pytest.raises(ValueError):
            at.switch_page(page).run()


def test_my_work_shows_my_decisions_and_links_my_roster(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    seed(demo_app_env, [81])
    reviewer = actor(demo_app_env, REVIEWER[0], Role.REVIEWER)
    claim = claim_next(demo_app_env, reviewer)
    assert claim is not None
    decide(
        demo_app_env,
        reviewer,
        claim.case_id,
        category="ncii",
        actions=["deletion_request"],
        policy="p",
        reason="r",
    )
    at = app_as(*REVIEWER).run()
    at.switch_page("views/my_work.py").run()

    assert not at.exception, at.exception
    assert all(box.key != "my_work.person" for box in at.selectbox)
    table = at.dataframe[0].value
    assert list(table[ko("my_work.column.category")]) == [ko("review.category.ncii")]


def test_a_manager_picks_a_reviewer_on_my_work(app_as: Callable[..., AppTest]) -> None:
    at = app_as(*MANAGER).run()
    at.switch_page("views/my_work.py").run()

    assert not at.exception, at.exception
    picker = at.selectbox(key="my_work.person")
    assert len(picker.options) >= 2
    picker.select_index(1).run()
    assert not at.exception
