"""Preview tables in materialization metadata: one renderer for every asset."""

from hirehound_assets.preview_tables import md_table


def test_rows_become_a_markdown_table_with_cells_kept_on_one_line() -> None:
    table = md_table([{"title": "Data | ML Engineer", "n": 3}, {"title": "two\nlines", "n": 10}])
    lines = table.splitlines()
    assert lines[0].split("|")[1].strip() == "title"
    assert len(lines) == 4  # header, rule, two rows: no cell broke a line or a column
    assert "Data / ML Engineer" in table and "two lines" in table


def test_no_rows_gives_the_placeholder() -> None:
    assert md_table([], "_no clusters_") == "_no clusters_"
