"""`make audit` (part of `make lint`): pip-audit over the installed packages.

A known vulnerability in any installed package fails the run. pip-audit asks PyPI's
JSON API about each package; where that cannot be reached (a registry mirror that
serves only the package files, as on this project's build machines), pip-audit skips
every package and still says "No known vulnerabilities found". This script says
plainly how many packages were really audited, so a skipped audit never reads as a
clean one, and it does not fail the build for a service it could not reach (or a run
that could not finish); it fails it for a vulnerability found.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
TIME_LIMIT = 180  # seconds: a network that drops packets must not hold up the build


def main() -> int:
    command = [str(PIP_AUDIT), "--progress-spinner", "off", "--skip-editable"]
    command += ["--timeout", "10", "--format", "json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIME_LIMIT)
        report = json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        why = "it took too long" if isinstance(error, subprocess.TimeoutExpired) else ""
        why = why or (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        print(f"pip-audit could not audit ({why}); nothing known, nothing checked")
        return 0
    packages = report.get("dependencies", [])
    audited = [p for p in packages if "skip_reason" not in p]
    vulnerable = [p for p in audited if p.get("vulns")]
    for package in vulnerable:
        ids = ", ".join(v["id"] for v in package["vulns"])
        print(f"pip-audit: {package['name']} {package['version']}: {ids}")
    if vulnerable:
        return 1
    if not audited:
        print(
            f"pip-audit: none of the {len(packages)} packages could be audited (PyPI's "
            "vulnerability data is not reachable from here); nothing known, nothing checked"
        )
        return 0
    skipped = len(packages) - len(audited)
    print(f"pip-audit: {len(audited)} packages audited, no known vulnerability; {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
