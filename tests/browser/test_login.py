"""Signing in through the real OIDC flow in a real browser: each role gets its own navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveVigil, sign_in

pytestmark = pytest.mark.browser


def navigation_links(page: Page) -> set[str]:
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    # Each link reads "<icon name>\n\n<title>"; the title is the last line.
    return {text.strip().splitlines()[-1] for text in nav.get_by_role("link").all_inner_texts()}


def test_reviewer_and_manager_see_different_navigation_then_sign_out(
    page: Page, live_vigil: LiveVigil
) -> None:
    sign_in(page, live_vigil, "reviewer@vigil.example")
    expect(page.get_by_text("김민지 님, 안녕하세요.")).to_be_visible()
    reviewer_links = navigation_links(page)
    assert {"홈", "내 정보", "내 근무표"} <= reviewer_links
    assert not {"직원 명부", "근무표 작성", "사용자와 역할"} & reviewer_links

    page.get_by_role("button", name="로그아웃").click()
    # Sign-out ends the session at the provider too, which asks for confirmation.
    page.wait_for_url(f"{live_vigil.provider_url}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_vigil.url}/**")
    expect(page.get_by_role("button", name="기관 계정으로 로그인")).to_be_visible()

    sign_in(page, live_vigil, "manager@vigil.example")
    expect(page.get_by_text("이수진 님, 안녕하세요.")).to_be_visible()
    manager_links = navigation_links(page)
    assert {"홈", "내 정보", "직원 명부", "근무표 작성", "근무표 보기·게시"} <= manager_links
    assert "사용자와 역할" not in manager_links
    assert manager_links != reviewer_links


def test_a_reviewer_cannot_open_the_staff_page_by_its_address(
    page: Page, live_vigil: LiveVigil
) -> None:
    sign_in(page, live_vigil, "reviewer@vigil.example")
    expect(page.get_by_text("김민지 님, 안녕하세요.")).to_be_visible()
    page.goto(f"{live_vigil.url}/staff")
    expect(page.get_by_text("김민지 님, 안녕하세요.")).to_be_visible()
    expect(page.get_by_text("직원 명부")).to_have_count(0)


def test_a_signed_in_visitor_without_a_role_is_told_access_is_not_granted(
    page: Page, live_vigil: LiveVigil
) -> None:
    sign_in(page, live_vigil, "visitor@vigil.example")
    expect(page.get_by_text("접근 권한이 없습니다")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
