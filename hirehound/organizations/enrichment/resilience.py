"""Staying polite and robust against an external API: retry with backoff, a token bucket, a circuit breaker.

A company-data API rate-limits (429 with Retry-After), fails (5xx), hangs, and sometimes breaks for hours. We
retry transient failures with exponential backoff and jitter (never sooner than the server asks), spend at most
`rate` requests per second per provider, and stop calling a provider that keeps failing: after
`failure_threshold` consecutive failures the breaker opens and calls fail fast; after `cooldown_s` one trial call
is let through (half-open), whose success closes the breaker and whose failure opens it again.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"


class TokenBucket:
    """At most `rate` acquisitions per second on average, bursts up to `capacity`; `acquire` waits."""

    def __init__(
        self,
        rate: float,
        capacity: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("rate must be > 0 and capacity >= 1")
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = threading.Lock()
        self.waited_s = 0.0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def try_acquire(self) -> bool:
        with self._lock:
            self._refill()
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            return False

    def acquire(self) -> None:
        while True:
            with self._lock:
                self._refill()
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self.rate
            self.waited_s += wait
            self._sleep(wait)


class CircuitOpenError(RuntimeError):
    """The provider failed repeatedly; calls are refused until the cool-down has passed."""


@dataclass
class CircuitBreaker:
    failure_threshold: int = 5
    cooldown_s: float = 30.0
    clock: Callable[[], float] = time.monotonic
    state: str = CLOSED
    consecutive_failures: int = 0
    opened_at: float | None = None
    times_opened: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def before_call(self) -> None:
        """Raise CircuitOpenError unless a call may go out now (closed, or the half-open trial)."""
        with self._lock:
            if self.state == OPEN:
                assert self.opened_at is not None
                if self.clock() - self.opened_at >= self.cooldown_s:
                    self.state = HALF_OPEN
                    return
                raise CircuitOpenError(
                    f"circuit open after {self.consecutive_failures} failures; retry in "
                    f"{self.cooldown_s - (self.clock() - self.opened_at):.1f}s"
                )
            if self.state == HALF_OPEN:
                # Only one trial call at a time while half-open.
                raise CircuitOpenError("circuit half-open: a trial call is in flight")

    def record_success(self) -> None:
        with self._lock:
            self.state = CLOSED
            self.consecutive_failures = 0
            self.opened_at = None

    def record_failure(self) -> None:
        with self._lock:
            self.consecutive_failures += 1
            if self.state == HALF_OPEN or self.consecutive_failures >= self.failure_threshold:
                if self.state != OPEN:
                    self.times_opened += 1
                self.state = OPEN
                self.opened_at = self.clock()


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: attempt n waits uniform(0, min(cap, base * 2**n))."""

    base_s: float = 0.5
    cap_s: float = 30.0
    max_retries: int = 4

    def delay(self, attempt: int, rng: random.Random, retry_after_s: float | None = None) -> float:
        computed = rng.uniform(0, min(self.cap_s, self.base_s * (2**attempt)))
        if retry_after_s is not None:
            # The server said when to come back: never earlier, and with a little jitter so clients spread out.
            return min(self.cap_s, retry_after_s) + rng.uniform(0, self.base_s / 2)
        return computed


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(text).timestamp() - now())
    except (TypeError, ValueError, IndexError):
        return None
