"""Running the daily pipeline past one machine: where the Celery broker is, which queues exist, which code runs."""
