"""One typed settings object, read from the environment and `.streamlit/secrets.toml`.

Environment variables win over the `[vigil]` table of the secrets file, so operators can override a
single value without editing the file. Every problem is collected and reported at once: a person
starting Vigil should fix their configuration in one pass, not one error per restart.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from vigil.roles import Role

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRETS_FILE = REPO_ROOT / ".streamlit" / "secrets.toml"
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'vigil.db'}"
LANGUAGES = ("ko", "en")

# Environment variable → settings field. Kept explicit so the README can list them verbatim.
ENVIRONMENT = {
    "DATABASE_URL": "database_url",
    "VIGIL_MEDIA_DIR": "media_dir",
    "VIGIL_MEDIA_KEYS": "media_keys",
    "VIGIL_MEDIA_KEY_ID": "media_key_id",
    "VIGIL_TIMEZONE": "timezone",
    "VIGIL_LANGUAGE": "default_language",
    "VIGIL_ROLE_CLAIM": "role_claim",
}


class SettingsError(Exception):
    """Start-up cannot continue; `problems` says every wrong setting and how to fix it."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"Vigil cannot start; fix these settings:\n{listing}")


class Settings(BaseModel, frozen=True):
    """Everything Vigil reads from its configuration."""

    database_url: str = DEFAULT_DATABASE_URL
    media_dir: Path = REPO_ROOT / "var" / "media"
    # key id → base64 of a 32-byte AES key; originals are encrypted with `media_key_id`'s key and
    # decrypted with whichever key id the blob names, so keys can be rotated.
    media_keys: dict[str, str] = Field(min_length=1)
    media_key_id: str
    timezone: str = "Asia/Seoul"
    default_language: str = "ko"
    # Which ID-token claim carries group names, and which group grants which Vigil role.
    role_claim: str = "groups"
    role_map: dict[str, Role] = Field(default_factory=dict)
    # The OIDC provider name under `[auth.<name>]`, or "" for the single default `[auth]` provider.
    auth_provider: str = ""

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError(
                "must start with sqlite:/// or postgresql+psycopg:// "
                "(for example postgresql+psycopg://vigil:secret@db.internal/vigil)"
            )
        return url.replace("postgresql://", "postgresql+psycopg://", 1)

    @field_validator("media_keys")
    @classmethod
    def _aes_256_keys(cls, keys: dict[str, str]) -> dict[str, str]:
        for key_id, encoded in keys.items():
            try:
                raw = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise ValueError(f"key {key_id!r} is not base64") from None
            if len(raw) != 32:
                raise ValueError(
                    f"key {key_id!r} is {len(raw)} bytes; it must be 32 "
                    "(make one with: python -m vigil new-media-key)"
                )
        return keys

    @field_validator("timezone")
    @classmethod
    def _real_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{name!r} is not an IANA time zone such as Asia/Seoul") from None
        return name

    @field_validator("default_language")
    @classmethod
    def _supported_language(cls, language: str) -> str:
        if language not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return language

    @model_validator(mode="after")
    def _current_key_exists(self) -> Settings:
        if self.media_key_id not in self.media_keys:
            raise ValueError(f"media_key_id {self.media_key_id!r} is not one of the media_keys ids")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The agency's local time zone (rosters and deadlines are read in it)."""
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def media_key_bytes(self) -> dict[str, bytes]:
        """The media keys decoded, by key id."""
        return {key_id: base64.b64decode(value) for key_id, value in self.media_keys.items()}


def _read_secrets(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(
            [f"{path}: not valid TOML ({error}); compare it with .streamlit/secrets.toml.example"]
        ) from None


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for variable, field in ENVIRONMENT.items():
        if variable not in environ:
            continue
        if field == "media_keys":
            # VIGIL_MEDIA_KEYS="k2026:BASE64,k2025:BASE64"
            pairs = [item.split(":", 1) for item in environ[variable].split(",") if item.strip()]
            values[field] = {key_id.strip(): key.strip() for key_id, key in pairs}
        else:
            values[field] = environ[variable]
    return values


def load_settings(
    secrets_file: Path | None = None, environ: dict[str, str] | None = None
) -> Settings:
    """Read the settings, or raise `SettingsError` listing every problem and how to fix it."""
    environ = dict(os.environ if environ is None else environ)
    secrets_file = secrets_file or Path(environ.get("VIGIL_SECRETS_FILE", DEFAULT_SECRETS_FILE))
    values = dict(_read_secrets(secrets_file).get("vigil", {}))
    try:
        values.update(_from_environment(environ))
    except ValueError:
        raise SettingsError(
            ["VIGIL_MEDIA_KEYS: write it as KEYID:BASE64KEY[,KEYID:BASE64KEY…]"]
        ) from None
    try:
        return Settings(**values)
    except ValidationError as error:
        raise SettingsError([_explain(problem) for problem in error.errors()]) from None


def current_settings() -> Settings:
    """`load_settings()`, read again only when the secrets file or the environment changed.

    A page run asks for the settings many times; reading and validating the file each time cost
    milliseconds on every click. Errors are not cached: a fixed file is picked up at once.
    """
    path = Path(os.environ.get("VIGIL_SECRETS_FILE", DEFAULT_SECRETS_FILE))
    try:
        status = path.stat()
        stamp: tuple[int, int] | None = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = None
    watched = {*ENVIRONMENT, "VIGIL_SECRETS_FILE"}
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k in watched))
    return _settings_for(str(path), stamp, environment)


@functools.lru_cache(maxsize=8)
def _settings_for(
    path: str, stamp: tuple[int, int] | None, environment: tuple[tuple[str, str], ...]
) -> Settings:
    return load_settings(Path(path), dict(environment))


def _explain(problem: Any) -> str:
    field = ".".join(str(part) for part in problem["loc"]) or "settings"
    message = str(problem["msg"]).removeprefix("Value error, ")
    if problem["type"] == "missing":
        hint = {
            "media_keys": "set [vigil] media_keys in .streamlit/secrets.toml or VIGIL_MEDIA_KEYS",
            "media_key_id": "name the current key in [vigil] media_key_id or VIGIL_MEDIA_KEY_ID",
        }.get(field, "add it to [vigil] in .streamlit/secrets.toml")
        return f"{field}: missing; {hint}"
    return f"{field}: {message}"
