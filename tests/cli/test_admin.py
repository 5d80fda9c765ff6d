"""`backrub admin` and `backrub db`: operators' commands, through the real CLI.

Most run in-process (CliRunner, whose stdin is no terminal: the password is one
line of it); a terminal is a real pseudo-terminal around a subprocess. The
accounts made here are checked against the web app itself: the password signs
in, the printed token reads the API.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from typing import Any

import pytest
from alembic import command
from alembic.config import Config

from backrub.journal.store import MIGRATIONS, make_engine
from support.accounts import PASSWORD, app_client, sign_in
from support.cli import ok, refused, run
from support.intakes import REPO_ROOT

EMAIL = "sam@example.org"
TIMEOUT = 60


def users() -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(ok("admin", "list-users", "--json"))
    return listed


def test_a_made_account_signs_in_on_the_web_with_its_password(journal_url: str) -> None:
    assert ok("admin", "create-user", " Sam@Example.org ", input=PASSWORD + "\n") == (
        f"Added the account {EMAIL}.\n"
    )
    [user] = users()
    assert user["email"] == EMAIL and user["created"].endswith("+00:00")
    with app_client(journal_url) as client:
        assert sign_in(client, EMAIL, "wrong password!").status_code == 400
        signed_in = sign_in(client, EMAIL)
        assert signed_in.status_code == 303, signed_in.text
        me = client.get("/api/v1/me").json()
    assert me["email"] == EMAIL
    assert [person["name"] for person in me["people"]] == ["sam"]  # as signing up makes


def test_a_printed_token_reads_the_api_and_is_new_each_time(journal_url: str) -> None:
    ok("admin", "create-user", EMAIL, input=PASSWORD + "\n")
    first = ok("admin", "token", EMAIL, "--name", "backup")
    second = ok("admin", "token", EMAIL)
    assert first.count("\n") == 1 and len(first.strip()) >= 40
    assert first != second
    with app_client(journal_url) as client:
        for token in (first.strip(), second.strip()):
            answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200, answer.text
            assert answer.json()["email"] == EMAIL
        wrong = client.get("/api/v1/me", headers={"Authorization": "Bearer " + "x" * 43})
        assert wrong.status_code == 401
        client.post("/signin", data={"email": EMAIL, "password": PASSWORD})
        page = client.get("/settings/tokens").text
    assert "backup" in page and "admin" in page and first.strip() not in page


def test_list_users_as_text(journal_url: str) -> None:
    assert "No accounts yet" in ok("admin", "list-users")
    ok("admin", "create-user", "b@example.org", input=PASSWORD + "\n")
    ok("admin", "create-user", "a@example.org", input=PASSWORD + "\n")
    lines = ok("admin", "list-users").splitlines()
    assert [line.split()[0] for line in lines] == ["b@example.org", "a@example.org"]
    assert all(line.endswith(" UTC") for line in lines)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create-user", "sam"], PASSWORD, "backrub: EMAIL: expected an email address"),
        (["create-user", EMAIL], "", "backrub: password: expected the password on one line"),
        (["create-user", EMAIL], "\n", "backrub: password: expected the password on one line"),
        (["create-user", EMAIL], "short", "backrub: password: expected at least 10 characters"),
        (["create-user", EMAIL], "1234567890", "backrub: password: that password is on a list"),
        (["token", "nobody@example.org"], None, "backrub: EMAIL: no account with the email"),
    ],
    ids=[
        "not-an-email",
        "empty-stdin",
        "empty-line",
        "short-password",
        "common-password",
        "unknown-email",
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    journal_url: str, args: list[str], stdin: str | None, message: str
) -> None:
    assert refused("admin", *args, input=stdin).startswith(message)
    assert users() == []


def test_a_taken_email_or_a_bad_token_name_is_refused(journal_url: str) -> None:
    ok("admin", "create-user", EMAIL, input=PASSWORD + "\n")
    taken = refused("admin", "create-user", EMAIL.upper(), input="another password\n")
    assert taken == "backrub: EMAIL: an account with this email already exists\n"
    assert refused("admin", "token", EMAIL, "--name", " ").startswith("backrub: --name: ")
    assert len(users()) == 1


def test_the_password_is_never_an_argument(journal_url: str) -> None:
    """Arguments show in `ps` and in shell history: there is no way to give one there."""
    help_text = ok("admin", "create-user", "--help")
    assert "--password" not in help_text and "stdin" in help_text
    for args in ([EMAIL, PASSWORD], [EMAIL, "--password", PASSWORD]):
        result = run("admin", "create-user", *args, input="")
        assert result.exit_code == 2
        assert PASSWORD not in result.stdout
    assert users() == []


def _read_until(fd: int, wanted: bytes, seen: bytes = b"") -> bytes:
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], TIMEOUT)
        assert ready, f"no {wanted!r} from the terminal; got {seen!r}"
        seen += os.read(fd, 1024)
    return seen


def _on_a_terminal(args: list[str], answers: list[str]) -> tuple[int, str]:
    """Run backrub on a pseudo-terminal of its own, answering each prompt in turn; its
    exit status and everything the terminal showed."""
    main, child_end = os.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "backrub", *args],
        stdin=child_end,
        stdout=child_end,
        stderr=child_end,
        cwd=REPO_ROOT,
        start_new_session=True,  # no controlling terminal: getpass uses this one
    )
    os.close(child_end)
    shown = b""
    try:
        for answer in answers:
            shown = _read_until(main, b": ", shown)
            os.write(main, answer.encode() + b"\n")
            shown = shown.replace(b": ", b":_", 1)  # the next prompt is a new one
        while True:
            ready, _, _ = select.select([main], [], [], TIMEOUT)
            try:
                chunk = os.read(main, 1024) if ready else b""
            except OSError:  # EIO: the child has gone and closed its end
                break
            if not chunk:
                break
            shown += chunk
        return child.wait(timeout=TIMEOUT), shown.decode()
    finally:
        child.kill()
        child.wait(timeout=TIMEOUT)
        os.close(main)


def test_at_a_terminal_the_password_is_asked_twice_and_never_shown(journal_url: str) -> None:
    status, shown = _on_a_terminal(["admin", "create-user", EMAIL], [PASSWORD, PASSWORD])
    assert status == 0, shown
    assert "Password" in shown and "again" in shown and f"Added the account {EMAIL}." in shown
    assert PASSWORD not in shown
    status, shown = _on_a_terminal(
        ["admin", "create-user", "alex@example.org"], [PASSWORD, "something else"]
    )
    assert status == 2 and "backrub: password: the two passwords differ" in shown
    assert [user["email"] for user in users()] == [EMAIL]


def test_the_admin_commands_do_not_load_the_web_stack(journal_url: str) -> None:
    found = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "backrub", "admin", "create-user", EMAIL],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=TIMEOUT,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in found.stderr.splitlines()}
    assert "backrub.journal.credentials" in imported
    assert not {"fastapi", "starlette", "backrub.web"} & imported


def test_db_upgrade_says_from_which_revision_to_which(journal_url: str) -> None:
    config = _alembic_config()
    engine = make_engine(journal_url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0002")
    finally:
        engine.dispose()
    head = _head(config)
    said = ok("db", "upgrade")
    assert said.startswith("Upgraded the journal at ")
    assert said.endswith(f" from revision 0002 to revision {head}.\n")
    assert ok("db", "upgrade").endswith(f" is already at revision {head}.\n")


def test_db_upgrade_on_an_empty_database(journal_url: str) -> None:
    head = _head(_alembic_config())
    assert ok("db", "upgrade").endswith(f" from an empty database to revision {head}.\n")
    ok("admin", "create-user", EMAIL, input=PASSWORD + "\n")  # the schema is all there


def test_db_upgrade_refuses_a_url_it_cannot_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKRUB_DATABASE_URL", "nosuchdatabase://x")
    assert refused("db", "upgrade").startswith("backrub: BACKRUB_DATABASE_URL: ")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _head(config: Config) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
