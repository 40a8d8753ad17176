"""Vigil's own browser widgets (Streamlit components v2, no build step).

Each widget is one module with its HTML, CSS and JavaScript in `frontend/`, read at import.
"""

from app.components.break_game import break_game
from app.components.labels import break_game_labels, reveal_labels
from app.components.reveal import reveal_greyscale, reveal_viewer
from app.components.reveal_region import (
    InvalidRevealRequest,
    RevealedPatch,
    RevealRequest,
    RevealShape,
    RevealTooLarge,
)

__all__ = [
    "InvalidRevealRequest",
    "RevealRequest",
    "RevealShape",
    "RevealTooLarge",
    "RevealedPatch",
    "break_game",
    "break_game_labels",
    "reveal_greyscale",
    "reveal_labels",
    "reveal_viewer",
]
