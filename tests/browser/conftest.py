"""Fixtures of the browser tests: one Chromium for the session, a fresh context (cookies, local
storage) for every user, and the demo county built by `seed_demo` behind pytest-django's live server."""

import os

import pytest

from .support import CHROMIUM, DESKTOP, LAUNCH_ARGS

DEMO_PASSWORD = "portal-demo-2026"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an asyncio loop running on the main thread while it is started, and
    Django then refuses ORM calls there ("SynchronousOnlyOperation"). These tests are plain synchronous
    code, so the guard is lifted for exactly as long as Playwright runs (module scope: not for the
    rest of the suite)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    """`new_page(viewport)`: a page in a new browser context, i.e. a new visitor with no cookies."""
    contexts = []

    def make(viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def demo(live_server, demo_county):
    """The demo county (`seed_demo`: users clerk/reviewer/signer/office, ~400 records), served live
    (committed: the live server's transactional tests flush it afterwards)."""
    return live_server


def log_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def login():
    return log_in

