"""Every 6 hours: re-check duplicate clusters whose members changed or expired (asset `cluster_revalidation`)."""

import dagster as dg

cluster_revalidation_schedule = dg.ScheduleDefinition(
    name="cluster_revalidation_schedule",
    cron_schedule="0 */6 * * *",
    target=dg.AssetSelection.assets("cluster_revalidation"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Re-check changed or expired duplicate clusters and split those that no longer hold together.",
)
