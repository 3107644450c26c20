"""Preloaded first by the daily job's fork server: every step it forks dies with the run worker.

Its own module, importing nothing heavy, so the guard is in place even when the code location fails to preload
(Python's fork server then ignores that module and each step imports it itself). See `step_guard`.
"""

from hirehound.lifecycle.step_guard import guard_fork_server

guard_fork_server()
