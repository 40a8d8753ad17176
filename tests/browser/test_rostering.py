"""A manager builds, watches and publishes a roster; a reviewer then sees their shifts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from scheduler.publishing import list_versions, load_version
from scheduler.records import VersionStatus
from scheduler.workspace import TemplateRow, save_week_template
from tests.browser.conftest import LiveVigil, sign_in
from vigil.access import Actor
from vigil.people import Person, find_person
from vigil.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def manager_actor(live: LiveVigil) -> Actor:
    with live.database.begin() as session:
        person = find_person(session, "manager@vigil.example")
        assert person is not None
        return Actor(person.id, person.email, person.display_name, frozenset({Role.MANAGER}), "ko")


def sign_in_as_anyone(page: Page, live: LiveVigil, email: str) -> None:
    """Sign in as a person who is not a predefined demo user (the provider asks for a subject)."""
    page.goto(live.url)
    page.get_by_role("button", name="기관 계정으로 로그인").click()
    page.wait_for_url(f"{live.provider_url}/**")
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{live.url}/**")


def set_number(page: Page, label: str, value: int) -> None:
    # Inside a form Enter would submit it; the value is taken when the form is submitted.
    page.get_by_label(label).fill(str(value))


def test_manager_solves_with_live_progress_publishes_and_a_reviewer_sees_shifts(
    page: Page, live_vigil: LiveVigil
) -> None:
    manager = manager_actor(live_vigil)
    save_week_template(
        live_vigil.database,
        manager,
        [
            TemplateRow(w, h, task, 1)
            for w in range(7)
            for h in range(24)
            for task in ("graphic", "standard")
        ],
    )

    sign_in(page, live_vigil, "manager@vigil.example")
    page.goto(f"{live_vigil.url}/roster_solve")
    expect(page.get_by_role("heading", name="근무표 작성")).to_be_visible()
    set_number(page, "기간(주)", 1)
    set_number(page, "계산 시간 한도(초)", 10)
    page.get_by_role("button", name="근무표 계산 시작").click()
    # Progress shows while the worker runs, then the outcome replaces it.
    expect(page.get_by_text(re.compile("계산 중|계산을 준비"))).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile("완료: "))).to_be_visible(timeout=90_000)

    page.get_by_role("button", name="근무표 보기").click()
    expect(page.get_by_role("heading", name="근무표 보기·게시")).to_be_visible()
    page.get_by_role("button", name="이 근무표 게시").click()
    expect(page.get_by_text(re.compile("게시했습니다"))).to_be_visible()

    (version,) = [
        v
        for v in list_versions(live_vigil.database, manager)
        if v.status == VersionStatus.PUBLISHED
    ]
    roster = load_version(live_vigil.database, manager, version.id).roster
    worker_id = int(roster.assignments[0].staff)
    with live_vigil.database.begin() as session:
        person = session.get(Person, worker_id)
        assert person is not None
        email, first_day = person.email, roster.assignments[0].day

    page.context.clear_cookies()
    sign_in_as_anyone(page, live_vigil, email)
    page.goto(f"{live_vigil.url}/my_roster")
    expect(page.get_by_role("heading", name="내 근무표")).to_be_visible()
    if first_day >= dt.date.today() - dt.timedelta(days=1):
        # the table is drawn on a canvas; its cells exist for screen readers
        expect(page.get_by_text(first_day.isoformat()).first).to_be_attached()
    expect(page.get_by_role("button", name="캘린더(ICS) 내려받기")).to_be_visible()
