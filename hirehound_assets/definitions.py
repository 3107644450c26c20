"""The Hirehound code location: every asset, check, job, sensor, schedule and resource, as Dagster loads them."""

import warnings

import dagster as dg

import hirehound_assets.dedup
import hirehound_assets.embeddings
import hirehound_assets.ingestion
import hirehound_assets.maintenance
import hirehound_assets.organizations
import hirehound_assets.posting_signals
import hirehound_assets.publication
import schedules
import sensors
from hirehound.lifecycle.step_guard import guard_step_process
from hirehound_assets.jobs import daily_pipeline_job
from hirehound_assets.resources_config import default_resources

# Package-module discovery lets each stage add assets, checks and jobs without touching this file; the API is
# marked "preview" but has been stable since Dagster 1.9.
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

# A step process dies with its run worker (OOM killer, kill -9) instead of writing into the failed run.
guard_step_process()

STAGE_PACKAGES = (
    hirehound_assets.ingestion,
    hirehound_assets.organizations,
    hirehound_assets.embeddings,
    hirehound_assets.dedup,
    hirehound_assets.posting_signals,
    hirehound_assets.publication,
    hirehound_assets.maintenance,
)

defs = dg.Definitions.merge(
    *(dg.load_definitions_from_package_module(package) for package in STAGE_PACKAGES),
    dg.load_definitions_from_package_module(sensors),
    dg.load_definitions_from_package_module(schedules),
    dg.Definitions(jobs=[daily_pipeline_job], resources=default_resources()),
)


def daily_pipeline_job_def() -> dg.JobDefinition:
    """The daily job resolved against this code location, for `dg.build_reconstructable_job` when it is run from
    Python with its own executor: its step processes re-import it by this module and name, which an installed
    package always has (a module under tests/ is not importable from a fork-server step)."""
    return defs.resolve_job_def("daily_pipeline_job")
