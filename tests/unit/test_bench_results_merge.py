"""`bench.run_all --only X` rewrites X's section of bench/RESULTS.md and keeps the others as they were."""

from bench.run_all import kept_sections

PREVIOUS = (
    "# Hirehound benchmark results\n\n- date: then\n\n## ingestion\n\nfast\n\n## real_path\n\nold\n\n## spam\n\nok\n"
)


def test_other_sections_are_kept_in_order_and_the_replaced_one_dropped() -> None:
    kept = kept_sections(PREVIOUS, {"real_path"})
    assert kept == ["## ingestion\n\nfast\n", "## spam\n\nok\n"]
    assert kept_sections(PREVIOUS, set()) == ["## ingestion\n\nfast\n", "## real_path\n\nold\n", "## spam\n\nok\n"]
