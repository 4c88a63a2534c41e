"""Formula-injection escaping of exported cells."""

from hypothesis import given
from hypothesis import strategies as st

from forecourt.transfers.exporting import FORMULA_TRIGGERS, escape_cell


@given(st.text())
def test_no_escaped_cell_starts_with_a_formula_trigger(text):
    cell = escape_cell(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert cell in (text, "'" + text)
    if text.startswith(FORMULA_TRIGGERS):
        assert cell == "'" + text
    else:
        assert cell == text


def test_known_payloads():
    assert escape_cell('=HYPERLINK("http://evil.example","x")').startswith("'=")
    assert escape_cell("+447911123456") == "'+447911123456"
    assert escape_cell("@SUM(A1)") == "'@SUM(A1)"
    assert escape_cell("\t=1") == "'\t=1"
    assert escape_cell("Smith") == "Smith"
    assert escape_cell(None) == ""
    assert escape_cell(True) == "yes"
