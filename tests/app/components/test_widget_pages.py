"""Pages that mount the widgets: they run without raising and send the browser the right data.

The JavaScript itself is exercised in tests/browser/test_widgets.py; here AppTest reads the data
each widget is mounted with, which is everything the browser will be given.
"""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from app.components.reveal_sequence import image_data_url


def _png(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 120, 150)).save(buffer, format="JPEG")
    return buffer.getvalue()


def reveal_page(blurred: bytes, composite: bytes | None, greyscale_default: bool) -> None:
    import streamlit as st

    from app.components import (
        RevealedPatch,
        RevealRequest,
        RevealShape,
        reveal_greyscale,
        reveal_labels,
        reveal_viewer,
    )

    st.session_state.setdefault("language", "ko")
    patch = None
    if composite is not None:
        region = RevealRequest(RevealShape.RECT, 4, 4, 10, 10, 64, 48)
        patch = RevealedPatch(composite, region, region.share)
    greyscale = reveal_greyscale("case-7", default=greyscale_default)
    st.text(f"greyscale={greyscale}")
    reveal_viewer(
        blurred,
        patch,
        key="case-7",
        greyscale=greyscale,
        labels=reveal_labels(0.25),
        on_request=lambda request: st.session_state.update(request=request),
    )
    st.text(f"request={st.session_state.get('request')}")


def game_page(drop_label: str | None) -> None:
    import streamlit as st

    from app.components import break_game, break_game_labels

    st.session_state.setdefault("language", "en")
    labels = break_game_labels()
    if drop_label:
        del labels[drop_label]
    st.text(f"done={break_game(key='break', labels=labels)}")


def _mounted_data(at: AppTest) -> dict:
    (component,) = at.get("bidi_component")
    return json.loads(component.proto.json)


def _run(script, *args: object, state: dict | None = None) -> AppTest:
    at = AppTest.from_function(script, args=args, default_timeout=30)
    for name, value in (state or {}).items():
        at.session_state[name] = value
    return at.run()


def test_the_reveal_page_sends_the_blurred_image_and_nothing_sharp_before_a_request() -> None:
    blurred = _png()
    at = _run(reveal_page, blurred, _jpeg(), False)

    assert not at.exception
    data = _mounted_data(at)
    assert data["blurred"] == image_data_url(blurred)
    assert (data["width"], data["height"]) == (64, 48)
    assert data["revealed"] is None
    assert data["max_share"] == 0.25 and data["reblur_after_ms"] == 4000
    assert "25%" in data["labels"]["too_large"]
    assert at.text[-1].value == "request=None"


def test_the_composite_of_a_pending_request_is_sent_with_its_reveal_number() -> None:
    composite = _jpeg()
    pending = {"case-7.reveal_sequence": {"requested": 3, "reblurred": 2}}
    at = _run(reveal_page, _png(), composite, False, state=pending)

    assert not at.exception
    revealed = _mounted_data(at)["revealed"]
    assert revealed["id"] == 3
    assert revealed["src"] == image_data_url(composite)
    assert revealed["region"] == {"shape": "rect", "x": 4, "y": 4, "w": 10, "h": 10}


def test_a_composite_already_reblurred_is_withheld_though_the_page_still_passes_it() -> None:
    done = {"case-7.reveal_sequence": {"requested": 3, "reblurred": 3}}
    at = _run(reveal_page, _png(), _jpeg(), False, state=done)

    assert not at.exception
    assert _mounted_data(at)["revealed"] is None


@pytest.mark.parametrize("preset", [False, True])
def test_the_greyscale_preset_holds_until_the_reviewer_toggles(preset: bool) -> None:
    at = _run(reveal_page, _png(), None, preset)

    assert at.text[0].value == f"greyscale={preset}"
    assert _mounted_data(at)["greyscale"] is preset


def test_a_reveal_page_without_an_image_it_can_show_fails_loudly() -> None:
    at = _run(reveal_page, b"not an image", None, False)

    assert at.exception


def test_the_break_game_page_runs_and_sends_its_texts() -> None:
    at = _run(game_page, None)

    assert not at.exception
    assert _mounted_data(at)["labels"]["done"] == "I'm done"
    assert at.text[0].value == "done=False"


def test_the_break_game_refuses_to_run_with_a_text_missing() -> None:
    at = _run(game_page, "done")

    assert "done" in at.exception[0].value


def test_the_reviewers_greyscale_choice_overrides_the_preset() -> None:
    at = _run(reveal_page, _png(), None, False, state={"case-7": {"greyscale": True}})

    assert not at.exception
    assert at.text[0].value == "greyscale=True"


def labels_page(language: str) -> None:
    import streamlit as st

    from app.components import break_game_labels, reveal_labels

    st.session_state["language"] = language
    st.json({"reveal": reveal_labels(0.2), "game": break_game_labels()})


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_widget_text_exists_in_both_languages(language: str) -> None:
    from app.components.break_game import BREAK_GAME_LABEL_NAMES
    from app.components.reveal import REVEAL_LABEL_NAMES

    at = _run(labels_page, language)

    labels = json.loads(at.json[0].value)
    assert set(labels["reveal"]) == set(REVEAL_LABEL_NAMES)
    assert set(labels["game"]) == set(BREAK_GAME_LABEL_NAMES)
    assert all(text.strip() for group in labels.values() for text in group.values())
    assert "20%" in labels["reveal"]["too_large"]
