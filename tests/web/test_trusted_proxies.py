"""X-Forwarded-For is believed only from the proxies BACKRUB_TRUSTED_PROXIES names.

Issue 14: uvicorn believed it from any client on 127.0.0.1, so anyone on the machine
could give every guess a new address and never meet the per-address limit. Checked on
a real `backrub serve`, which is where uvicorn's options are set.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backrub.web.accounts.routes import ADDRESS_LIMIT
from support.served import Served

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Served]]:
    started: list[Served] = []

    def start(trusted: str) -> Served:
        monkeypatch.setenv("BACKRUB_TRUSTED_PROXIES", trusted)
        served = Served(f"sqlite:///{tmp_path / f'j{len(started)}.sqlite3'}", tmp_path)
        served.start()
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


def _guesses(url: str, count: int) -> list[int]:
    """`count` wrong sign-ins, each claiming a different forwarded address."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with browser.open(url + "/signin") as page:
        token = TOKEN.search(page.read().decode())
    assert token is not None
    statuses = []
    for n in range(count):
        form = urllib.parse.urlencode(
            {"email": f"nobody{n}@example.org", "password": "wrong", "csrf_token": token[1]}
        ).encode()
        ask = urllib.request.Request(
            url + "/signin", data=form, headers={"X-Forwarded-For": f"203.0.113.{n + 1}"}
        )
        try:
            with browser.open(ask) as answer:
                statuses.append(answer.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    return statuses


def test_a_local_client_cannot_choose_its_address(serve: Callable[[str], Served]) -> None:
    statuses = _guesses(serve("").url, ADDRESS_LIMIT + 1)
    assert statuses == [400] * ADDRESS_LIMIT + [429]


def test_a_trusted_proxy_names_the_client(serve: Callable[[str], Served]) -> None:
    statuses = _guesses(serve("127.0.0.1").url, ADDRESS_LIMIT + 1)
    assert statuses == [400] * (ADDRESS_LIMIT + 1)
