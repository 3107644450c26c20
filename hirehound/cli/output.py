"""How the command line prints: tables that fit a terminal, and whole lines when piped.

Rich sizes a table to the terminal; piped or redirected it would assume 80 columns and squeeze or cut cells,
ids included. Piped output gets a wide console instead, so a script or `grep` sees every id whole.
"""

from __future__ import annotations

import sys
from typing import Any

PIPED_WIDTH = 400


def console() -> Any:
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=PIPED_WIDTH, soft_wrap=False)
