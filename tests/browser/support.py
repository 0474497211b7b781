"""Helpers for the browser tests: where Chromium is, how to launch it, screenshots, axe-core, overflow.

Imported by the root conftest (to skip or fail `browser` tests), so nothing here imports Playwright
at module level.
"""

import functools
import importlib.util
import os
import shutil
from pathlib import Path

from django.conf import settings

# Debian's chromium package: Playwright's own browser download cannot run here (nor in CI).
CHROMIUM = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}



def screenshot_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "screenshots"

# axe-core, vendored for the tests only (version and licence: vendor/README.md).
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def browser_missing() -> str | None:
    """Why browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "needs the playwright package (pip install -e '.[test]')"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium, or set PORTAL_CHROMIUM)"
    return None


def screenshots_wanted() -> bool:
    """Screenshots are for people to look at (`make screenshots`), not checks: encoding a full-page PNG
    costs about as much as loading the page, so the suite takes none unless PORTAL_SCREENSHOTS=1."""
    return os.environ.get("PORTAL_SCREENSHOTS") == "1"


def screenshot(page, name: str, *, full_page: bool = True) -> Path | None:
    """A PNG (full-page unless told) in var/screenshots/, named after the page and the viewport width,
    when screenshots are wanted (`screenshots_wanted`)."""
    if not screenshots_wanted():
        return None
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def horizontal_overflow(page) -> list[str]:
    """Elements that stick out to the right of the viewport (empty when there is no horizontal scrollbar)."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return [];
          const width = root.clientWidth, out = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (box.width > 0 && (box.right > width + 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')) {
              out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}: ${(el.textContent || '').trim().slice(0, 40)}`);
            }
          }
          return [`scrollWidth ${root.scrollWidth} > ${width}`, ...out.slice(0, 10)];
        }"""
    )


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")  # ~0.5 MB, read once per test process


def axe_violations(page, *, rules: dict | None = None) -> list[dict]:
    """Run the vendored axe-core on the page; the violations of impact serious or critical."""
    # Evaluated through the DevTools protocol, not added as an inline <script> the page's CSP would block.
    page.evaluate(_axe_source())
    options = {"resultTypes": ["violations"]}
    if rules:
        options["rules"] = rules
    result = page.evaluate("options => axe.run(document, options)", options)
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)
