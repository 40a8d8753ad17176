"""The widgets' texts in the session's language, ready to pass as `labels=`."""

from __future__ import annotations

from app.components.break_game import BREAK_GAME_LABEL_NAMES
from app.components.reveal import REVEAL_LABEL_NAMES
from app.i18n import t


def reveal_labels(max_share: float) -> dict[str, str]:
    """Texts for `reveal_viewer`, with the share cap written into the refusal."""
    labels = {name: t(f"reveal.{name}") for name in REVEAL_LABEL_NAMES if name != "too_large"}
    labels["too_large"] = t("reveal.too_large", max_share=f"{max_share:.0%}")
    return labels


def break_game_labels() -> dict[str, str]:
    """Texts for `break_game`."""
    return {name: t(f"break_game.{name}") for name in BREAK_GAME_LABEL_NAMES}
