"""Which composite the browser may hold: the bookkeeping behind the reveal widget, no Streamlit.

Reveal n may be on screen from the moment the reviewer asks for region n until the widget reports
that it re-blurred reveal n. After that the composite is never sent again, even if the page still
passes it, so a sharp region cannot come back with a rerun. The counters live in a mapping the
caller provides (Streamlit's session state in the app, a dict in tests).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from app.components.reveal_region import RevealedPatch

logger = logging.getLogger(__name__)

_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class CounterStore(Protocol):
    """Where the counters live: Streamlit's session state, or a plain dict in tests."""

    def __contains__(self, key: str) -> bool: ...
    def __getitem__(self, key: str) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...


class RevealSequence:
    """The reveal counters of one widget instance, kept in `store` under `<key>.reveal_sequence`."""

    def __init__(self, store: CounterStore, key: str) -> None:
        self._store = store
        self._key = f"{key}.reveal_sequence"
        if self._key not in store:
            store[self._key] = {"requested": 0, "reblurred": 0}

    @property
    def current(self) -> int:
        """The number of the latest region asked for (0 before the first)."""
        return int(self._store[self._key]["requested"])

    @property
    def showable(self) -> bool:
        """Whether the latest reveal's composite may still go to the browser."""
        return self.current > int(self._store[self._key]["reblurred"])

    def next_request(self) -> None:
        """The reviewer asked for a new region: its composite, once made, may be shown."""
        self._store[self._key] = {**self._store[self._key], "requested": self.current + 1}

    def mark_reblurred(self, reveal_id: int) -> bool:
        """Record that reveal `reveal_id` left the screen; False for a stale or repeated report."""
        counters = self._store[self._key]
        if reveal_id != counters["requested"] or reveal_id <= counters["reblurred"]:
            return False
        self._store[self._key] = {**counters, "reblurred": reveal_id}
        return True


def accepted_reblur(event: object, sequence: RevealSequence) -> float | None:
    """The seconds a composite was shown, if `event` reports the current reveal's end."""
    if not isinstance(event, Mapping):
        return None
    reveal_id, seconds = event.get("id"), event.get("seconds")
    if isinstance(reveal_id, bool) or not isinstance(reveal_id, int):
        logger.warning("ignored a re-blur event without a reveal number: %r", event)
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        logger.warning("ignored a re-blur event without seconds: %r", event)
        return None
    if not sequence.mark_reblurred(reveal_id):
        return None
    return max(0.0, float(seconds))


def browser_patch(
    revealed: RevealedPatch | None, sequence: RevealSequence, width: int, height: int
) -> dict[str, object] | None:
    """What the widget may show of `revealed` now: the composite and its region, or nothing."""
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


def image_data_url(image: bytes) -> str:
    """A data URL for PNG or JPEG bytes (the only kinds the review service produces)."""
    for signature, mime in _IMAGE_TYPES.items():
        if image.startswith(signature):
            return f"data:{mime};base64,{base64.b64encode(image).decode('ascii')}"
    raise ValueError("the reveal widget shows PNG or JPEG images only")
