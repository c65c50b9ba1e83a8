"""Many writers at once, nothing lost (issue 18): racing edits of one report, new reports at one spot, area
versions, and on PostgreSQL two OS processes. Every store test runs on DuckDB and on PostGIS.

Threads start together at a barrier; the outcome asserted holds whatever order the database puts them in.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

import pytest
import shapely

from gis.store import ConflictError, edit_stamp, open_store
from gis.store.errors import DuplicateSiteError

SPOT = (226_500.0, 470_500.0)  # Lochem
REPORT = {"found_at": "2026-05-01 10:00", "place_type": "bos", "waste_type": "vaten", "status": "gemeld"}
NAMED = r"Melding {id} is intussen gewijzigd door {who} (op \S+ )?om \d\d:\d\d; laad de melding opnieuw"


def race(n: int, work: Callable[[int], Any]) -> tuple[dict[int, Any], dict[int, BaseException]]:
    """Run ``work(i)`` for i in 0..n-1 on n threads released together; results and errors by i."""
    barrier = threading.Barrier(n)
    done: dict[int, Any] = {}
    failed: dict[int, BaseException] = {}

    def run(i: int) -> None:
        barrier.wait()
        try:
            done[i] = work(i)
        except BaseException as exc:  # collected, checked by the test
            failed[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return done, failed


def _report(store, x: float = SPOT[0], y: float = SPOT[1]) -> int:
    return store.add_dumping({"x": x, "y": y, **REPORT}, "melder")


def test_racing_edits_of_one_report_one_wins_the_others_are_told_who(store) -> None:
    report = _report(store)
    seen = edit_stamp(store.dumping(report))
    done, failed = race(6, lambda i: store.update_dumping(report, {"notes": f"versie {i}"}, f"user{i}", seen=seen))
    assert len(done) == 1 and len(failed) == 5, failed
    (winner,) = done
    for exc in failed.values():
        assert isinstance(exc, ConflictError) and exc.named, repr(exc)
        assert re.match(NAMED.format(id=report, who=f"user{winner}"), str(exc)), str(exc)
        assert "Er is niets van uw wijziging opgeslagen." in str(exc)
    record = store.dumping(report)
    assert (record["notes"], record["updated_by"], record["version"]) == (f"versie {winner}", f"user{winner}", 2)
    history = store.dumping_history(report)
    assert history["user_name"].tolist() == ["melder", f"user{winner}"]  # one line per change that was saved


def test_a_status_move_and_field_edits_racing_on_one_report(store) -> None:
    report = _report(store)
    seen = edit_stamp(store.dumping(report))

    def work(i: int) -> None:
        if i == 0:
            store.change_dumping_status(report, "in onderzoek", "user0", "ter plaatse", seen=seen)
        elif i == 1:
            store.add_dumping_files(report, [], "user1", seen=seen)
        else:
            store.update_dumping(report, {"notes": f"versie {i}", "volume_l": 10.0 * i}, f"user{i}", seen=seen)

    done, failed = race(4, work)
    assert len(done) == 1 and all(isinstance(e, ConflictError) and e.named for e in failed.values()), failed
    (winner,) = done
    record = store.dumping(report)
    assert record["version"] == 2 and record["updated_by"] == f"user{winner}"
    if winner == 0:
        assert (record["status"], record["notes"], record["volume_l"]) == ("in onderzoek", None, None)
    elif winner >= 2:  # both fields of the winning edit, none of a losing one (nothing half-written)
        assert (record["status"], record["notes"], record["volume_l"]) == ("gemeld", f"versie {winner}", 10.0 * winner)
    assert len(store.dumping_history(report)) == (1 if winner == 1 else 2)  # files add no history line


def test_a_stale_stamp_is_told_in_english_too(store) -> None:
    report = _report(store)
    seen = edit_stamp(store.dumping(report))
    store.update_dumping(report, {"notes": "eerst"}, "Jan Jansen", seen=seen)
    with pytest.raises(ConflictError) as caught:
        store.add_dumping_files(report, [], "ander", seen=seen)
    assert re.match(NAMED.format(id=report, who="Jan Jansen"), caught.value.message("nl"))
    assert re.match(rf"Report {report} was changed in the meantime by Jan Jansen (on \S+ )?at \d\d:\d\d; reload it",
                    caught.value.message("en"))  # fmt: skip
    assert store.dumping(report)["version"] == 2


def test_new_reports_at_one_spot_racing_leave_one_unlinked_report(store) -> None:
    def log(i: int) -> int:
        return store.add_dumping({"x": SPOT[0] + i, "y": SPOT[1] - i, **REPORT}, f"user{i}", seen_nearby=[])

    done, failed = race(6, log)
    assert len(done) == 1, failed
    (new_id,) = done.values()
    for exc in failed.values():
        assert isinstance(exc, DuplicateSiteError) and exc.ids == (new_id,), repr(exc)
        assert "Uw melding is nog niet opgeslagen" in str(exc)
    near = store.open_dumpings_near(*SPOT, 50)
    assert near["id"].tolist() == [new_id]
    # What the user saw is not new: saving it as a new site after seeing the first one goes through.
    second = store.add_dumping({"x": SPOT[0], "y": SPOT[1], **REPORT}, "user9", seen_nearby=[new_id])
    assert sorted(store.open_dumpings_near(*SPOT, 50)["id"]) == sorted([new_id, second])
    # Outside the radius, or a closed report, or no check at all (imports): no refusal.
    store.add_dumping({"x": SPOT[0] + 150, "y": SPOT[1], **REPORT}, "user8", seen_nearby=[])
    store.add_dumping({"x": SPOT[0], "y": SPOT[1], **REPORT}, "import")
    linked = store.add_dumping({"x": SPOT[0], "y": SPOT[1], **REPORT}, "user7", linked_to=new_id, seen_nearby=[])
    assert store.dumping(linked)["linked_to"] == new_id


def test_racing_area_saves_end_in_a_named_conflict_never_a_key_violation(make_store) -> None:
    store = make_store()
    square = shapely.box(226_000, 470_000, 227_000, 471_000)
    area = store.add_area("Lochem-Noord", square, created_by="maker")
    done, failed = race(
        4,
        lambda i: store.save_area_version(
            area, square.buffer(i + 1), f"naam {i}", "", f"user{i}", "grens", expected_version=1
        ),
    )
    assert len(done) == 1 and len(failed) == 3, failed
    (winner,) = done
    for exc in failed.values():
        assert isinstance(exc, ConflictError), repr(exc)
        assert re.match(rf"Gebied {area} is intussen gewijzigd door user{winner} (op \S+ )?om \d\d:\d\d; laad het "
                        "gebied opnieuw", str(exc)), str(exc)  # fmt: skip
    versions = store.area_versions(area)
    assert versions["version"].tolist() == [2, 1] and versions["changed_by"].tolist() == [f"user{winner}", "maker"]
    # Without an expected version: every save that does not meet another is kept, each its own version.
    done, failed = race(4, lambda i: store.save_area_version(area, square, f"vrij {i}", "", f"vrij{i}", "grens"))
    assert all(isinstance(e, ConflictError) for e in failed.values()), failed
    assert sorted(done.values()) == list(range(3, 3 + len(done)))
    assert store.area_versions(area)["version"].tolist() == list(range(2 + len(done), 0, -1))
    newest = store.area_versions(area).iloc[0]
    assert store.areas().set_index("id").loc[area, "name"] == newest["name"]


# -- PostgreSQL: separate OS processes ------------------------------------------------------------------------
def _process_edit(url: str, owner: str, report: int, seen: str, who: str, barrier: Any, out: Any) -> None:
    import os

    os.environ["VB_DB_OWNER"] = owner
    store = open_store(url)
    try:
        barrier.wait(timeout=60)
        store.update_dumping(report, {"notes": f"van {who}"}, who, seen=seen)
        out.put((who, "ok", ""))
    except ConflictError as exc:
        out.put((who, "conflict", exc.message("nl")))
    except BaseException as exc:  # reported to the parent, which fails the test
        out.put((who, type(exc).__name__, str(exc)))
    finally:
        store.close()


def _process_log(url: str, owner: str, who: str, barrier: Any, out: Any) -> None:
    import os

    os.environ["VB_DB_OWNER"] = owner
    store = open_store(url)
    try:
        barrier.wait(timeout=60)
        new_id = store.add_dumping({"x": SPOT[0], "y": SPOT[1], **REPORT}, who, seen_nearby=[])
        out.put((who, "ok", str(new_id)))
    except DuplicateSiteError as exc:
        out.put((who, "duplicate", ",".join(str(i) for i in exc.ids)))
    except BaseException as exc:  # reported to the parent, which fails the test
        out.put((who, type(exc).__name__, str(exc)))
    finally:
        store.close()


def _run_processes(target: Callable[..., None], args: list[tuple[Any, ...]]) -> dict[str, tuple[str, str]]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(args))
    out = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, barrier, out)) for a in args]
    # An AppTest run earlier in this worker leaves its page script as ``sys.modules["__main__"]``; a spawned child
    # would run that page as its own main module and die before reporting (``_queue.Empty`` in CI). Start the
    # children from a clean ``__main__``: they import only this module, for ``target``.
    real_main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for p in procs:
            p.start()
    finally:
        sys.modules["__main__"] = real_main
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return {who: (outcome, text) for who, outcome, text in results}


def test_two_processes_editing_one_report_on_postgis_one_conflict(pg_url: str) -> None:
    import os

    owner = os.environ["VB_DB_OWNER"]
    store = open_store(pg_url)
    try:
        report = _report(store)
        seen = edit_stamp(store.dumping(report))
        results = _run_processes(
            _process_edit, [(pg_url, owner, report, seen, who) for who in ("proces-a", "proces-b")]
        )
        outcomes = sorted(outcome for outcome, _ in results.values())
        assert outcomes == ["conflict", "ok"], results
        winner = next(who for who, (outcome, _) in results.items() if outcome == "ok")
        message = next(text for outcome, text in results.values() if outcome == "conflict")
        assert re.match(NAMED.format(id=report, who=winner), message), message
        assert store.dumping(report)["notes"] == f"van {winner}"
        assert store.dumping_history(report)["user_name"].tolist() == ["melder", winner]
    finally:
        store.close()


def test_two_processes_logging_one_spot_on_postgis_one_report(pg_url: str) -> None:
    import os

    owner = os.environ["VB_DB_OWNER"]
    results = _run_processes(_process_log, [(pg_url, owner, who) for who in ("proces-a", "proces-b", "proces-c")])
    outcomes = sorted(outcome for outcome, _ in results.values())
    assert outcomes == ["duplicate", "duplicate", "ok"], results
    new_id = next(text for outcome, text in results.values() if outcome == "ok")
    assert all(text == new_id for outcome, text in results.values() if outcome == "duplicate")
    store = open_store(pg_url)
    try:
        assert store.open_dumpings_near(*SPOT, 50)["id"].tolist() == [int(new_id)]
    finally:
        store.close()
