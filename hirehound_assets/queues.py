"""Which Celery queue each asset's step goes to when the daily job runs on workers (`HIREHOUND_EXECUTOR=celery`).

Queues follow the pipeline's concerns, so machines can be given to a concern: GPU machines take `embeddings`,
machines holding the enrichment API keys (and its rate limit) take `enrichment`. Without Celery the tags are
ignored. The queue names are `hirehound.scaling.settings.QUEUES`.
"""

from __future__ import annotations

from hirehound.scaling.settings import QUEUES

# dagster_celery.tags.DAGSTER_CELERY_QUEUE_TAG, spelled out so that loading the code location without Celery does
# not import Celery (a unit test keeps the two equal).
DAGSTER_CELERY_QUEUE_TAG = "dagster-celery/queue"


def queue_tags(queue: str) -> dict[str, str]:
    """`op_tags` that send an asset's step to `queue`."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; the queues are {', '.join(QUEUES)}")
    return {DAGSTER_CELERY_QUEUE_TAG: queue}
