"""The reveal widget: a blurred image on which the reviewer uncovers one small region at a time.

The browser only ever holds the blurred derivative and, for a few seconds, the server's composite
with one region sharp. A drag (rectangle) or a click (circle) comes back as a `RevealRequest`; the
page asks the review service for the composite, keeps it and reruns, and passes it back as
`revealed`. The widget re-blurs by itself after `reblur_after_ms` (or at once on Escape) and says
so, and from then on this module refuses to send that composite to the browser again, even if the
page still passes it.

    request = reveal_viewer(blurred, st.session_state.get("patch"), key="case-1", ...,
                            on_reblur=lambda seconds: st.session_state.pop("patch", None))
    if request is not None:
        st.session_state["patch"] = service.reveal(case_id, request)  # -> RevealedPatch
        st.rerun()
"""

from __future__ import annotations

import base64
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

_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


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
    on_reblur: Callable[[float], None] | None = None,
) -> RevealRequest | None:
    """Show the blurred derivative; return the region the reviewer just asked to see, if any.

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
    sequence = _RevealSequence(key)
    result = _COMPONENT(
        key=key,
        data={
            "blurred": image_data_url(blurred_png),
            "width": width,
            "height": height,
            "greyscale": greyscale,
            "revealed": _patch_for_browser(revealed, sequence, width, height),
            "reblur_after_ms": reblur_after_ms,
            "max_share": max_share,
            "circle_radius": default_circle_radius(width, height),
            "labels": {name: labels[name] for name in REVEAL_LABEL_NAMES},
        },
        default={"greyscale": greyscale},
        on_greyscale_change=lambda: None,
        on_region_change=lambda: None,
        on_reblurred_change=lambda: _record_reblur(key, on_reblur),
    )
    return _accept_region(result.region, sequence, width, height, max_share, labels)


class _RevealSequence:
    """Which composite may be on screen: reveal n may be shown until reveal n is re-blurred.

    Kept in session state so a composite the widget re-blurred is never sent again.
    """

    def __init__(self, key: str) -> None:
        self._key = f"{key}.reveal_sequence"
        st.session_state.setdefault(self._key, {"requested": 0, "reblurred": 0})

    @property
    def current(self) -> int:
        return int(st.session_state[self._key]["requested"])

    @property
    def showable(self) -> bool:
        return self.current > int(st.session_state[self._key]["reblurred"])

    def next_request(self) -> None:
        st.session_state[self._key]["requested"] += 1

    def mark_reblurred(self, reveal_id: int) -> bool:
        state = st.session_state[self._key]
        if reveal_id != state["requested"] or reveal_id <= state["reblurred"]:
            return False  # a late message about an older reveal
        state["reblurred"] = reveal_id
        return True


def _record_reblur(key: str, on_reblur: Callable[[float], None] | None) -> None:
    event = st.session_state[key].get("reblurred")
    if not isinstance(event, Mapping):
        return
    reveal_id, seconds = event.get("id"), event.get("seconds")
    if not isinstance(reveal_id, int) or not isinstance(seconds, int | float):
        logger.warning("ignored a malformed re-blur event from the browser: %r", event)
        return
    if _RevealSequence(key).mark_reblurred(reveal_id) and on_reblur is not None:
        on_reblur(max(0.0, float(seconds)))


def _patch_for_browser(
    revealed: RevealedPatch | None, sequence: _RevealSequence, width: int, height: int
) -> dict[str, object] | None:
    if revealed is None or not sequence.showable:
        return None
    if (revealed.region.image_width, revealed.region.image_height) != (width, height):
        logger.warning("a revealed patch for another image size was not shown")
        return None
    return {
        "id": sequence.current,
        "src": image_data_url(revealed.image),
        "region": revealed.region.to_payload(),
        "share": revealed.share,
    }


def _accept_region(
    payload: object,
    sequence: _RevealSequence,
    width: int,
    height: int,
    max_share: float,
    labels: Mapping[str, str],
) -> RevealRequest | None:
    if not isinstance(payload, Mapping):
        return None
    try:
        request = request_from_payload(payload, width, height, max_share)
    except RevealTooLarge:
        # The widget refuses these itself; reaching here means a modified browser.
        logger.warning("refused a reveal above the %.0f%% cap: %r", max_share * 100, payload)
        st.warning(labels["too_large"])
        return None
    except InvalidRevealRequest as error:
        logger.warning("ignored a malformed reveal region: %s", error)
        return None
    sequence.next_request()
    return request


def image_size(image: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG, read from its header."""
    with Image.open(io.BytesIO(image)) as opened:
        return opened.size


def image_data_url(image: bytes) -> str:
    """A data URL for PNG or JPEG bytes (the only kinds the review service produces)."""
    for signature, mime in _IMAGE_TYPES.items():
        if image.startswith(signature):
            return f"data:{mime};base64,{base64.b64encode(image).decode('ascii')}"
    raise ValueError("the reveal widget shows PNG or JPEG images only")
