"""The entry script: who sees the login prompt, who is refused, and which pages each role gets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from app.texts import TEXTS
from vigil.db import Database
from vigil.people import find_person
from vigil.roles import Role

PAGE_FILES = ("views/home.py", "views/profile.py", "views/staff.py", "views/people.py")
EVERYONE = {"views/home.py", "views/profile.py"}
ALLOWED = {
    "reviewer@vigil.example": EVERYONE,
    "senior@vigil.example": EVERYONE,
    "manager@vigil.example": EVERYONE | {"views/staff.py"},
    "leader@vigil.example": EVERYONE,
    "admin@vigil.example": EVERYONE | {"views/staff.py", "views/people.py"},
}
GROUPS = {
    "reviewer@vigil.example": ("vigil-reviewers",),
    "senior@vigil.example": ("vigil-senior-reviewers",),
    "manager@vigil.example": ("vigil-managers",),
    "leader@vigil.example": ("vigil-leadership",),
    "admin@vigil.example": ("vigil-admins",),
}


def texts_on(at: AppTest) -> str:
    parts = [el.value for el in (*at.title, *at.markdown, *at.info, *at.error, *at.caption)]
    return "\n".join(str(part) for part in parts)


def test_signed_out_visitors_see_only_the_login_prompt(app_as: Callable[..., AppTest]) -> None:
    at = app_as().run()
    assert not at.exception
    assert at.title[0].value == TEXTS["login.heading"]["ko"]
    assert [button.label for button in at.button] == [TEXTS["login.button"]["ko"]]
    assert not at.sidebar.selectbox  # no navigation, no language switch, nothing else
    # Without navigation a page script run directly finds no actor and shows nothing.
    at.switch_page("views/home.py").run()
    assert not at.exception
    assert TEXTS["home.greeting"]["ko"].split(",")[0] not in texts_on(at)
    assert not at.dataframe


def test_a_provider_that_is_down_is_explained_instead_of_a_login_button(
    app_as: Callable[..., AppTest],
) -> None:
    at = app_as()
    at.secrets["auth"]["server_metadata_url"] = (
        "http://127.0.0.1:9/.well-known/openid-configuration"
    )
    at.run()
    assert not at.exception
    assert not at.button
    assert "127.0.0.1:9" in at.error[0].value


def test_a_person_without_a_role_sees_access_not_granted_and_nothing_else(
    app_as: Callable[..., AppTest],
) -> None:
    at = app_as("visitor@vigil.example").run()
    assert not at.exception
    assert at.title[0].value == TEXTS["no_access.heading"]["ko"]
    assert "visitor@vigil.example" in at.info[0].value
    assert [button.label for button in at.button] == [TEXTS["sidebar.logout"]["ko"]]
    at.switch_page("views/people.py").run()
    assert not at.exception
    assert not at.dataframe


@pytest.mark.parametrize("email", sorted(ALLOWED))
def test_each_role_reaches_exactly_its_pages(app_as: Callable[..., AppTest], email: str) -> None:
    at = app_as(email, GROUPS[email]).run()
    assert not at.exception, at.exception
    for page in PAGE_FILES:
        if page in ALLOWED[email]:
            at.switch_page(page).run()
            assert not at.exception, (page, at.exception)
        else:
            with pytest.raises(ValueError):
                at.switch_page(page).run()


def test_groups_alone_grant_a_role_to_someone_vigil_has_not_met(
    app_as: Callable[..., AppTest],
) -> None:
    at = app_as("new.hire@vigil.example", ("vigil-reviewers",), name="신입 검토자").run()
    assert not at.exception
    assert "신입 검토자" in texts_on(at)


def test_switching_language_to_english_is_remembered(app_as: Callable[..., AppTest]) -> None:
    at = app_as("reviewer@vigil.example", GROUPS["reviewer@vigil.example"]).run()
    at.sidebar.selectbox[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Hello, 김민지."
    again = app_as("reviewer@vigil.example", GROUPS["reviewer@vigil.example"]).run()
    assert again.title[0].value == "Hello, 김민지."


def test_bad_settings_stop_start_up_with_the_list_of_problems(
    app_as: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VIGIL_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("VIGIL_LANGUAGE", "fr")
    at = app_as("reviewer@vigil.example").run()
    assert not at.exception
    assert at.error[0].value == TEXTS["startup.settings_error"]["ko"]
    assert "timezone" in at.code[0].value and "default_language" in at.code[0].value


def test_an_unreachable_database_is_explained_without_a_traceback(
    app_as: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://vigil@127.0.0.1:9/vigil")
    at = app_as("reviewer@vigil.example").run()
    assert not at.exception
    assert at.error[0].value == TEXTS["startup.database_error"]["ko"]
    assert "Check DATABASE_URL" in at.code[0].value


def test_an_admin_gives_a_reviewer_the_senior_role(
    app_as: Callable[..., AppTest], demo_app_env: Database
) -> None:
    with demo_app_env.begin() as session:
        reviewer = find_person(session, "reviewer@vigil.example")
        assert reviewer is not None
        reviewer_id = reviewer.id
    at = app_as("admin@vigil.example", GROUPS["admin@vigil.example"]).run()
    at.switch_page("views/people.py").run()
    people = next(box for box in at.selectbox if box.label == TEXTS["people.edit.person"]["ko"])
    people.set_value(reviewer_id).run()
    at.multiselect[0].set_value([Role.SENIOR_REVIEWER])
    next(b for b in at.button if b.label == TEXTS["people.edit.save"]["ko"]).click().run()
    assert not at.exception
    with demo_app_env.begin() as session:
        assert find_person(session, "reviewer@vigil.example").roles == ["senior_reviewer"]


def test_a_manager_saves_the_staff_table_unchanged(app_as: Callable[..., AppTest]) -> None:
    at = app_as("manager@vigil.example", GROUPS["manager@vigil.example"]).run()
    at.switch_page("views/staff.py").run()
    assert not at.exception
    next(b for b in at.button if b.label == TEXTS["staff.save"]["ko"]).click().run()
    assert not at.exception
    assert at.success[0].value == TEXTS["staff.saved"]["ko"].format(added=0, updated=16)
