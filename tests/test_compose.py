"""compose.yaml: two app servers behind nginx on one PostgreSQL (docs/scaling.md).

The file's shape is checked everywhere; bringing it up needs a Docker engine with the
compose plugin, which this project's build machines lack (a Docker client only), so
that smoke test says so and skips there.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "compose.yaml"
NGINX = ROOT / "deploy" / "nginx.conf"


def _services() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())["services"]
    return services


def test_two_app_servers_share_one_database_and_one_secret() -> None:
    services = _services()
    apps = [services["app1"], services["app2"]]
    assert apps[0] == apps[1]
    environment = apps[0]["environment"]
    assert environment["BACKRUB_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:" in environment["BACKRUB_DATABASE_URL"]
    assert environment["BACKRUB_ENVIRONMENT"] == "production"
    assert "BACKRUB_SECRET_KEY:?" in environment["BACKRUB_SECRET_KEY"]  # required, never a default
    assert "--workers" in apps[0]["command"]
    assert apps[0]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["backrub", "db", "upgrade"]
    assert "healthcheck" in services["db"]


def test_only_the_proxy_is_published_and_it_reaches_both_servers() -> None:
    services = _services()
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["proxy"]
    config = NGINX.read_text()
    assert re.findall(r"server (app\d):8000", config) == ["app1", "app2"]
    assert "proxy_set_header X-Forwarded-For $remote_addr" in config  # the app trusts it
    assert services["app1"]["environment"]["BACKRUB_TRUSTED_PROXIES"]


def _docker_compose_works() -> str | None:
    """Why the smoke test cannot run here, or None when it can."""
    if shutil.which("docker") is None:
        return "no docker command"
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode:
        return "no docker compose plugin"
    if subprocess.run(["docker", "info"], capture_output=True).returncode:
        return "no Docker engine running"
    return None


def test_compose_up_answers_through_the_proxy() -> None:
    missing = _docker_compose_works()
    if missing:
        pytest.skip(f"compose smoke test needs Docker with compose: {missing}")
    env = {**os.environ, "BACKRUB_SECRET_KEY": secrets.token_urlsafe(32)}
    compose = ["docker", "compose", "-f", str(COMPOSE), "-p", "backrub-smoke"]
    subprocess.run([*compose, "up", "-d", "--build", "--wait"], env=env, check=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen("http://127.0.0.1:8080/readyz", timeout=2) as ready:
                    assert ready.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        for _ in range(4):  # least_conn spreads these over both servers
            with urllib.request.urlopen("http://127.0.0.1:8080/guides", timeout=5) as page:
                assert page.status == 200
    finally:
        subprocess.run([*compose, "down", "-v"], env=env, check=False)
