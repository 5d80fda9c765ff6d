"""An account for the web benchmark, made the way a user or an operator makes one.

The account and its personal access token come from `backrub admin create-user`
and `backrub admin token` where the measured checkout has them, else from the
sign-up and token pages as a browser fills them in. The person and their
history come from `backrub demo` in a scratch journal, written out by `backrub
export` and added to the account through `POST /api/v1/import`. Nothing here
imports backrub, so the same steps seed an older checkout (`run.py --root`).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tree import Tree

EMAIL = "bench@backrub.example"
DEMO_WEEKS = 150  # about 330 sessions
LEAST_SESSIONS = 300
TOKEN = re.compile(r"[A-Za-z0-9_-]{40,}")


@dataclass(frozen=True)
class Seeded:
    person_id: str
    session_ids: list[str]  # every session of the person, for writes spread over many rows
    token: str
    password: str  # the account's, for a browser's sign-in (`make load`'s pages)


def seed(tree: Tree, base: str, env: dict[str, str], scratch: Path) -> Seeded:
    """An account with a token and a person with at least LEAST_SESSIONS sessions.

    `base` is the running server, `env` its BACKRUB_* settings (the CLI's journal is
    the server's), `scratch` a folder for the demo journal."""
    password = secrets.token_urlsafe(16)
    token = admin_token(tree, env, password) if has_admin(tree) else browser_token(base, password)
    document = join_own_person(base, token, demo_journal(tree, scratch))
    person = json.loads(document)["people"][0]
    sessions = [session["id"] for session in person["sessions"]]
    if len(sessions) < LEAST_SESSIONS:
        raise RuntimeError(f"backrub demo made {len(sessions)} sessions, not {LEAST_SESSIONS}")
    request = urllib.request.Request(
        base + "/api/v1/import",
        data=document,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=120).close()
    return Seeded(person["id"], sessions, token, password)


def join_own_person(base: str, token: str, document: bytes) -> bytes:
    """The demo person under the id of the account's own person, when it has one, so
    that the import fills the person its pages show (`make load` measures them)."""
    request = urllib.request.Request(
        base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        people = json.loads(answer.read()).get("people", [])
    if not people:
        return document
    journal = json.loads(document)
    journal["people"][0]["id"] = people[0]["id"]
    return json.dumps(journal).encode()


def _backrub(tree: Tree, env: dict[str, str], *words: str, given: str = "") -> str:
    """The measured checkout's `backrub WORDS`, its output; RuntimeError naming it on failure."""
    done = subprocess.run(
        [str(tree.backrub), *words],
        input=given,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"backrub {' '.join(words)}: {done.stderr.strip() or done.stdout}")
    return done.stdout


def demo_journal(tree: Tree, scratch: Path) -> bytes:
    """The `backrub.journal/1` document of a demo person with DEMO_WEEKS of history."""
    env = {"BACKRUB_DATABASE_URL": f"sqlite:///{scratch / 'demo.sqlite3'}"}
    _backrub(tree, env, "demo", "--weeks", str(DEMO_WEEKS))
    return _backrub(tree, env, "export", "--format", "json", "--person", "demo").encode()


def has_admin(tree: Tree) -> bool:
    """Whether the checkout has the operators' commands (`backrub admin`)."""
    done = subprocess.run([str(tree.backrub), "admin", "--help"], capture_output=True)
    return done.returncode == 0


def admin_token(tree: Tree, env: dict[str, str], password: str) -> str:
    """`backrub admin create-user` (the password on stdin), then `backrub admin token`."""
    _backrub(tree, env, "admin", "create-user", EMAIL, given=f"{password}\n")
    found = TOKEN.findall(_backrub(tree, env, "admin", "token", EMAIL, "--name", "bench"))
    if len(found) != 1:
        raise RuntimeError("backrub admin token printed no token")
    return found[0]


class Browser:
    """Just enough of a browser for two forms: cookies kept by name, redirects not followed."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> str:
        """The answer's text; RuntimeError unless it is a 2xx or a 303."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for cookie in response.headers.get_all("set-cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        if not (200 <= response.status < 300 or response.status == 303):
            raise RuntimeError(f"{method} {path} answered {response.status}: {text[:200]}")
        return text

    def fill(self, path: str, action: str, fields: dict[str, str]) -> str:
        """Open the page at `path` and send its form to `action` with its CSRF token."""
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.send("GET", path))
        if found is None:
            raise RuntimeError(f"GET {path} has no CSRF field")
        return self.send("POST", action, {**fields, "csrf_token": found[1]})


def browser_token(base: str, password: str) -> str:
    """Sign up on the web pages, then make a token on the settings page, as a person would."""
    browser = Browser(base)
    account = {"email": EMAIL, "name": "bench", "password": password, "confirm": password}
    browser.fill("/signup", "/signup", {**account, "intake": ""})
    page = browser.fill("/settings/tokens", "/settings/tokens", {"name": "bench"})
    found = re.search(r'<code class="token">([^<]+)</code>', page)
    if found is None:
        raise RuntimeError("the token page showed no new token")
    return found[1]
