"""The TUI survives the database: a held lock and a full disk, with real keys on real files.

The lock is held by another connection this test controls (`BEGIN IMMEDIATE`),
the disk is a real tmpfs of 400 KB filled to the last byte; the test waits on
what the screen shows, never on a clock.
"""

from __future__ import annotations

import asyncio
import sqlite3


from hpquiz.commands.tui import exit_code
from tests.faults.disks import fill_disk, tiny_disk
from tests.tui.tui_helpers import SIZE, reviews_in, run, study_deck, text_of


def notes(app) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


async def until(condition, seconds: float = 20.0) -> None:
    """Let the app run until `condition()` holds (failing after `seconds`, which is far more than needed)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the screen never got there")


def test_an_answer_waits_for_another_programs_lock_and_is_saved_once_it_is_released(make_app, db_path, locker):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space")
            locker.execute("BEGIN IMMEDIATE")
            await pilot.press("3")
            await until(lambda: any("Waiting for another program using" in n for n in notes(app)))
            assert "size of each gradient-descent step" in text_of(app, "#card-answer")  # still on screen
            await pilot.press("4")  # ignored while the answer waits
            locker.execute("COMMIT")
            await until(lambda: not app.screen.saver.busy)
            await pilot.pause()
            assert reviews_in(db_path) == [("lr-what", 3)]
            assert "running […]" in text_of(app, "#card-question")

    run(scenario)


def test_a_lock_held_too_long_gives_up_saying_nothing_was_saved_and_the_same_key_retries(make_app, db_path, locker):
    app = make_app(start="study", decks=[study_deck()])
    app.ctx.busy_limit = 1.0

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("space")
            locker.execute("BEGIN IMMEDIATE")
            await pilot.press("3")
            await until(lambda: any("Nothing of this answer was saved" in n for n in notes(app)))
            assert any("locked for 1 s" in n and "Press the same key to try again, or q to quit" in n
                       for n in notes(app))
            assert "size of each gradient-descent step" in text_of(app, "#card-answer")
            assert app.is_running
            locker.execute("ROLLBACK")
            await pilot.press("3")
            await until(lambda: not app.screen.saver.busy)
            assert reviews_in(db_path) == [("lr-what", 3)]

    run(scenario)
    assert exit_code(app) == 0


def test_a_full_disk_keeps_the_answer_on_screen_and_it_is_saved_once_there_is_room(make_app, tmp_path):
    with tiny_disk(tmp_path) as disk:
        db = disk / "progress.sqlite3"
        app = make_app(start="study", decks=[study_deck()], db=db)
        app.ctx.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the next answer must grow the journal
        filler = fill_disk(disk)

        async def scenario():
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("space", "3")
                await until(lambda: any("the disk is full" in n for n in notes(app)))
                assert any("Nothing of this answer was saved" in n for n in notes(app))
                assert "size of each gradient-descent step" in text_of(app, "#card-answer")
                filler.unlink()
                await pilot.press("3")
                await until(lambda: not app.screen.saver.busy)
                await pilot.pause()
                assert "running […]" in text_of(app, "#card-question")

        run(scenario)
        assert exit_code(app) == 0
        app.ctx.close()
        assert reviews_in(db) == [("lr-what", 3)]


def test_an_unhandled_error_makes_the_app_exit_non_zero(make_app):
    app = make_app(start="study", decks=[study_deck()])

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            app.ctx.store.db.conn.close()  # every later call on it raises sqlite3.ProgrammingError
            await pilot.press("space", "3")
            await pilot.pause()

    try:
        run(scenario)
    except Exception:  # the pilot re-raises the app's error; the exit code is what a shell sees
        pass
    assert exit_code(app) == 1


def test_start_up_behind_a_held_lock_says_so_at_once_and_gives_up_after_the_bounded_wait(tmp_path):
    import subprocess
    import sys
    import time

    from hpquiz.store import Store

    db = tmp_path / "progress.sqlite3"
    Store.open(db).close()
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with subprocess.Popen([sys.executable, "-m", "hpquiz.cli", "--db", str(db), "study"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as proc:
            first = proc.stderr.readline()
            assert proc.poll() is None  # told while still waiting, not after
            assert first == f"hpquiz: waiting for another program using {db} (up to 5 s)…\n"
            rest = proc.stderr.read()
            assert proc.wait(timeout=60) == 1
        assert time.monotonic() - started < 30
        assert rest.count("\n") == 1 and "another program kept" in rest and "locked for 5 s" in rest
        assert "Traceback" not in rest
    finally:
        locker.close()


def test_a_setting_typed_while_another_program_holds_the_lock_is_kept_in_the_box_and_enter_saves_it(make_app, db_path, locker):
    from hpquiz.settings import Settings
    from hpquiz.store import Store

    app = make_app()
    app.ctx.busy_limit = 1.0

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            locker.execute("BEGIN IMMEDIATE")
            await pilot.press("enter", *"7", "enter")  # new-per-day, the first row
            await until(lambda: any("Nothing of this setting was saved" in n for n in notes(app)))
            assert any("Press enter to try again, or q to quit" in n for n in notes(app))
            assert app.screen.query_one("#settings-input").value == "7"  # what was typed is still there
            locker.execute("ROLLBACK")
            await pilot.press("enter")
            await until(lambda: "Saved: new-per-day = 7" in text_of(app, "#settings-status"))

    run(scenario)
    with Store.open(db_path) as store:
        assert Settings.load(store).deck_options("basics").new_per_day == 7


def test_a_theme_picked_while_the_database_is_locked_still_applies_and_says_it_was_not_kept(make_app, db_path, locker):
    app = make_app()
    app.ctx.store.busy_timeout = 0.2

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            locker.execute("BEGIN IMMEDIATE")
            app.theme = "nord"  # what the palette's Theme command does
            await until(lambda: any("Theme not saved" in n for n in notes(app)))
            assert app.is_running and app.theme == "nord"
            locker.execute("ROLLBACK")

    run(scenario)
    assert exit_code(app) == 0
