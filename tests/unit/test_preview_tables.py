"""Preview tables in materialization metadata: one renderer for every asset."""

from datetime import date

from hirehound_assets.preview_tables import md_table


def test_rows_become_a_markdown_table_with_cells_kept_on_one_line() -> None:
    table = md_table([{"title": "Data | ML Engineer", "n": 3}, {"title": "two\nlines", "n": 10}])
    lines = table.splitlines()
    assert lines[0].split("|")[1].strip() == "title"
    assert len(lines) == 4  # header, rule, two rows: no cell broke a line or a column
    assert "Data / ML Engineer" in table and "two lines" in table


def test_no_rows_gives_the_placeholder() -> None:
    assert md_table([], "_no clusters_") == "_no clusters_"


def test_missing_values_and_lists_read_as_text() -> None:
    table = md_table(
        [
            {"boards": ["indeed"], "salary": float("nan"), "org": None, "seen": date(2025, 3, 7)},
            {"boards": ["indeed", "linkedin"], "salary": 52000.0, "org": "Acme", "seen": None},
        ]
    )
    assert "nan" not in table and "None" not in table and "[" not in table
    assert "indeed, linkedin" in table and "2025-03-07" in table and "52000" in table
