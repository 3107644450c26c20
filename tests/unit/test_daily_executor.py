"""The daily job runs its steps on the preloaded fork-server executor measured in docs/performance.md (issue 16)."""

from __future__ import annotations

import importlib
import multiprocessing


def test_the_fork_server_executor_preloads_the_code_location() -> None:
    from hirehound_assets.definitions import defs
    from hirehound_assets.jobs import PRELOAD_MODULES, daily_executor

    executor = defs.resolve_job_def("daily_pipeline_job").executor_def
    assert executor is daily_executor
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
    # The guard first: it must be in place in the fork server even when the code location fails to preload.
    assert PRELOAD_MODULES[0] == "hirehound.lifecycle.fork_server_guard"
