"""The daily job's steps as Celery tasks on `hirehound worker` processes (dagster-celery), when switched on."""
