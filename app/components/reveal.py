"""The reveal widget: a blurred image on which the reviewer uncovers one small region at a time.

The browser only ever holds the blurred derivative and, for a few seconds, the server's composite
with one region sharp. A drag (rectangle) or a click (circle) comes back as a `RevealRequest`,
handed to `on_request` before the page's next run; the page asks the review service for the
composite there and keeps it, and that same run passes it back as `revealed`. The widget re-blurs
by itself after `reblur_after_ms` (or at once on Escape) and says so, and from then on this module
refuses to send that composite to the browser again, even if the page still passes it.

    def show(request: RevealRequest) -> None:
        st.session_state["patch"] = service.reveal(case_id, request)  # -> RevealedPatch

    reveal_viewer(blurred, st.session_state.get("patch"), key="case-1", ..., on_request=show,
                  on_reblur=lambda seconds: st.session_state.pop("patch", None))
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st
from PIL import Image

from app.components.reveal_region import (
    DEFAULT_MAX_SHARE,
    InvalidRevealRequest,
    RevealedPatch,
    RevealRequest,
    RevealShape,
    RevealTooLarge,
    default_circle_radius,
    request_from_payload,
)
from app.components.reveal_sequence import (
    RevealSequence,
    accepted_reblur,
    browser_patch,
    image_data_url,
)

__all__ = [
    "REVEAL_LABEL_NAMES",
    "InvalidRevealRequest",
    "RevealRequest",
    "RevealShape",
    "RevealTooLarge",
    "RevealedPatch",
    "reveal_greyscale",
    "reveal_viewer",
]

logger = logging.getLogger(__name__)

_FRONTEND = Path(__file__).with_name("frontend")
_COMPONENT = st.components.v2.component(
    "vigil.reveal",
    html=(_FRONTEND / "reveal.html").read_text(encoding="utf-8"),
    css=(_FRONTEND / "reveal.css").read_text(encoding="utf-8"),
    js=(_FRONTEND / "reveal.js").read_text(encoding="utf-8"),
)

# Every text the widget shows; the page passes them translated (see app.components.labels).
REVEAL_LABEL_NAMES = (
    "image",
    "greyscale",
    "share",
    "reblur",
    "too_large",
    "hint",
    "revealed",
)


def reveal_greyscale(key: str, *, default: bool) -> bool:
    """Whether the reviewer has the widget `key` in greyscale (call before fetching the image)."""
    state = st.session_state.get(key)
    chosen = state.get("greyscale") if state is not None else None
    return default if chosen is None else bool(chosen)


def reveal_viewer(
    blurred_png: bytes,
    revealed: RevealedPatch | None,
    *,
    key: str,
    greyscale: bool,
    reblur_after_ms: int = 4000,
    max_share: float = DEFAULT_MAX_SHARE,
    labels: Mapping[str, str],
    on_request: Callable[[RevealRequest], None],
    on_reblur: Callable[[float], None] | None = None,
) -> None:
    """Show the blurred derivative, and the composite `revealed` while it may be shown.

    `on_request(request)` runs before the page's next run when the reviewer asks for a region
    (already checked against the image and the share cap), so that run can show its composite.
    `on_reblur(seconds)` runs before the page's next run when a composite was taken off the
    screen (timer, Escape, a new gesture or the greyscale toggle), with the seconds it was shown.
    """
    missing = set(REVEAL_LABEL_NAMES) - set(labels)
    if missing:
        raise ValueError(f"reveal_viewer needs labels for {sorted(missing)}")
    if not 0 < max_share <= 1:
        raise ValueError("max_share must lie in (0, 1]")
    if reblur_after_ms <= 0:
        raise ValueError("reblur_after_ms must be positive")
    width, height = image_size(blurred_png)
    sequence = RevealSequence(st.session_state, key)
    _COMPONENT(
        key=key,
        data={
            "blurred": image_data_url(blurred_png),
            "width": width,
            "height": height,
            "greyscale": greyscale,
            "revealed": browser_patch(revealed, sequence, width, height),
            "reblur_after_ms": reblur_after_ms,
            "max_share": max_share,
            "circle_radius": default_circle_radius(width, height),
            "labels": {name: labels[name] for name in REVEAL_LABEL_NAMES},
        },
        default={"greyscale": greyscale},
        on_greyscale_change=lambda: None,
        on_region_change=lambda: _take_region(key, width, height, max_share, on_request),
        on_reblurred_change=lambda: _record_reblur(key, on_reblur),
    )
    if st.session_state.pop(_refused_key(key), False):
        st.warning(labels["too_large"])


def _refused_key(key: str) -> str:
    return f"{key}.reveal_refused"


def _record_reblur(key: str, on_reblur: Callable[[float], None] | None) -> None:
    # Runs before the page's script, so the composite is already withheld in that run.
    seconds = accepted_reblur(
        st.session_state[key].get("reblurred"), RevealSequence(st.session_state, key)
    )
    if seconds is not None and on_reblur is not None:
        on_reblur(seconds)


def _take_region(
    key: str,
    width: int,
    height: int,
    max_share: float,
    on_request: Callable[[RevealRequest], None],
) -> None:
    # Runs before the page's script, with the size of the image the region was drawn on.
    payload = st.session_state[key].get("region")
    if not isinstance(payload, Mapping):
        return
    try:
        request = request_from_payload(payload, width, height, max_share)
    except RevealTooLarge:
        # The widget refuses these itself; reaching here means a modified browser.
        logger.warning("refused a reveal above the %.0f%% cap: %r", max_share * 100, payload)
        st.session_state[_refused_key(key)] = True
        return
    except InvalidRevealRequest as error:
        logger.warning("ignored a malformed reveal region: %s", error)
        return
    RevealSequence(st.session_state, key).next_request()
    on_request(request)


def image_size(image: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG, read from its header."""
    with Image.open(io.BytesIO(image)) as opened:
        return opened.size
