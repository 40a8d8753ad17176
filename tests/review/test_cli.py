"""The operations command line: verify-audit names the first bad event; import is all-or-nothing."""

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
