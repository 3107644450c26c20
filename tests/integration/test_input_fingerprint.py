"""The fingerprint a stage skips on: any write to what it reads changes it, and a run that others wrote into while
it ran is never sealed (its next run does the work again)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from hirehound.pipeline import input_fingerprint as fp
from hirehound.pipeline.input_fingerprint import Scope, StageInputs
from hirehound.pipeline.own_transactions import OwnTransactions

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 20)


def _inputs(**settings: object) -> StageInputs:
    return StageInputs(
        "toy",
        DAY.isoformat(),
        [
            Scope("toy_in", "partition_date = :p"),
            Scope("toy_names", query="SELECT id, name FROM toy_names"),
            Scope("toy_out", writes=True),
        ],
        {"p": DAY},
        settings,
    )


def _run(engine: sa.Engine, run_id: str, **settings: object) -> bool:
    """One toy stage run: skip when unchanged, else rewrite toy_out and store the fingerprint. True when skipped."""
    inputs = _inputs(**settings)
    with engine.begin() as conn:
        gate = fp.check(conn, inputs)
    if gate.skip:
        return True
    own = OwnTransactions(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM toy_out"))
        conn.execute(
            sa.text("INSERT INTO toy_out SELECT v, :r FROM toy_in WHERE partition_date = :p"), {"r": run_id, "p": DAY}
        )
    own.close()
    with engine.begin() as conn:
        fp.save(conn, gate, fp.seal(conn, gate, own.xids), 1, {"metadata": {}}, run_id)
    return False


@pytest.fixture()
def toy(engine: sa.Engine) -> sa.Engine:
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE toy_in (partition_date date, v int)"))
        conn.execute(sa.text("CREATE TABLE toy_names (id int, name text, note text)"))
        conn.execute(sa.text("CREATE TABLE toy_out (v int, run_id text)"))
        conn.execute(sa.text("INSERT INTO toy_in VALUES (:p, 1), (:p, 2), ('2026-11-19', 3)"), {"p": DAY})
        conn.execute(sa.text("INSERT INTO toy_names VALUES (1, 'Acme', 'x')"))
    return engine


def test_unchanged_inputs_skip_and_any_change_runs_again(toy: sa.Engine) -> None:
    assert _run(toy, "r1") is False
    assert _run(toy, "r2") is True
    with toy.begin() as conn:  # a row of another partition is outside the scope
        conn.execute(sa.text("UPDATE toy_in SET v = 30 WHERE v = 3"))
    assert _run(toy, "r3") is True
    with toy.begin() as conn:  # an update that writes the same value still counts: a new row version
        conn.execute(sa.text("UPDATE toy_in SET v = v WHERE v = 1"))
    assert _run(toy, "r4") is False
    with toy.begin() as conn:  # a delete
        conn.execute(sa.text("DELETE FROM toy_in WHERE v = 2"))
    assert _run(toy, "r5") is False
    with toy.begin() as conn:  # a column a content scope does not read is not an input
        conn.execute(sa.text("UPDATE toy_names SET note = 'y'"))
    assert _run(toy, "r6") is True
    with toy.begin() as conn:  # one it reads is
        conn.execute(sa.text("UPDATE toy_names SET name = 'Acme Inc'"))
    assert _run(toy, "r7") is False
    with toy.begin() as conn:  # someone else rewrote the output
        conn.execute(sa.text("UPDATE toy_out SET v = 9"))
    assert _run(toy, "r8") is False
    assert _run(toy, "r9", lookback=30) is False  # a setting
    assert _run(toy, "r10", lookback=30) is True


def test_a_run_others_wrote_into_is_not_sealed(toy: sa.Engine) -> None:
    assert _run(toy, "r1") is False
    with toy.begin() as conn:
        conn.execute(sa.text("INSERT INTO toy_in VALUES (:p, 4)"), {"p": DAY})
        gate = fp.check(conn, _inputs())
    assert not gate.skip
    own = OwnTransactions(toy)
    with toy.begin() as conn:  # the stage writes its output ...
        conn.execute(sa.text("INSERT INTO toy_out VALUES (4, 'r2')"))
    own.close()
    with toy.begin() as conn:  # ... while another run writes into the same table
        conn.execute(sa.text("INSERT INTO toy_out VALUES (5, 'other-run')"))
    with toy.begin() as conn:
        assert fp.seal(conn, gate, own.xids) is None
    with toy.begin() as conn:  # without the stranger's row, the run seals
        conn.execute(sa.text("DELETE FROM toy_out WHERE run_id = 'other-run'"))
        assert fp.seal(conn, gate, own.xids) is not None
    with toy.begin() as conn:  # and an input changed during the run
        gate = fp.check(conn, _inputs())
        conn.execute(sa.text("INSERT INTO toy_in VALUES (:p, 6)"), {"p": DAY})
    with toy.begin() as conn:
        assert fp.seal(conn, gate, set()) is None
        fp.save(conn, gate, None, 0, {}, "r3")
    with toy.begin() as conn:
        assert fp.check(conn, _inputs()).skip is False  # an unsealed run is never skipped on
