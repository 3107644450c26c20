"""Memory and planner settings for the embedded PostgreSQL, sized from this machine's RAM.

initdb's defaults (128 MB of shared buffers, 4 MB of work memory) are for a server sharing a small machine. The
embedded server is Hirehound's own: with a million postings the HNSW index (1.7 GB) and the MinHash band keys
(1 GB) are read on every search and every dedup run, and with 128 MB of buffers each of those reads went back to
the operating system's cache. The settings go to `hirehound.conf` in the data folder, included from
`postgresql.conf`; the server is restarted only when a setting that needs it (shared_buffers) changed, which is
on its first start and after an upgrade that changes them, when nothing else is connected yet. A user's own
server (`HIREHOUND_DATABASE_URL`) is never touched.
"""

from __future__ import annotations

from pathlib import Path

import psutil

CONF_NAME = "hirehound.conf"
INCLUDE = f"include_if_exists = '{CONF_NAME}'"
RESTART_ONLY = {"shared_buffers"}


def _mb(n_bytes: float) -> str:
    return f"{int(n_bytes // 2**20)}MB"


def recommended(total_ram: int | None = None) -> dict[str, str]:
    """A quarter of RAM for shared buffers (128 MB to 4 GB), half for the planner's cache estimate."""
    ram = total_ram or psutil.virtual_memory().total
    return {
        "shared_buffers": _mb(min(max(ram / 4, 128 * 2**20), 4 * 2**30)),
        "effective_cache_size": _mb(max(ram / 2, 512 * 2**20)),
        "work_mem": "32MB",
        "maintenance_work_mem": _mb(min(max(ram / 16, 64 * 2**20), 2 * 2**30)),
        "random_page_cost": "1.1",  # data sits in memory or on SSD: random reads cost about what sequential do
        "max_wal_size": "4GB",  # a day's bulk writes without a checkpoint every few seconds
    }


def render(settings: dict[str, str]) -> str:
    lines = ["# Written by Hirehound (hirehound/db/server_settings.py); changes here are overwritten."]
    return "\n".join([*lines, *(f"{k} = '{v}'" for k, v in sorted(settings.items()))]) + "\n"


def write_settings(pgdata: Path, settings: dict[str, str]) -> set[str]:
    """Write the settings file and the include line; return the names whose value changed (empty: nothing to do)."""
    conf = pgdata / CONF_NAME
    old = _parse(conf.read_text()) if conf.exists() else {}
    changed = {k for k in settings if old.get(k) != settings[k]} | (set(old) - set(settings))
    main = pgdata / "postgresql.conf"
    text = main.read_text()
    if INCLUDE not in text:
        main.write_text(text.rstrip("\n") + f"\n{INCLUDE}\n")
        changed |= set(settings)
    if changed:
        conf.write_text(render(settings))
    return changed


def pg_ctl_action(changed: set[str]) -> list[str]:
    """The `pg_ctl` arguments that make a running server take new settings: restart when one needs it, else reload.

    A restart keeps the options the server was started with (`postmaster.opts`: socket folder, no TCP)."""
    return ["-w", "-m", "fast", "restart"] if changed & RESTART_ONLY else ["reload"]


def _parse(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            out[key.strip()] = value.strip().strip("'")
    return out
