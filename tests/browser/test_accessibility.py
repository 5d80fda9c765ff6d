"""axe-core on every page: no serious or critical accessibility violations.

axe comes from the npm registry, vendored next to htmx (static/vendor/README.md).
The pages' Content-Security-Policy forbids inline scripts, so Playwright's
`add_script_tag` (an inline <script>) is refused; `page.evaluate` runs the file
through the DevTools protocol instead, which the CSP does not govern. So the
pages keep their real CSP during the check (no `bypass_csp`), and axe is never
served by the app nor named in any page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from support.browser.all_pages import PAGES

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[2] / "src" / "backrub" / "web" / "static" / "vendor"
BLOCKING = ("serious", "critical")


def axe_source() -> str:
    (script,) = VENDOR.glob("axe-*.min.js")  # one version at a time, its number in the name
    return script.read_text(encoding="utf-8")


def describe(violation: dict[str, Any]) -> str:
    """One line per violation: impact, rule, what it wants, and up to five elements."""
    nodes = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} at {nodes}"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_problems(page: Page, server_url: str, name: str) -> None:
    PAGES[name](page, server_url)
    page.evaluate(axe_source())

    results = page.evaluate("axe.run()")

    assert results["passes"], "axe checked nothing"
    violations = results["violations"]
    serious = [v for v in violations if v["impact"] in BLOCKING]
    assert not serious, f"axe on {name} ({page.url}); every violation, for information:\n" + (
        "\n".join(describe(v) for v in violations)
    )
