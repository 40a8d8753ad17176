"""The break activity: a calm falling-blocks game offered on the break screen after severe items.

Playing a visuospatial game such as Tetris soon after viewing distressing material has been found
to reduce later intrusive images, so the game is kept gentle: slow pieces, soft colours, no sound,
no score to beat (only lines cleared), and a full board simply starts afresh. Nothing of the game
goes back to Python except the person saying they are done.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import streamlit as st

_FRONTEND = Path(__file__).with_name("frontend")
_COMPONENT = st.components.v2.component(
    "vigil.break_game",
    html=(_FRONTEND / "break_game.html").read_text(encoding="utf-8"),
    css=(_FRONTEND / "break_game.css").read_text(encoding="utf-8"),
    js=(_FRONTEND / "break_game.js").read_text(encoding="utf-8"),
)

# Every text the game shows; the page passes them translated (see app.components.labels).
BREAK_GAME_LABEL_NAMES = (
    "intro",
    "board",
    "lines",
    "fresh_start",
    "left",
    "right",
    "down",
    "rotate",
    "pause",
    "resume",
    "done",
)


def break_game(*, key: str, labels: Mapping[str, str]) -> bool:
    """Show the game; True in the run after the person pressed "I'm done"."""
    missing = set(BREAK_GAME_LABEL_NAMES) - set(labels)
    if missing:
        raise ValueError(f"break_game needs labels for {sorted(missing)}")
    result = _COMPONENT(
        key=key,
        data={"labels": {name: labels[name] for name in BREAK_GAME_LABEL_NAMES}},
        on_done_change=lambda: None,
    )
    return result.done is not None
