"""The daily job forks its step processes from a preloaded server (measured cheaper than spawning; issue 16)."""

from __future__ import annotations

import importlib
import multiprocessing


def test_the_daily_job_runs_steps_forked_from_a_preloaded_server() -> None:
    from hirehound_assets.definitions import defs
    from hirehound_assets.jobs import PRELOAD_MODULES

    job = defs.resolve_job_def("daily_pipeline_job")
    executor = job.executor_def
    assert executor.name == "daily_forkserver_executor"
    resolved = executor.apply_config_mapping({})
    assert resolved.success, resolved.errors
    config = (resolved.value or {})["config"]
    assert config["start_method"] == {"forkserver": {"preload_modules": PRELOAD_MODULES}}
    assert "forkserver" in multiprocessing.get_all_start_methods()  # Linux and macOS; not Windows


def test_every_preloaded_module_imports() -> None:
    # Python 3.11 ignores a preload that fails: steps would silently pay the full import again.
    from hirehound_assets.jobs import PRELOAD_MODULES

    for name in PRELOAD_MODULES:
        importlib.import_module(name)
