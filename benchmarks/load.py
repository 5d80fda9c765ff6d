"""Load generators for the web benchmark: wrk with a Lua script, or a Python stand-in.

Both keep a target's keep-alive connections busy for a given time and report
requests per second, p50 and p99 latency and the count of errors (refused
connections, timeouts, and answers other than 2xx and 3xx). Request `i` of a
target goes to `paths[i % len]` with `bodies[i % len]`, so that a write can
change something on every request and a plan request can ask for a new plan.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass, field

THREADS = 2  # wrk's threads: the load generator's share of the machine


@dataclass(frozen=True)
class Target:
    """One endpoint: request `i` goes to `paths[i % len]` with `bodies[i % len]`."""

    name: str
    method: str
    paths: list[str]
    headers: dict[str, str] = field(default_factory=dict)
    bodies: list[str] = field(default_factory=list)
    connections: int = 64


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def lua_script(target: Target) -> str:
    headers = ", ".join(
        f"[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in target.headers.items()
    )
    return f"""
local paths = {{{", ".join(_lua_string(p) for p in target.paths)}}}
local bodies = {{{", ".join(_lua_string(b) for b in target.bodies)}}}
local headers = {{{headers}}}
local counter = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7)
  threads = threads + 1
end
function request()
  counter = counter + 1
  local i = counter + (offset or 0)
  local body = nil
  if #bodies > 0 then body = bodies[(i % #bodies) + 1] end
  return wrk.format("{target.method}", paths[(i % #paths) + 1], headers, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run_wrk(base: str, target: Target, seconds: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(target))
    try:
        threads = min(THREADS, target.connections)  # wrk wants a connection per thread
        command = ["wrk", "-t", str(threads), "-c", str(target.connections), "-d", f"{seconds}s"]
        command += ["--timeout", "5s", "-s", script.name, base]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    found = re.search(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+)$", output, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"wrk gave no result for {target.name}:\n{output}")
    requests, duration_us, p50_us, p99_us, errors = (int(g) for g in found.groups())
    return Result(requests / (duration_us / 1e6), p50_us / 1000, p99_us / 1000, errors)


async def _python_load(
    host: str, port: int, target: Target, seconds: float
) -> tuple[int, list[float], int]:
    """Keep-alive HTTP/1.1 from the target's connections; latencies in ms."""
    latencies: list[float] = []
    errors = 0
    counter = 0
    stop_at = time.perf_counter() + seconds

    def next_request() -> bytes:
        nonlocal counter
        counter += 1
        body = target.bodies[counter % len(target.bodies)].encode() if target.bodies else b""
        lines = [f"{target.method} {target.paths[counter % len(target.paths)]} HTTP/1.1"]
        lines += [f"Host: {host}:{port}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in target.headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            writer.write(next_request())
            head = await reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: *(\d+)", head)
            await reader.readexactly(int(length[1]) if length else 0)
            latencies.append((time.perf_counter() - start) * 1000)
            if not head.startswith((b"HTTP/1.1 2", b"HTTP/1.1 3")):
                errors += 1
        writer.close()

    await asyncio.gather(*(connection() for _ in range(target.connections)))
    return len(latencies), latencies, errors


def python_load_main(spec: str) -> None:
    """`load.py SPEC`: the fallback generator, in a process of its own."""
    given = json.loads(spec)
    target = Target(**given["target"])
    started = time.perf_counter()
    count, latencies, errors = asyncio.run(
        _python_load(given["host"], given["port"], target, given["seconds"])
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    p50 = latencies[len(latencies) // 2] if latencies else 0.0
    p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0.0
    print(json.dumps([count / elapsed, p50, p99, errors]))


def run_python(base: str, target: Target, seconds: int) -> Result:
    parts = urllib.parse.urlsplit(base)
    spec = {
        "host": parts.hostname,
        "port": parts.port,
        "seconds": seconds,
        "target": asdict(target),
    }
    command = [sys.executable, __file__, json.dumps(spec)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate, p50, p99, errors = json.loads(output)
    return Result(rate, p50, p99, errors)


def find_wrk() -> bool:
    """wrk on the PATH, installing Debian's package when missing and running as root."""
    if shutil.which("wrk"):
        return True
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

        def apt(*words: str) -> int:
            quiet = subprocess.DEVNULL
            return subprocess.run(
                ["apt-get", *words], env=env, stdout=quiet, stderr=quiet
            ).returncode

        if apt("install", "-y", "-q", "wrk"):  # the package lists may be missing or old
            apt("update", "-q")
            apt("install", "-y", "-q", "wrk")
    return shutil.which("wrk") is not None


if __name__ == "__main__":
    python_load_main(sys.argv[1])
