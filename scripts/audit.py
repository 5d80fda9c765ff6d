"""`make audit` (part of `make lint`): pip-audit over the installed packages.

A known vulnerability in any installed package fails the run. pip-audit asks PyPI's
JSON API about each package; where that cannot be reached (a registry mirror that
serves only the package files, as on this project's build machines), pip-audit skips
every package and still says "No known vulnerabilities found". This script says
plainly how many packages were really audited, so a skipped audit never reads as a
clean one, and it does not fail the build for a service it could not reach.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    done = subprocess.run(
        [str(PIP_AUDIT), "--progress-spinner", "off", "--skip-editable", "--format", "json"],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return 1
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
