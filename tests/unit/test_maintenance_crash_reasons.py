"""Incidents of crashed runs say how the process died (signal or exit code), not only the exception's name."""

from __future__ import annotations

from hirehound.maintenance.crash_reasons import crash_detail, crash_message

SIGKILL_EVENT = (
    "Multiprocess executor: child process for step posting_embeddings was terminated by signal 9 (SIGKILL). "
    "This usually indicates that the process was killed by the operating system due to running out of memory."
)


def test_a_sigkilled_step_names_the_signal_and_the_step() -> None:
    message = crash_message("ChildProcessCrashException", "ChildProcessCrashException: ", ["Started", SIGKILL_EVENT])
    assert message == (
        "ChildProcessCrashException: killed by signal 9 (SIGKILL), most often the out-of-memory killer "
        "(step posting_embeddings)"
    )


def test_an_exit_code_is_reported() -> None:
    event = "Multiprocess executor: child process for step raw_postings unexpectedly exited with code 3."
    assert crash_message("ChildProcessCrashException", "", [event]) == (
        "ChildProcessCrashException: exit code 3 (step raw_postings)"
    )


def test_a_run_worker_killed_by_signal_is_named() -> None:
    assert crash_detail(["Run worker process exited with code -15"]) == "killed by signal 15 (SIGTERM)"


def test_ordinary_errors_are_left_alone_and_unknown_crashes_keep_their_message() -> None:
    assert crash_message("DataError", "DataError: bad timestamp", [SIGKILL_EVENT]) == "DataError: bad timestamp"
    assert crash_message("ChildProcessCrashException", "ChildProcessCrashException: ", ["nothing"]) == (
        "ChildProcessCrashException: "
    )
