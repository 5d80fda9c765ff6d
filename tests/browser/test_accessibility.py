"""axe-core on every page, on a phone and on a desktop: no violations, and (the page
fixture's own check) no console error, which is how a CSP violation shows.

axe comes from the npm registry, vendored next to htmx (static/vendor/README.md).
The pages' Content-Security-Policy forbids inline scripts, so Playwright's
`add_script_tag` (an inline <script>) is refused; `page.evaluate` runs the file
through the DevTools protocol instead, which the CSP does not govern. So the
pages keep their real CSP during the check (no `bypass_csp`), and axe is never
served by the app nor named in any page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from support.browser.all_pages import PAGES
from support.browser.phone import DESKTOP, PHONE, open_phone_page

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[2] / "src" / "backrub" / "web" / "static" / "vendor"
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def axe_source() -> str:
    (script,) = VENDOR.glob("axe-*.min.js")  # one version at a time, its number in the name
    return script.read_text(encoding="utf-8")


def describe(violation: dict[str, Any]) -> str:
    """One line per violation: impact, rule, what it wants, and up to five elements."""
    nodes = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} at {nodes}"


@pytest.fixture(params=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at phone or desktop size; fails on console or script errors."""
    yield from open_phone_page(browser, **SIZES[request.param])


@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_problems(sized_page: Page, server_url: str, name: str) -> None:
    page = sized_page
    PAGES[name](page, server_url)
    page.evaluate(axe_source())

    results = page.evaluate("axe.run()")

    assert results["passes"], "axe checked nothing"
    violations = results["violations"]
    assert not violations, f"axe on {name} ({page.url}):\n" + (
        "\n".join(describe(v) for v in violations)
    )
