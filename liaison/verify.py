"""Verifying a police evidence package: every problem found, not just the first.

Checks, in order: the whole-file signature in the zip comment; that the zip opens with the
password; the manifest's signature; that every file the manifest lists is present with its
SHA-256 and size; that no file is present that the manifest does not list.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import pyzipper
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from liaison.keys import fingerprint
from liaison.package_format import FORMAT, MANIFEST, SIGNATURE, split_signed

# What a damaged zip raises: bad HMAC or CRC, broken deflate data, broken headers or directory,
# an unknown compression method. Any of them means "not as signed", never a crash.
_READ_ERRORS = (
    pyzipper.BadZipFile,
    zipfile.BadZipFile,
    RuntimeError,
    zlib.error,
    ValueError,
    EOFError,
    KeyError,
    NotImplementedError,
    struct.error,
    OSError,
)


@dataclass(frozen=True)
class VerificationResult:
    """The verdict: `ok` only when there is no problem at all."""

    problems: list[str] = field(default_factory=list)
    case_id: int | None = None
    files_checked: int = 0
    signer_fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_whole_file(data: bytes, public_key: Ed25519PublicKey) -> list[str]:
    signed, signature = split_signed(data)
    if signature is None:
        return ["the package signature (zip comment) is missing or damaged"]
    try:
        public_key.verify(signature, signed)
    except InvalidSignature:
        return ["the package file was changed after it was signed (whole-file signature fails)"]
    return []


def _read_members(
    archive: pyzipper.AESZipFile, names: list[str], problems: list[str]
) -> dict[str, bytes]:
    contents = {}
    for name in names:
        try:
            contents[name] = archive.read(name)
        except _READ_ERRORS as error:
            problems.append(f"{name}: cannot be read ({error})")
    return contents


def _check_manifest(
    manifest_bytes: bytes, signature_b64: bytes, public_key: Ed25519PublicKey
) -> list[str]:
    try:
        public_key.verify(base64.b64decode(signature_b64, validate=True), manifest_bytes)
    except (InvalidSignature, ValueError):
        return ["manifest.json does not match its signature (manifest.sig)"]
    return []


def _check_files(
    manifest: dict[str, Any], members: dict[str, bytes], present: set[str]
) -> list[str]:
    problems = []
    listed = set()
    for entry in manifest.get("files", []):
        path, expected = entry["path"], entry["sha256"]
        listed.add(path)
        if path not in present:
            problems.append(f"{path}: listed in the manifest but missing from the package")
        elif path in members:
            content = members[path]
            if hashlib.sha256(content).hexdigest() != expected or len(content) != entry["bytes"]:
                problems.append(f"{path}: content differs from the manifest (SHA-256 mismatch)")
    for extra in sorted(present - listed - {MANIFEST, SIGNATURE}):
        problems.append(f"{extra}: in the package but not in the manifest")
    return problems


def verify_package(data: bytes, password: str, public_key: Ed25519PublicKey) -> VerificationResult:
    """Check a package against the agency's public key; lists every problem it finds."""
    problems = _check_whole_file(data, public_key)
    try:
        archive = pyzipper.AESZipFile(io.BytesIO(data))
    except _READ_ERRORS as error:
        return VerificationResult([*problems, f"not a readable zip file ({error})"])
    with archive:
        archive.setpassword(password.encode())
        present = set(archive.namelist())
        members = _read_members(archive, sorted(present), problems)
    if MANIFEST not in members or SIGNATURE not in members:
        return VerificationResult([*problems, "manifest.json or manifest.sig cannot be read"])
    problems += _check_manifest(members[MANIFEST], members[SIGNATURE], public_key)
    try:
        manifest = json.loads(members[MANIFEST])
    except ValueError:
        return VerificationResult([*problems, "manifest.json is not valid JSON"])
    if manifest.get("format") != FORMAT:
        problems.append(f"unknown package format {manifest.get('format')!r}")
    problems += _check_files(manifest, members, present)
    return VerificationResult(
        problems=problems,
        case_id=manifest.get("case_id"),
        files_checked=len(manifest.get("files", [])),
        signer_fingerprint=fingerprint(public_key),
    )
