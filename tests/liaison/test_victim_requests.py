"""Victim intake on the hotline desk: consent, material, sealed contact, references."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from liaison.errors import InvalidVictimRequest, NotOnHotlineDesk
from liaison.models import CaseReference
from liaison.victim_requests import (
    REFERENCE_ALPHABET,
    VictimContact,
    VictimRequest,
    file_victim_request,
    new_reference,
    normalise_reference,
    reveal_contact,
)
from review.models import Case, MediaItem, Report, ReportUrl
from tests.liaison.conftest import CONTACT, T0, contact_strings, picture
from tests.review.conftest import add_person
from vigil.audit import AuditEvent
from vigil.roles import Role


def _request(**changes: object) -> VictimRequest:
    values: dict[str, object] = {
        "urls": ["https://t.me/leaks/101"],
        "files": [],
        "consent_to_act": True,
        "suspected_minor": False,
        "contact": CONTACT,
    }
    values.update(changes)
    return VictimRequest(**values)  # type: ignore[arg-type]


def test_a_request_without_consent_is_refused():
    with pytest.raises(InvalidVictimRequest) as refused:
        _request(consent_to_act=False)
    assert refused.value.code == "liaison.request_needs_consent"


def test_a_request_needs_a_url_or_a_file():
    with pytest.raises(InvalidVictimRequest):
        _request(urls=[], files=[])
    assert _request(urls=[], files=[b"x"]).files


def test_a_bad_url_is_named_in_the_refusal():
    with pytest.raises(InvalidVictimRequest) as refused:
        _request(urls=["ftp://example.com/x"])
    assert refused.value.params == {"url": "ftp://example.com/x"}


def test_fifty_urls_are_accepted_and_fifty_one_are_not():
    assert len(_request(urls=[f"https://x.com/a/{n}" for n in range(50)]).urls) == 50
    with pytest.raises(InvalidVictimRequest):
        _request(urls=[f"https://x.com/a/{n}" for n in range(51)])


def test_references_are_random_and_read_back_however_they_are_typed():
    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    sample = next(iter(references))
    assert sample.startswith("VG-") and len(sample) == 12
    assert set(sample[3:].replace("-", "")) <= set(REFERENCE_ALPHABET)
    assert normalise_reference(f" vg {sample[3:7].lower()} {sample[8:]} ") == sample
    assert normalise_reference(sample.replace("-", "")) == sample


def test_filing_stores_the_report_urls_files_and_a_sealed_contact(database, file_request, keyring):
    filed = file_request(
        urls=["https://t.me/leaks/101", "https://x.com/a/status/9"], files=[picture(1)]
    )
    with database.begin() as session:
        report = session.get(Report, filed.report_id)
        assert report.victim_request and report.source.value == "hotline"
        sealed = report.contact_sealed
        assert sealed is not None
        for text in contact_strings():
            assert text.encode() not in sealed
        urls = session.scalars(select(ReportUrl.platform).where(ReportUrl.report_id == report.id))
        assert sorted(urls) == ["telegram", "x"]
        assert session.scalars(select(MediaItem).where(MediaItem.report_id == report.id)).one()
        case = session.get(Case, filed.case_ids[0])
        assert case.victim_request
        reference = session.scalars(select(CaseReference)).one()
        assert reference.reference == filed.reference and reference.consent_to_act


def test_a_possible_minor_puts_the_case_in_the_top_tier(database, file_request):
    filed = file_request(suspected_minor=True)
    with database.begin() as session:
        case = session.get(Case, filed.case_ids[0])
        assert case.suspected_minor and case.severity_tier == 3


def test_a_refused_file_is_reported_and_the_rest_of_the_request_is_filed(file_request):
    filed = file_request(files=[picture(2), b"not a picture at all"])
    assert filed.rejected_files == [(1, "unsupported_type")]


def test_an_anonymous_victim_leaves_no_sealed_contact(database, file_request, hotline, keyring):
    filed = file_request(contact=VictimContact())
    assert reveal_contact(database, hotline, filed.report_id, keyring=keyring) is None


def test_hotline_staff_open_the_contact_and_the_opening_is_audited(
    database, file_request, hotline, manager, keyring
):
    filed = file_request()
    assert reveal_contact(database, hotline, filed.report_id, keyring=keyring) == CONTACT
    assert reveal_contact(database, manager, filed.report_id, keyring=keyring) == CONTACT
    with database.begin() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.subject == f"report:{filed.report_id}")
        ).all()
    assert actions.count("contact_revealed") == 2
    assert "victim_request" in actions


def test_a_reviewer_without_hotline_training_cannot_open_a_contact_or_file(
    database, file_request, reviewer, intake, keyring
):
    filed = file_request()
    with pytest.raises(NotOnHotlineDesk):
        reveal_contact(database, reviewer, filed.report_id, keyring=keyring)
    with pytest.raises(NotOnHotlineDesk):
        file_victim_request(database, reviewer, _request(), intake=intake, keyring=keyring)


def test_a_reviewer_rostered_on_the_hotline_may_work_the_desk(
    database, file_request, reviewer, keyring
):
    from liaison.desk import FixedHotlineRoster

    filed = file_request()
    roster = FixedHotlineRoster({reviewer.person_id})
    assert (
        reveal_contact(database, reviewer, filed.report_id, keyring=keyring, roster=roster)
        == CONTACT
    )


def test_leadership_and_admins_are_not_hotline_staff(database, file_request, keyring):
    filed = file_request()
    for email, role in (("lead@vigil.test", Role.LEADERSHIP), ("adm@vigil.test", Role.ADMIN)):
        actor = add_person(database, email, [role])
        with pytest.raises(NotOnHotlineDesk):
            reveal_contact(database, actor, filed.report_id, keyring=keyring)


def test_the_same_picture_from_a_second_victim_joins_the_first_case(file_request):
    first = file_request(urls=["https://t.me/a/1"], files=[picture(3)])
    second = file_request(
        urls=["https://x.com/b/2"], files=[picture(3)], now=T0 + dt.timedelta(hours=1)
    )
    assert first.case_ids == second.case_ids
    assert first.reference != second.reference
