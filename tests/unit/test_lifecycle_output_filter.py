"""The terminal of `hirehound dev` is quiet by default: no debug lines, each warning once, tracebacks kept."""

from hirehound.lifecycle.output_filter import OutputFilter

RUN = "daily_pipeline_job - 0b1c2d3e-aaaa-bbbb-cccc-0123456789ab - 17326"
DEBUG = (
    f'2026-12-01 18:01:07 +0000 - dagster - DEBUG - {RUN} - STEP_START - Started execution of step "raw_postings".\n'
)
INFO = "2026-12-01 18:01:08 +0000 - dagster.daemon.SensorDaemon - INFO - Checking for new runs for sensor: x\n"
BACKFILL = (
    "2026-12-01 17:46:45 +0000 - dagster - WARNING - /x/unresolved_asset_job_definition.py:217: UserWarning: "
    "Asset job daily_pipeline_job materializes assets with varying BackfillPolicies.\n"
)
ERROR = f"2026-12-01 18:02:00 +0000 - dagster - ERROR - {RUN} - RUN_FAILURE - Execution of run failed.\n"


def shown(lines: list[str], verbose: bool = False) -> list[str]:
    output = OutputFilter(verbose)
    return [line for line in lines if output.keep(line)]


def test_debug_and_info_records_are_hidden_with_their_continuation_lines() -> None:
    lines = [DEBUG, "    continuation of the debug record\n", INFO, ERROR, "Traceback (most recent call last):\n"]
    assert shown(lines) == [ERROR, "Traceback (most recent call last):\n"]


def test_a_repeated_warning_is_shown_once_even_with_other_times_and_ids() -> None:
    again = BACKFILL.replace("17:46:45", "17:59:01")
    assert shown([BACKFILL, "  warnings.warn(\n", again, "  warnings.warn(\n"]) == [BACKFILL, "  warnings.warn(\n"]
    second_error = ERROR.replace("0b1c2d3e", "99999999").replace("17326", "18000")
    assert shown([ERROR, second_error]) == [ERROR]


def test_python_warnings_printed_directly_are_deduplicated_too() -> None:
    tracer = "/venv/transformers/modeling_bert.py:321: TracerWarning: Converting a tensor to a Python boolean\n"
    other_line = tracer.replace(":321:", ":400:")
    assert shown([DEBUG, tracer, "  if x:\n", other_line, "  if x:\n"]) == [tracer, "  if x:\n"]


def test_supersession_notice_hidden_and_plain_lines_kept() -> None:
    lines = [
        "/venv/click/core.py:911: SupersessionWarning: Function `dev_command` is superseded and discouraged.\n",
        "  return callback(*args, **kwargs)\n",
        "Serving on http://127.0.0.1:3000\n",
    ]
    assert shown(lines) == ["Serving on http://127.0.0.1:3000\n"]


def test_ansi_colours_do_not_hide_the_level() -> None:
    coloured = "\x1b[32m2026-12-01 17:46:37 +0000\x1b[0m - dagster - \x1b[34mDEBUG\x1b[0m - noise\n"
    assert shown([coloured]) == []


def test_verbose_shows_everything() -> None:
    lines = [DEBUG, INFO, BACKFILL, BACKFILL]
    assert shown(lines, verbose=True) == lines


def test_storage_retry_warnings_through_an_outage_are_shown_once() -> None:
    retry = "WARNING:root:Retrying failed database connection: (psycopg2.OperationalError) connection failed\n"
    detail = "\tIs the server running locally and accepting connections on that socket?\n"
    lines = [retry, detail, retry, detail, retry, detail, "DEBUG:grpc:noise\n"]
    assert shown(lines) == [retry, detail]


def test_a_warning_seen_again_ten_minutes_later_is_shown_again() -> None:
    now = [0.0]
    output = OutputFilter(clock=lambda: now[0])
    assert output.keep(BACKFILL) and not output.keep(BACKFILL)
    now[0] = 601.0
    assert output.keep(BACKFILL)
