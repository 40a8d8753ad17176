"""Hash-bank CSV import: header variants, every bad line reported, never a partial import."""

import pytest

from review.matching.bank_csv import BankCsvError, parse_bank_csv

H1 = "a" * 64
H2 = "0123456789abcdef" * 4
H3 = "F" * 64


def test_a_threatexchange_style_file_with_signal_and_type_columns_is_read():
    text = f"signal_type,signal,tags\npdq,{H1},ncii;deepfake\nPDQ,{H2},ncii\n"
    bank = parse_bank_csv(text)
    assert [e.hash.to_hex() for e in bank.entries] == [H1, H2]
    assert bank.entries[0].tags == ("ncii", "deepfake") and bank.entries[1].line == 3


def test_a_stopncii_style_file_with_hash_label_and_quality_is_read():
    bank = parse_bank_csv(f"\ufeffHash,Label,Quality\n{H3},case 17,90\n")
    (entry,) = bank.entries
    assert (
        entry.hash.to_hex() == H3.lower() and entry.label == "case 17" and entry.hash.quality == 90
    )


def test_a_file_without_a_header_is_read_as_hash_then_label():
    bank = parse_bank_csv(f"{H1},first\n\n{H2}\n")
    assert [(e.label, e.line) for e in bank.entries] == [("first", 1), ("", 3)]


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_imported():
    text = (
        f"pdq,label,quality\n{H1},ok,80\n{H1[:-1]},short,80\nxyz,bad,80\n"
        f"{H2},weak,49\n{H3},odd,abc\n"
    )
    with pytest.raises(BankCsvError) as caught:
        parse_bank_csv(text)
    lines = [(e.line, e.message) for e in caught.value.errors]
    assert [line for line, _ in lines] == [3, 4, 5, 6]
    assert "64 hexadecimal" in lines[0][1] and "below 50" in lines[2][1] and "0-100" in lines[3][1]
    assert "line 3" in str(caught.value)


def test_quality_fifty_is_imported_and_forty_nine_is_refused():
    assert parse_bank_csv(f"hash,quality\n{H1},50\n").entries[0].hash.quality == 50
    with pytest.raises(BankCsvError):
        parse_bank_csv(f"hash,quality\n{H1},49\n")


def test_non_pdq_signals_are_refused_rather_than_read_as_pdq():
    with pytest.raises(BankCsvError, match="not PDQ"):
        parse_bank_csv(f"signal_type,signal\nmd5,{H1}\n")


def test_a_header_without_a_hash_column_is_refused():
    with pytest.raises(BankCsvError, match="no hash column"):
        parse_bank_csv(f"md5,label\n{H1},x\n")


def test_an_empty_file_is_refused():
    with pytest.raises(BankCsvError, match="no rows"):
        parse_bank_csv("\n \n")


def test_repeated_hashes_are_kept_once_and_listed():
    bank = parse_bank_csv(f"hash\n{H1}\n{H2}\n{H1.upper()}\n")
    assert len(bank.entries) == 2 and bank.duplicates == ((4, 2),)
