"""A page with both widgets and a fake server-side compositor, for tests/browser/test_widgets.py.

Run: `streamlit run tests/browser/widget_harness.py` (no sign-in). Everything it shows is drawn
with Pillow; the harness plays the review service's part and composites revealed regions here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts only this folder on the path; the app and test packages live at the root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.components import (
    RevealedPatch,
    RevealRequest,
    break_game,
    break_game_labels,
    reveal_greyscale,
    reveal_labels,
    reveal_viewer,
)
from tests.browser.widget_scene import blurred, composite, png, sharp_scene

REBLUR_AFTER_MS = 1500
MAX_SHARE = 0.25


@st.cache_resource
def _scene() -> dict[bool, tuple]:
    sharp = sharp_scene()
    return {grey: (sharp, blurred(sharp, grey)) for grey in (False, True)}


def _show(request: RevealRequest) -> None:
    # Runs before the script, as the review page's service call does: one run shows the patch.
    sharp, derivative = _scene()[reveal_greyscale("reveal", default=False)]
    box = (request.x, request.y, request.x + request.width, request.y + request.height)
    st.session_state["last_request"] = f"{request.shape.value} {box}"
    image = composite(sharp, derivative, request.shape.value, box)
    st.session_state["patch"] = RevealedPatch(image=image, region=request, share=request.share)


def _forget_patch(seconds: float) -> None:
    st.session_state.pop("patch", None)
    st.session_state.setdefault("reblur_seconds", []).append(seconds)


st.session_state.setdefault("language", "en")
greyscale = reveal_greyscale("reveal", default=False)
derivative = _scene()[greyscale][1]
reveal_viewer(
    png(derivative),
    st.session_state.get("patch"),
    key="reveal",
    greyscale=greyscale,
    reblur_after_ms=REBLUR_AFTER_MS,
    max_share=MAX_SHARE,
    labels=reveal_labels(MAX_SHARE),
    on_reblur=_forget_patch,
    on_request=_show,
)

st.text(f"request: {st.session_state.get('last_request', 'none')}")
seconds = st.session_state.get("reblur_seconds", [])
st.text(f"reblurs: {len(seconds)} {[round(s, 1) for s in seconds]}")
st.text(f"greyscale: {greyscale}")

if break_game(key="game", labels=break_game_labels()):
    st.session_state["game_done"] = True
st.text(f"game done: {st.session_state.get('game_done', False)}")
