"""Subprocess entry point for the supervision tests: a Supervisor over one child that starts a grandchild.

python -m tests.integration.supervised_target <pid file> [crash-once]

The child writes "child_pid grandchild_pid" to the pid file; with `crash-once` the first child exits with code 3
(after writing), so the supervisor has to restart it.
"""

import os
import sys

from hirehound.lifecycle.children import ChildSpec
from hirehound.lifecycle.supervisor import Check, Supervisor

# Like Dagster, the child copies its SIGINT handler onto SIGTERM: were SIGINT inherited as ignored, SIGTERM
# would be ignored too and only the supervisor's SIGKILL after its grace period would stop it.
CHILD = """
import os, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.getsignal(signal.SIGINT))
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
with open(sys.argv[1], "a") as fh:
    fh.write(f"{os.getpid()} {grandchild.pid}\\n")
marker = sys.argv[1] + ".crashed"
if sys.argv[2] == "crash-once" and not os.path.exists(marker):
    open(marker, "w").close()
    sys.exit(3)
time.sleep(600)
"""


def main() -> None:
    pid_file, mode = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "steady")
    ticks = []

    def failing_check() -> None:
        ticks.append(1)
        raise RuntimeError("database unreachable")

    spec = ChildSpec(name="sleeper", argv=[sys.executable, "-c", CHILD, pid_file, mode])
    supervisor = Supervisor([spec], [Check("Flaky", failing_check)], say=lambda m: print(m, flush=True), interval=0.5)
    print(f"supervisor {os.getpid()}", flush=True)
    code = supervisor.run()
    print(f"checks ran {len(ticks)} times", flush=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
