"""The translation catalogue: every text in Korean and English, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from app.texts import TEXTS

PLACEHOLDER = re.compile(r"{(\w+)}")


def test_every_text_has_korean_and_english_with_the_same_placeholders() -> None:
    for key, entry in TEXTS.items():
        assert set(entry) == {"ko", "en"}, key
        assert entry["ko"].strip() and entry["en"].strip(), key
        assert set(PLACEHOLDER.findall(entry["ko"])) == set(PLACEHOLDER.findall(entry["en"])), key


def test_every_key_the_app_uses_exists() -> None:
    app_dir = Path(__file__).resolve().parents[2] / "app"
    used = set()
    for source in app_dir.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([\w.]+)["']""", source.read_text()))
    assert used, "no texts found: the pattern is wrong"
    assert used <= set(TEXTS), used - set(TEXTS)
