"""Police evidence packages: who may build them, what is inside, and that any change is caught."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest
import pyzipper
from sqlalchemy import select

from liaison.errors import EvidenceUnavailable, NotReferredToPolice
from liaison.evidence import build_package
from liaison.keys import fingerprint, signing_key
from liaison.models import EvidencePackage
from liaison.verify import verify_package
from review.media.crypto import KeyRing
from review.media.synthetic import draw_scene, encode, reencoded
from review.models import MediaItem
from tests.liaison.conftest import picture
from vigil.access import AccessDenied
from vigil.audit import AuditEvent, verify_chain

REFERRAL = ("deletion_request", "police_referral")


@pytest.fixture
def referred_case(file_request, decide_case):
    # Two copies of one picture (as posted, and recompressed by a platform): one case.
    filed = file_request(files=[picture(11), encode(reencoded(draw_scene(11)))])
    assert len(filed.case_ids) == 1
    decide_case(filed.case_ids[0], actions=REFERRAL)
    return filed.case_ids[0]


@pytest.fixture
def package(database, senior, referred_case, keyring, store):
    return build_package(database, senior, referred_case, keyring=keyring, store=store)


def _members(data: bytes, password: str) -> dict[str, bytes]:
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        archive.setpassword(password.encode())
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(members: dict[str, bytes], password: str, comment: bytes) -> bytes:
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode())
        for name, content in members.items():
            archive.writestr(name, content)
        archive.comment = comment
    return buffer.getvalue()


def _public(keyring):
    return signing_key(keyring).public_key()


def test_a_package_holds_the_originals_hashes_decisions_and_audit_extract(
    database, package, keyring, store
):
    members = _members(package.data, package.password)
    with database.begin() as session:
        items = session.scalars(select(MediaItem).order_by(MediaItem.id)).all()
        originals = {keyring.decrypt(store.get(item.blob_key)) for item in items}
    assert {content for name, content in members.items() if name.startswith("originals/")} == (
        originals
    )
    hashes = json.loads(members["hashes.json"])
    assert [entry["sha256"] for entry in hashes] == [item.sha256 for item in items]
    assert all(len(entry["pdq"][0]["hash"]) == 64 for entry in hashes)
    assert "police_referral" in json.loads(members["decisions.json"])[0]["actions"]
    actions = [event["action"] for event in json.loads(members["audit.json"])]
    assert {"victim_request", "decision"} <= set(actions)
    manifest = json.loads(members["manifest.json"])
    assert manifest["public_key_fingerprint"] == fingerprint(_public(keyring))
    assert package.item_count == 2


def test_without_the_password_the_originals_cannot_be_read(package):
    with pyzipper.AESZipFile(io.BytesIO(package.data)) as archive:
        name = next(n for n in archive.namelist() if n.startswith("originals/"))
        with pytest.raises(RuntimeError):
            archive.read(name)
        archive.setpassword(b"wrong")
        with pytest.raises(RuntimeError):
            archive.read(name)


def test_an_untouched_package_verifies(package, keyring):
    result = verify_package(package.data, package.password, _public(keyring))
    assert result.ok, result.problems
    assert result.files_checked == 6


def test_flipping_any_single_byte_fails_verification(package, keyring):
    public = _public(keyring)
    # The first header, the tail (directory, end record, signature comment) byte by byte where
    # they hold fields, and a stride through the encrypted data in between.
    data = package.data
    positions = sorted(
        {*range(0, 40), *range(len(data) - 130, len(data), 2), *range(40, len(data) - 130, 1999)}
    )
    for position in positions:
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        assert not verify_package(bytes(tampered), package.password, public).ok, position


def test_a_changed_file_rezipped_with_the_password_is_named(package, keyring):
    members = _members(package.data, package.password)
    members["decisions.json"] = members["decisions.json"].replace(b"deepfake", b"other___")
    comment = package.data[-109:]  # even with the original signature comment carried over
    result = verify_package(
        _rezip(members, package.password, comment), package.password, _public(keyring)
    )
    assert "decisions.json: content differs from the manifest (SHA-256 mismatch)" in (
        result.problems
    )
    assert any("whole-file signature" in problem for problem in result.problems)


def test_an_edited_manifest_fails_its_signature(package, keyring):
    members = _members(package.data, package.password)
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = [f for f in manifest["files"] if f["path"] != "audit.json"]
    members["manifest.json"] = json.dumps(manifest).encode()
    result = verify_package(
        _rezip(members, package.password, b""), package.password, _public(keyring)
    )
    assert "manifest.json does not match its signature (manifest.sig)" in result.problems
    assert "audit.json: in the package but not in the manifest" in result.problems


def test_a_removed_file_and_an_added_file_are_both_reported(package, keyring):
    members = _members(package.data, package.password)
    del members["audit.json"]
    members["originals/extra.jpg"] = b"planted"
    result = verify_package(
        _rezip(members, package.password, b""), package.password, _public(keyring)
    )
    assert "audit.json: listed in the manifest but missing from the package" in result.problems
    assert "originals/extra.jpg: in the package but not in the manifest" in result.problems


def test_another_agencys_key_does_not_verify(package):
    other = signing_key(KeyRing("o", {"o": bytes(32)})).public_key()
    assert not verify_package(package.data, package.password, other).ok


def test_building_is_audited_and_recorded(database, package, senior):
    with database.begin() as session:
        record = session.scalars(select(EvidencePackage)).one()
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "evidence_package")
        ).one()
        assert verify_chain(session) == []
    assert record.file_sha256 == hashlib.sha256(package.data).hexdigest()
    assert event.details["file_sha256"] == record.file_sha256
    assert event.actor == str(senior.person_id)


def test_a_reviewer_may_not_build_a_package_but_a_manager_may(
    database, reviewer, manager, referred_case, keyring, store
):
    with pytest.raises(AccessDenied):
        build_package(database, reviewer, referred_case, keyring=keyring, store=store)
    assert build_package(database, manager, referred_case, keyring=keyring, store=store).data


def test_a_case_not_referred_to_the_police_gets_no_package(
    database, senior, file_request, decide_case, keyring, store
):
    filed = file_request(files=[picture(13)])
    decide_case(filed.case_ids[0], actions=("deletion_request",))
    with pytest.raises(NotReferredToPolice):
        build_package(database, senior, filed.case_ids[0], keyring=keyring, store=store)


def test_a_purged_original_is_refused_rather_than_left_out(
    database, senior, referred_case, keyring, store
):
    with database.begin() as session:
        session.scalars(select(MediaItem)).first().blob_key = None
    with pytest.raises(EvidenceUnavailable):
        build_package(database, senior, referred_case, keyring=keyring, store=store)


def test_the_command_line_verifies_and_exits_non_zero_on_tampering(package, keyring, tmp_path):
    path, password = tmp_path / "package.zip", tmp_path / "password.txt"
    path.write_bytes(package.data)
    password.write_text(package.password)
    public = _public(keyring).public_bytes_raw().hex()
    command = [
        sys.executable,
        "-m",
        "liaison",
        "verify-package",
        str(path),
        "--password-file",
        str(password),
        "--public-key",
        public,
    ]
    ok = subprocess.run(command, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert fingerprint(_public(keyring)) in ok.stdout
    tampered = bytearray(package.data)
    tampered[len(tampered) // 2] ^= 0xFF
    path.write_bytes(bytes(tampered))
    failed = subprocess.run(command, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "FAILED" in failed.stdout


def test_a_zip_that_is_not_a_package_is_refused(keyring, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = verify_package(buffer.getvalue(), "x", _public(keyring))
    assert not result.ok
