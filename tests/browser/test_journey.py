"""THE journey of the web app, in a real Chromium at phone size: a new person signs up,
picks regions on the map, answers the questions, sees the plan, runs the player to the
end on the page's own clock (fast-forwarded by Playwright), rates pain before and after,
and finds the session on the progress page.

The page's clock is Playwright's (`page.clock`), paused once the player is open, so
time moves only when a test says; the script's countdown, cues and steps done are
checked against `backrub.session.clock.Player`, the terminal player's clock, run through the
same moments. A plan with heat in `before` runs it first: the first journey lets it
run its time, the second skips it.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from backrub.contract.intake import parse_intake
from backrub.contract.plan import Plan, clock
from backrub.knowledge import load
from backrub.planning.planner import make_plan
from backrub.session.clock import CLOSING, STOPPED, Player
from backrub.session.cues import spoken as spoken_words
from backrub.session.cues import title
from support.browser.journeys import fill_ordinary_intake, picture, submit
from support.browser.player_journeys import (
    hidden_fields,
    listen_to_the_player,
    open_player,
    rate,
    sign_up_in_browser,
    spoken,
    start_routine,
)
from support.intakes import make_intake

pytestmark = pytest.mark.browser


class TestClock:
    """The terminal player's clock, moved by hand alongside the page's."""

    __test__ = False

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def run_for(self, page: Page, milliseconds: int) -> None:
        self.now += milliseconds / 1000
        page.clock.run_for(milliseconds)


def _plan() -> Plan:
    """A new account's plan: no history, so nothing to adapt."""
    return make_plan(parse_intake(make_intake()))


def _said(player: Player, plan: Plan, heard: list[str]) -> list[str]:
    kb = load()
    giver = make_intake()["giver"]
    heard.extend(w for event in player.poll() if (w := spoken_words(event, plan, kb, giver)))
    return heard


def _status(page: Page, plan: Plan, index: int) -> None:
    """The heading the player shows for the run's step `index` (the heat, if any, is 0)."""
    expect(page.locator("#player-status")).to_have_text(title(plan, index, load()))


def _skip_the_heat(page: Page, plan: Plan, player: Player) -> None:
    """A plan with heat in `before` starts with it: skip it, as a person may."""
    if not plan.before:
        return
    _status(page, plan, 0)
    page.get_by_role("button", name="Skip the heat").click()
    player.next()
    _status(page, plan, player.first)
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_visible()


def _pause_the_page_clock(page: Page) -> None:
    now_ms = page.evaluate("Date.now()")
    page.clock.pause_at(datetime.datetime.fromtimestamp(now_ms / 1000 + 1, datetime.UTC))


def _offset_date(iso: str, offset_minutes: str) -> str:
    moment = datetime.datetime.fromisoformat(iso)
    zone = datetime.timezone(datetime.timedelta(minutes=int(offset_minutes)))
    return moment.astimezone(zone).date().isoformat()


def test_a_new_person_runs_today_s_routine_and_sees_it_in_progress(
    page: Page, server_url: str
) -> None:
    page.clock.install()  # before any page: the page's timers are Playwright's
    listen_to_the_player(page)
    sign_up_in_browser(page, server_url)
    fill_ordinary_intake(page, server_url)  # the regions by clicking the map
    assert submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Your routine for today")
    start_routine(page)
    picture(page, "player")
    _pause_the_page_clock(page)
    plan, ours, heard = _plan(), TestClock(), []
    player = Player.for_plan(plan, ours)
    heat = sum(step.seconds for step in plan.before)
    first = plan.steps[0].seconds
    countdown, progress = page.get_by_role("timer"), page.locator("#player-progress")

    rate(page, "before", "lower_back_left", 6)
    rate(page, "before", "shoulder_right", 3)
    page.get_by_role("button", name="Start", exact=True).click()
    player.start()
    if plan.before:  # the heat runs its time, then step 1 starts
        _status(page, plan, 0)
        expect(countdown).to_have_text(clock(heat))
        expect(page.get_by_role("button", name="Skip the heat")).to_be_visible()
        ours.run_for(page, heat * 1000)
        assert spoken(page) == _said(player, plan, heard)
        assert heard[0].startswith("Before you start")

    expect(countdown).to_have_text(clock(first))
    _status(page, plan, player.first)
    name = load().techniques[plan.steps[0].technique].name.split(" (")[0].capitalize()
    expect(page.locator(".player-step:visible h3")).to_contain_text(name)
    assert page.evaluate("window.__wakeLock") == ["screen"]
    ours.run_for(page, 1000)
    expect(countdown).to_have_text(clock(first - 1))
    ours.run_for(page, 44_000)
    expect(countdown).to_have_text(clock(first - 45))
    expect(progress).to_have_attribute("value", str(heat + 45))
    expect(page.locator("#player-left")).to_have_text(clock(plan.total_seconds - 45))
    picture(page, "player-running")

    page.get_by_role("button", name="Pause").click()
    player.pause()
    ours.run_for(page, 60_000)  # a minute's pause holds the countdown and the bar
    expect(countdown).to_have_text(clock(first - 45))
    expect(progress).to_have_attribute("value", str(heat + 45))
    expect(page.get_by_text("Paused: press Resume to go on.")).to_be_visible()
    page.get_by_role("button", name="Resume").click()
    player.resume()

    ours.run_for(page, (first - 55) * 1000)
    expect(countdown).to_have_text("0:10")
    assert spoken(page)[-1] == "10 seconds left."
    ours.run_for(page, 10_000)  # step 1 ends at its deadline: step 2 starts
    expect(countdown).to_have_text(clock(plan.steps[1].seconds))
    _status(page, plan, player.first + 1)
    expect(progress).to_have_attribute("value", str(heat + first))
    assert spoken(page) == _said(player, plan, heard)

    # The lid closed on the rest: timers fire at most once, the clock catches up.
    rest = (plan.total_seconds - first) * 1000
    ours.now += rest / 1000
    page.clock.fast_forward(rest)

    expect(page.get_by_role("heading", name="After the massage")).to_be_visible()
    expect(page.get_by_text(CLOSING)).to_be_visible()
    assert spoken(page) == _said(player, plan, heard)
    assert any(words.endswith(plan.steps[0].cue) for words in heard) and heard[-1] == CLOSING
    assert page.evaluate("window.__wakeLock") == ["screen", "release"]
    sent = hidden_fields(page)
    assert sent["status"] == "completed"
    assert sent["steps_done"] == ",".join(str(n) for n in player.status().steps_done)
    assert sent["steps_done"] == ",".join(str(step.n) for step in plan.steps)  # never the heat
    started = datetime.datetime.fromisoformat(sent["started"])
    ended = datetime.datetime.fromisoformat(sent["ended"])
    assert ended - started == datetime.timedelta(seconds=heat + plan.total_seconds + 60)

    rate(page, "after", "lower_back_left", 4)
    rate(page, "after", "shoulder_right", 2)
    page.get_by_label("Anything to note?").fill("Much looser afterwards.")
    picture(page, "player-after")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/progress"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    day = _offset_date(sent["started"], sent["utc_offset"])
    expect(page.locator(f'time[datetime="{day}"]')).to_be_visible()


def test_back_next_mute_and_stop_here_keep_what_the_terminal_player_keeps(
    page: Page, server_url: str
) -> None:
    page.clock.install()
    listen_to_the_player(page)
    open_player(page, server_url)
    _pause_the_page_clock(page)
    plan, ours, heard = _plan(), TestClock(), []
    player = Player.for_plan(plan, ours)
    countdown = page.get_by_role("timer")
    rate(page, "before", "lower_back_left", 5)
    page.locator("#before-lower_back_left-5").press("Enter")  # not a way to save it as done
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/player$"))

    page.get_by_role("button", name="Start", exact=True).click()
    player.start()
    _skip_the_heat(page, plan, player)
    first, second = plan.steps[0].seconds, plan.steps[1].seconds
    ours.run_for(page, first * 3 // 4 * 1000)  # most of step 1: done
    page.get_by_role("button", name="Next", exact=True).click()
    player.next()
    expect(countdown).to_have_text(clock(second))
    ours.run_for(page, second // 6 * 1000)  # a sixth of step 2: not done
    page.get_by_role("button", name="Back").click()
    player.back()
    expect(countdown).to_have_text(clock(first))  # step 1, from its start
    _status(page, plan, player.first)
    page.get_by_role("button", name="Back").click()  # step 1 restarts: never back to the heat
    player.back()
    _status(page, plan, player.first)
    ours.run_for(page, 5_000)
    assert spoken(page) == _said(player, plan, heard)

    mute = page.get_by_role("button", name="Mute spoken cues")
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    ours.run_for(page, (first + 5) * 1000)  # the rest of step 1 and 10 s of step 2, in silence
    _said(player, plan, [])  # what the terminal would have said, unheard here
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "false")
    half = (second + 1) // 2
    ours.run_for(page, (half - 10) * 1000)  # half of step 2: done
    page.get_by_role("button", name="Stop here").click()
    player.pause()  # thinking it over pauses the clock
    expect(page.get_by_role("button", name="Yes, stop here")).to_be_focused()
    ours.run_for(page, 30_000)
    expect(countdown).to_have_text(clock(second - half))
    page.get_by_role("button", name="Go on").click()
    player.resume()
    ours.run_for(page, 1_000)
    expect(countdown).to_have_text(clock(second - half - 1))
    page.get_by_role("button", name="Stop here").click()
    player.pause()
    page.get_by_role("button", name="Yes, stop here").click()
    player.abort()

    expect(page.get_by_text(STOPPED)).to_be_visible()
    assert spoken(page) == _said(player, plan, heard)
    assert heard[-1] == STOPPED
    sent = hidden_fields(page)
    assert sent["status"] == "aborted"
    done = ",".join(str(n) for n in player.status().steps_done)
    assert sent["steps_done"] == done == f"{plan.steps[0].n},{plan.steps[1].n}"
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/progress"))
    expect(page.locator("ol.recent li").first).to_contain_text("stopped early")

    page.goto(server_url + "/player")  # the mute button remembers
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("button", name="Mute spoken cues").click()
    asked: list[str] = []  # leaving a running routine asks first
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("button", name="Mute spoken cues")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert asked == ["beforeunload"]
