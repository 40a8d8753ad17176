"""Settings: read from the secrets file and the environment; every problem reported at once."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from vigil.roles import Role
from vigil.settings import SettingsError, load_settings

KEY = base64.b64encode(b"k" * 32).decode()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_come_from_the_vigil_table_of_the_secrets_file(tmp_path: Path) -> None:
    secrets = write(
        tmp_path / "s.toml",
        f"""
[vigil]
media_keys = {{ k1 = "{KEY}" }}
media_key_id = "k1"
default_language = "en"
[vigil.role_map]
idp-reviewers = "reviewer"
""",
    )
    settings = load_settings(secrets, environ={})
    assert settings.media_key_id == "k1"
    assert settings.default_language == "en"
    assert settings.role_map == {"idp-reviewers": Role.REVIEWER}
    assert settings.timezone == "Asia/Seoul"
    assert settings.database_url.startswith("sqlite:///")


def test_environment_overrides_the_secrets_file(tmp_path: Path) -> None:
    secrets = write(
        tmp_path / "s.toml", f'[vigil]\nmedia_keys = {{ k1 = "{KEY}" }}\nmedia_key_id = "k1"\n'
    )
    settings = load_settings(
        secrets,
        environ={
            "DATABASE_URL": "postgresql://vigil@db/vigil",
            "VIGIL_MEDIA_KEYS": f"k2:{KEY},k3:{KEY}",
            "VIGIL_MEDIA_KEY_ID": "k3",
        },
    )
    assert settings.database_url == "postgresql+psycopg://vigil@db/vigil"
    assert set(settings.media_keys) == {"k2", "k3"}


def test_every_problem_is_listed_in_one_error(tmp_path: Path) -> None:
    secrets = write(
        tmp_path / "s.toml",
        """
[vigil]
database_url = "mysql://nope"
media_keys = { k1 = "not base64!" }
timezone = "Mars/Olympus"
default_language = "fr"
""",
    )
    with pytest.raises(SettingsError) as raised:
        load_settings(secrets, environ={})
    text = str(raised.value)
    for field in ("database_url", "media_keys", "media_key_id", "timezone", "default_language"):
        assert field in text
    assert len(raised.value.problems) == 5


def test_a_key_of_the_wrong_length_says_how_to_make_one(tmp_path: Path) -> None:
    short = base64.b64encode(b"short").decode()
    secrets = write(
        tmp_path / "s.toml", f'[vigil]\nmedia_keys = {{ k1 = "{short}" }}\nmedia_key_id = "k1"\n'
    )
    with pytest.raises(SettingsError, match="new-media-key"):
        load_settings(secrets, environ={})


def test_the_current_key_must_be_one_of_the_keys(tmp_path: Path) -> None:
    secrets = write(
        tmp_path / "s.toml", f'[vigil]\nmedia_keys = {{ k1 = "{KEY}" }}\nmedia_key_id = "k9"\n'
    )
    with pytest.raises(SettingsError, match="k9"):
        load_settings(secrets, environ={})


def test_a_malformed_secrets_file_is_named_with_its_fault(tmp_path: Path) -> None:
    secrets = write(tmp_path / "s.toml", "[vigil\nmedia_keys = ")
    with pytest.raises(SettingsError) as raised:
        load_settings(secrets, environ={})
    assert str(secrets) in str(raised.value)
    assert "not valid TOML" in str(raised.value)


def test_an_unknown_role_in_the_role_map_is_refused(tmp_path: Path) -> None:
    secrets = write(
        tmp_path / "s.toml",
        f'[vigil]\nmedia_keys = {{ k1 = "{KEY}" }}\n'
        'media_key_id = "k1"\n[vigil.role_map]\nidp-root = "superuser"\n',
    )
    with pytest.raises(SettingsError, match="role_map"):
        load_settings(secrets, environ={})


def test_current_settings_are_read_once_until_the_file_or_environment_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigil.settings import current_settings

    secrets = tmp_path / "s.toml"
    write(secrets, f'[vigil]\nmedia_keys = {{ k1 = "{KEY}" }}\nmedia_key_id = "k1"\n')
    for name in ("DATABASE_URL", "VIGIL_MEDIA_KEYS", "VIGIL_MEDIA_KEY_ID", "VIGIL_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VIGIL_SECRETS_FILE", str(secrets))
    first = current_settings()
    assert current_settings() is first
    assert first.default_language == "ko"

    monkeypatch.setenv("VIGIL_LANGUAGE", "en")
    assert current_settings().default_language == "en"

    write(secrets, "[vigil\n")  # broken on purpose: the error is not cached away
    with pytest.raises(SettingsError):
        current_settings()
