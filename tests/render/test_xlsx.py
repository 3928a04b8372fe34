"""XLSX files read back with openpyxl: types, frozen headers, widths, formula-safe text, titles, headers as given."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from roadmap.render.xlsx import MAX_TEXT, MAX_WIDTH, MIN_WIDTH, Cell, Table, xlsx_bytes

SUBMITTED = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
HEADERS_EN = ["Respondent", "Department", "Topic", "Answer", "Score", "Submitted", "Round date", "Closed"]
HEADERS_NL = ["Respondent", "Afdeling", "Onderwerp", "Antwoord", "Score", "Ingeleverd", "Datum ronde", "Gesloten"]
ROW_EN: list[Cell] = [
    1,
    "Other departments",
    "Strategy and goals",
    "Engagement",
    3.25,
    SUBMITTED,
    date(2026, 12, 1),
    False,
]
ROW_NL: list[Cell] = [
    1,
    "Overige afdelingen",
    "Strategie en doelen",
    "Betrokkenheid",
    3.25,
    SUBMITTED,
    date(2026, 12, 1),
    False,
]


def read(tables: list[Table]) -> Workbook:
    return load_workbook(io.BytesIO(xlsx_bytes(tables)))


def test_values_keep_their_types() -> None:
    sheet = read([Table("Answers", HEADERS_EN, [ROW_EN, [2, None, "Webcare", "Don't know", None, None, None, True]])])[
        "Answers"
    ]

    number, department, _, _, score, submitted, held_on, closed = sheet[2]
    assert number.value == 1 and number.data_type == "n"
    assert score.value == 3.25 and score.data_type == "n"
    assert department.value == "Other departments" and department.data_type == "s"
    assert submitted.is_date and submitted.value == datetime(2026, 12, 1, 14, 30)
    assert held_on.is_date and held_on.value == datetime(2026, 12, 1)  # openpyxl reads every date back as datetime
    assert closed.value is False and closed.data_type == "b"
    assert [cell.value for cell in sheet[3]] == [2, None, "Webcare", "Don't know", None, None, None, True]


def test_dates_use_excels_regional_short_formats() -> None:
    sheet = read([Table("Answers", HEADERS_EN, [ROW_EN])])["Answers"]
    assert sheet["F2"].number_format == "m/d/yy h:mm"  # built-in format 22
    assert sheet["G2"].number_format == "mm-dd-yy"  # built-in format 14


def test_times_with_a_zone_are_written_in_utc() -> None:
    amsterdam = SUBMITTED.astimezone(timezone(timedelta(hours=1)))
    sheet = read([Table("Times", ["Submitted"], [[amsterdam]])])["Times"]
    assert sheet["A2"].value == datetime(2026, 12, 1, 14, 30)


def test_the_header_row_is_bold_frozen_and_filtered() -> None:
    sheet = read([Table("Answers", HEADERS_EN, [ROW_EN, ROW_EN])])["Answers"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.auto_filter.ref == "A1:H3"


@pytest.mark.parametrize(("headers", "row"), [(HEADERS_EN, ROW_EN), (HEADERS_NL, ROW_NL)], ids=["en", "nl"])
def test_headers_and_values_are_the_callers_in_either_language(headers: list[str], row: list[Cell]) -> None:
    sheet = read([Table("Sheet", headers, [row])])["Sheet"]
    assert [cell.value for cell in sheet[1]] == headers
    assert [cell.value for cell in sheet[2]][1:4] == row[1:4]


def test_columns_are_as_wide_as_their_longest_value_within_limits() -> None:
    long_text = "A very long answer text " * 10
    sheet = read(
        [Table("Widths", ["N", "Department", "Text", "Submitted"], [[1, "Overige afdelingen", long_text, SUBMITTED]])]
    )["Widths"]
    widths = {column: sheet.column_dimensions[column].width for column in "ABCD"}
    assert widths["A"] == MIN_WIDTH  # a short header and a short number
    assert widths["B"] == len("Overige afdelingen") + 2
    assert widths["C"] == MAX_WIDTH
    assert MIN_WIDTH < widths["D"] < MAX_WIDTH


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://127.0.0.1/","x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\r=1+1"]
)
def test_text_that_looks_like_a_formula_stays_text(text: str) -> None:
    data = xlsx_bytes([Table("Safe", ["Name"], [[text]])])
    sheet = load_workbook(io.BytesIO(data))["Safe"]

    # The carriage return is written as &#13; (openpyxl with lxml, which python-pptx requires), so it reads back.
    assert sheet["A2"].value == text and sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix  # also not evaluated when the cell is edited
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_headers_are_formula_safe_too() -> None:
    sheet = read([Table("Safe", ["=1+1"], [])])["Safe"]
    assert sheet["A1"].value == "=1+1" and sheet["A1"].data_type == "s"


def test_ordinary_text_and_negative_numbers_are_left_alone() -> None:
    sheet = read([Table("Plain", ["Name", "Change"], [["Marketing", -0.5]])])["Plain"]
    assert not sheet["A2"].quotePrefix
    assert sheet["B2"].value == -0.5 and sheet["B2"].data_type == "n"


def test_what_excel_cannot_hold_is_left_out() -> None:
    rows: list[list[Cell]] = [["bell\x07 and null\x00", float("nan")], ["x" * (MAX_TEXT + 10), float("inf")]]
    sheet = read([Table("Odd", ["Text", "Number"], rows)])["Odd"]
    assert sheet["A2"].value == "bell and null" and sheet["B2"].value is None
    assert sheet["A3"].value == "x" * MAX_TEXT and sheet["B3"].value is None


def test_number_formats_apply_to_numbers_of_their_column() -> None:
    sheet = read([Table("Scores", ["Topic", "Score"], [["Strategy", 3.0277], ["Webcare", None]], (None, "0.0"))])[
        "Scores"
    ]
    assert sheet["B2"].number_format == "0.0" and sheet["B2"].value == 3.0277
    assert sheet["A2"].number_format == "General"


def test_one_sheet_per_table_in_order_with_valid_unique_titles() -> None:
    tables = [
        Table("Scores", ["A"], [[1]]),
        Table("scores", ["B"], [[2]]),
        Table("Client: Ëlst [2026] a/b?*", ["C"], [[3]]),
        Table("A title that is far longer than Excel allows", ["D"], [[4]]),
        Table("", ["E"], []),
    ]
    workbook = read(tables)
    assert workbook.sheetnames == [
        "Scores",
        "scores (2)",
        "Client  Ëlst  2026  a b",
        "A title that is far longer than",
        "Sheet",
    ]
    assert [workbook[name]["A1"].value for name in workbook.sheetnames] == ["A", "B", "C", "D", "E"]
    assert workbook["Sheet"].max_row == 1  # headers only


def test_refuses_no_tables_and_rows_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="at least one table"):
        xlsx_bytes([])
    with pytest.raises(ValueError, match="row 2 has 1 values for 2 headers"):
        xlsx_bytes([Table("Bad", ["A", "B"], [[1, 2], [3]])])
