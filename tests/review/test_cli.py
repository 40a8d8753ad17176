"""The operations command line: verify-audit names the first bad event; import and recheck are
all-or-nothing; an imported bank decides matching uploads; purge closes settled cases first."""

from __future__ import annotations

import sqlalchemy as sa

from review import cli
from tests.review.conftest import T0
from vigil.audit import AuditEvent, record


def _run(database, settings, monkeypatch, *argv):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        cli,
        "load_settings",
        lambda: settings.model_copy(
            update={"database_url": database.engine.url.render_as_string(hide_password=False)}
        ),
    )
    return cli.main(list(argv))


def test_verify_audit_exits_non_zero_and_names_the_altered_event(
    database, settings, monkeypatch, capsys
):
    with database.begin() as session:
        for number in range(3):
            record(
                session, actor="1", action="claim", subject="case:1", details={"n": number}, at=T0
            )
    assert _run(database, settings, monkeypatch, "verify-audit") == 0
    with database.begin() as session:
        target = session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)).all()[1]
        session.execute(sa.update(AuditEvent).where(AuditEvent.id == target).values(actor="2"))
    assert _run(database, settings, monkeypatch, "verify-audit") == 1
    assert f"event {target}" in capsys.readouterr().out


def test_an_import_with_one_bad_row_imports_nothing_and_lists_it(
    database, settings, monkeypatch, capsys, tmp_path
):
    data = tmp_path / "reports.csv"
    data.write_text(
        "source,received_at,urls,victim_request\n"
        "hotline,2026-11-02T01:00:00+00:00,https://t.me/c/1,yes\n"
        "fax,2026-11-02T01:00:00+00:00,https://t.me/c/2,no\n"
    )
    assert _run(database, settings, monkeypatch, "import", str(data)) == 1
    assert "row 2" in capsys.readouterr().out
    assert _run(database, settings, monkeypatch, "stats", "--json") == 0
    assert '"queue_by_state": {}' in capsys.readouterr().out


def test_a_good_import_creates_cases(database, settings, monkeypatch, capsys, tmp_path):
    data = tmp_path / "reports.json"
    data.write_text(
        '[{"source": "police", "received_at": "2026-11-02T01:00:00+00:00",'
        ' "urls": ["https://x.com/a/1"], "suspected_minor": "yes"}]'
    )
    assert _run(database, settings, monkeypatch, "import", str(data), "--dry-run") == 0
    assert _run(database, settings, monkeypatch, "import", str(data)) == 0
    _run(database, settings, monkeypatch, "stats", "--json")
    assert '"queued": 1' in capsys.readouterr().out


def _decide_reports(database, reviewer, media, seeds, with_files=True):  # type: ignore[no-untyped-def]
    """One report per seed (a URL, and a drawn picture), each decided with a deletion request;
    returns {seed: (case id, takedown request id)}."""
    from review.decisions import decide
    from review.intake import ReportInput, submit_report
    from review.matching_link import MatchIndex
    from review.media.synthetic import draw_scene, encode
    from review.models import TakedownRequest
    from review.queue import claim_next

    cases = {}
    for seed in seeds:
        files = (encode(draw_scene(seed)),) if with_files else ()
        report = ReportInput(source="police", received_at=T0, urls=(f"https://t.me/c/{seed}",),
                             files=files)  # fmt: skip
        result = submit_report(database, None, report, media=media, index=MatchIndex(), now=T0)
        cases[seed] = result.case_ids[0]
    for _ in seeds:
        claim = claim_next(database, reviewer, now=T0)
        decide(database, reviewer, claim.case_id, category="deepfake_sexual",
               actions=["deletion_request"], policy="Art. 44-7", reason="synthetic",
               now=T0)  # fmt: skip
    with database.begin() as session:
        requests = dict(
            session.execute(sa.select(TakedownRequest.case_id, TakedownRequest.id)).all()
        )
    return {seed: (case_id, requests[case_id]) for seed, case_id in cases.items()}


def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    from review.intake import MediaServices

    return MediaServices.from_settings(
        settings.model_copy(update={"media_dir": tmp_path / "media"})
    )


def test_recheck_is_all_or_nothing_and_audited(
    database, settings, monkeypatch, capsys, tmp_path, reviewer
):
    from review.models import TakedownRequest
    from review.models import TakedownStatus as S
    from review.takedowns import update_takedown

    [(_, request_id)] = _decide_reports(database, reviewer, _media(settings, tmp_path), [5],
                                        with_files=False).values()  # fmt: skip
    update_takedown(database, reviewer, request_id, S.SENT, now=T0)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"request_id,online\n{request_id},no\nabc,yes\n{request_id},maybe\n")
    assert _run(database, settings, monkeypatch, "recheck", str(bad)) == 1
    out = capsys.readouterr().out
    assert "line 3" in out and "line 4" in out and "nothing recorded" in out
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(f"request_id,online\n{request_id},no\n999999,no\n")
    assert _run(database, settings, monkeypatch, "recheck", str(unknown)) == 1
    with database.begin() as session:
        assert session.get(TakedownRequest, request_id).status == S.SENT  # nothing recorded

    good = tmp_path / "good.csv"
    good.write_text(f"request_id,online,note\n{request_id},no,gone at 09:00\n")
    assert _run(database, settings, monkeypatch, "recheck", str(good)) == 0
    with database.begin() as session:
        assert session.get(TakedownRequest, request_id).status == S.REMOVED
        actions = session.scalars(sa.select(AuditEvent.action)).all()
    assert "takedown_recheck" in actions


def test_import_bank_then_a_matching_upload_is_decided_by_the_bank(
    database, settings, monkeypatch, capsys, tmp_path
):
    from review.intake import ReportInput, submit_report
    from review.matching.pdq import hash_image
    from review.matching_link import MatchIndex
    from review.media.synthetic import draw_scene, encode, reencoded

    scene = draw_scene(31)
    bank = tmp_path / "bank.csv"
    bank.write_text(f"hash,label\n{hash_image(scene).to_hex()},known-31\nnot-a-hash,x\n")
    assert _run(database, settings, monkeypatch, "import-bank", str(bank), "--name", "b") == 1
    assert "3" in capsys.readouterr().out  # the bad line is named
    bank.write_text(f"hash,label\n{hash_image(scene).to_hex()},known-31\n")
    argv = ["import-bank", str(bank), "--name", "stopncii", "--action", "auto_decide",
            "--category", "ncii", "--actions", "deletion_request"]  # fmt: skip
    assert _run(database, settings, monkeypatch, *argv) == 0

    report = ReportInput(source="platform", received_at=T0, urls=("https://x.com/a/31",),
                         files=(encode(reencoded(scene)),))  # fmt: skip
    media = _media(settings, tmp_path)
    result = submit_report(database, None, report, media=media, index=MatchIndex(), now=T0)
    assert result.auto_decided == result.case_ids


def test_purge_closes_settled_cases_and_deletes_only_their_old_originals(
    database, settings, monkeypatch, capsys, tmp_path, reviewer
):
    import datetime as dt

    from review.models import Case, ItemHash, MediaItem
    from review.models import TakedownStatus as S
    from review.retention import close_settled, purge_originals
    from review.states import CaseState
    from review.takedowns import update_takedown

    media = _media(settings, tmp_path)
    decided = _decide_reports(database, reviewer, media, [41, 42])
    (settled, settled_request), (pending, pending_request) = decided[41], decided[42]
    update_takedown(database, reviewer, settled_request, S.SENT, now=T0)
    update_takedown(database, reviewer, settled_request, S.REMOVED, now=T0)
    update_takedown(database, reviewer, pending_request, S.SENT, now=T0)

    assert close_settled(database, now=T0 + dt.timedelta(hours=1)) == 1
    with database.begin() as session:
        assert session.get(Case, settled).state == CaseState.CLOSED
        assert session.get(Case, pending).state == CaseState.DECIDED
        blob = session.scalars(
            sa.select(MediaItem.blob_key).where(MediaItem.case_id == settled)
        ).one()
    assert media.store.exists(blob)
    # Not yet past retention (90 days by default): nothing is deleted.
    assert purge_originals(database, media.store, now=T0 + dt.timedelta(days=30)) == 0
    assert purge_originals(database, media.store, now=T0 + dt.timedelta(days=91)) == 1
    assert not media.store.exists(blob)
    with database.begin() as session:
        items = {i.case_id: i for i in session.scalars(sa.select(MediaItem))}
        assert items[settled].blob_key is None and items[settled].original_purged_at
        assert items[pending].blob_key is not None
        assert session.scalars(sa.select(ItemHash.id).where(ItemHash.case_id == settled)).all()
        assert "purge" in session.scalars(sa.select(AuditEvent.action)).all()
