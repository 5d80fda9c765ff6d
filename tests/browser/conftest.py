"""Fixtures for the browser tests: a real server, one Chromium, a phone-sized page.

`server_url` runs `python -m backrub serve` in a subprocess on a free port, on a
temporary SQLite journal, for the whole session. `browser` is Debian's Chromium
(`/usr/bin/chromium`) driven by Playwright for Python; Playwright's own browser
download cannot work here, so `playwright install` is never needed. Without
Chromium every browser test fails (never skips) with a message saying to install it.

`page` is a fresh browser context per test (no cookies or storage shared between
tests) at phone size, and fails the test on any console error or uncaught script
error, which is how a Content-Security-Policy violation shows up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from support.browser.phone import open_phone_page
from support.browser.servers import SERVER_JOURNALS
from support.databases import sqlite_file_url

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError as error:
    raise ImportError(
        "the browser tests need Playwright for Python: pip install -e '.[test]' "
        "(or pip install 'playwright>=1.44'); never `playwright install`, they use "
        "Debian's chromium"
    ) from error

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SERVER_START_SECONDS = 20
SERVER_LOG = pytest.StashKey[Path]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed browser test's report ends with the server's log (its tracebacks)."""
    report: pytest.TestReport = yield
    log = item.config.stash.get(SERVER_LOG, None)
    if report.failed and log is not None and log.exists():
        report.sections.append(("backrub serve log", log.read_text(errors="replace")[-8000:]))
    return report


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"backrub serve exited with status {server.returncode} before answering:\n"
                + log.read_text(errors="replace")
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    pytest.fail(
        f"backrub serve did not answer {url} within {SERVER_START_SECONDS} s:\n"
        + log.read_text(errors="replace")
    )


@pytest.fixture(scope="session")
def server_url(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[str]:
    """The address of a real `backrub serve` on a free port, with an empty SQLite journal."""
    folder = tmp_path_factory.mktemp("browser-server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    SERVER_JOURNALS[url] = sqlite_file_url(folder)  # for `backrub admin` in a test
    env.update(
        BACKRUB_DATABASE_URL=SERVER_JOURNALS[url],
        BACKRUB_ENVIRONMENT="development",
        BACKRUB_SIGNUPS_PER_HOUR="100000",  # every test's accounts come from 127.0.0.1
        BACKRUB_BASE_URL=url,
    )
    log = folder / "server.log"
    pytestconfig.stash[SERVER_LOG] = log
    command = [sys.executable, "-m", "backrub", "serve", "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(url + "/", server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session: Debian's package, not Playwright's."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it "
            "with `apt-get install -y chromium` (CI's .ci/run does); do not run "
            "`playwright install`, its download cannot work here."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new phone-sized page in a context of its own; fails on console or script errors."""
    yield from open_phone_page(browser)
