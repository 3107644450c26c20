"""Alerts to people: a Slack-compatible webhook (`{"text": ...}`) named by HIREHOUND_ALERT_WEBHOOK_URL.

A post is retried (connection errors, timeouts, 429 and 5xx) with a growing pause, and never raises: an alert
that cannot be delivered is logged, and the pipeline goes on. The webhook URL is a secret (Slack's carries its
token in the path), so it is never logged, and credentials in URLs inside alert texts are masked.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

ENV = "HIREHOUND_ALERT_WEBHOOK_URL"
RETRYABLE = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_TEXT = 3000  # Slack truncates long messages; the run link says the rest

log = logging.getLogger(__name__)
_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^\s/@:]*:[^\s/@]*@", re.IGNORECASE)


class _HideUrl(logging.Filter):
    """httpx logs every request's URL at INFO: rewrite the webhook's URL out of those records."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(u in message for u in self.urls):
            for u in self.urls:
                message = message.replace(u, "<webhook>")
            record.msg, record.args = message, None
        return True


_HIDE = _HideUrl()
for _name in ("httpx", "httpcore.http11", "httpcore.connection"):
    logging.getLogger(_name).addFilter(_HIDE)


@dataclass(frozen=True)
class Delivery:
    delivered: bool
    attempts: int
    error: str | None = None  # what went wrong, without the URL


def webhook_url() -> str | None:
    return os.environ.get(ENV, "").strip() or None


def mask_secrets(text: str, url: str | None = None) -> str:
    """Hide passwords in URLs (`postgresql://user:secret@host`) and the webhook URL itself."""
    masked = _CREDENTIALS.sub(r"\1***@", text)
    return masked.replace(url, "<webhook>") if url else masked


def post_alert(
    text: str,
    *,
    url: str | None = None,
    attempts: int = 4,
    first_pause_s: float = 1.0,
    timeout_s: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Post one message; returns whether it was delivered. Without a configured URL nothing is sent."""
    url = url or webhook_url()
    if url is None:
        return Delivery(False, 0, "no webhook configured")
    _HIDE.urls.add(url)
    body = {"text": mask_secrets(text, url)[:MAX_TEXT]}
    error = "not attempted"
    for attempt in range(1, attempts + 1):
        try:
            response = httpx.post(url, json=body, timeout=timeout_s, follow_redirects=False)
        except httpx.HTTPError as exc:  # the exception's text may carry the URL: keep only its kind
            error = type(exc).__name__
        else:
            if response.status_code < 300:
                return Delivery(True, attempt)
            error = f"HTTP {response.status_code}"
            if response.status_code not in RETRYABLE:
                break
        if attempt < attempts:
            sleep(first_pause_s * 2 ** (attempt - 1))
    log.warning("alert webhook: message not delivered after %d attempt(s): %s", attempt, error)
    return Delivery(False, attempt, error)
