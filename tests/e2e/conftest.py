"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One browser serves the whole session; every test opens its own contexts, so cookies never
leak between tests. Screenshots go to .local/e2e/<test>/, and a trace of every context a
test opened is saved there when the test fails (open it with `playwright show-trace`).
"""

import os
import re
import shutil
from pathlib import Path

import pgtrigger
import pytest

from tests.e2e.browser import Browser
from tests.e2e.scenario import ensure_reference_data
from tests.personas import make_personas

# Playwright's sync API keeps an asyncio loop in the test thread, and Django refuses ORM calls
# from a thread with a running loop. The calls here are synchronous on purpose: the test
# thread sets up data while the live server answers the browser from its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS_ROOT = E2E_DIR.parents[1] / ".local" / "e2e"
CHROMIUM_ARGS = [
    # CI and this machine run as root, where Chromium's sandbox cannot start.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENABLE_HINT = "browser tests skipped: no Chromium found (enable them: apt-get install chromium)"
CALL_FAILED = pytest.StashKey[bool]()


def find_chromium() -> str | None:
    configured = os.environ.get("E2E_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM = find_chromium()
# In CI a missing browser is a failure (the launch fixture fails), never a quiet skip.
SKIP_ALL = CHROMIUM is None and os.environ.get("CI", "").lower() != "true"
SKIP_LOCATION = (str(Path(__file__)), None, f"Skipped: {ENABLE_HINT}")


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if SKIP_ALL:
                item.add_marker(pytest.mark.skip(reason=ENABLE_HINT))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    if SKIP_ALL and report.skipped and E2E_DIR in Path(item.fspath).parents:
        # One location for every browser test, so the summary folds them into one line.
        report.longrepr = SKIP_LOCATION
    return report


def _truncate_guards() -> list[str]:
    """Triggers that refuse TRUNCATE (the audit log's), as pgtrigger URIs."""
    return [
        trigger.get_uri(model)
        for model, trigger in pgtrigger.registered()
        if "TRUNCATE" in str(trigger.operation)
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The live server needs committed data, so each browser test ends with a flush of every
    table. The flush may empty the append-only audit log of test data, and only there."""
    if E2E_DIR not in Path(item.fspath).parents:
        return (yield)
    with pgtrigger.ignore(*_truncate_guards()):
        return (yield)


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig):
    """Overrides pytest-playwright's launch options: Debian's Chromium, not a downloaded one."""
    if CHROMIUM is None:
        pytest.fail("CI needs Chromium for the browser tests: apt-get install chromium")
    return {
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": not pytestconfig.getoption("--headed"),
    }


@pytest.fixture
def artifacts_dir(request) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    folder = ARTIFACTS_ROOT / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def personas(transactional_db):
    """The usual personas, committed so that the live server's thread sees them."""
    ensure_reference_data()
    return make_personas()


@pytest.fixture
def ui(request, browser, live_server, artifacts_dir):
    session = Browser(browser=browser, base_url=live_server.url, artifacts=artifacts_dir)
    yield session
    session.close(failed=request.node.stash.get(CALL_FAILED, True))
