"""Shared fixtures for media tests: a key ring, an in-memory store, default limits, a scene."""

import base64

import pytest
from PIL import Image

from review.media.crypto import KeyRing
from review.media.limits import MediaLimits
from review.media.store import InMemoryStore
from review.media.synthetic import draw_scene


@pytest.fixture
def keyring() -> KeyRing:
    return KeyRing.from_settings(
        "2026-11", {"2026-11": base64.b64encode(bytes(range(32))).decode()}
    )


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def limits() -> MediaLimits:
    return MediaLimits()


@pytest.fixture(scope="session")
def scene() -> Image.Image:
    return draw_scene(7)
