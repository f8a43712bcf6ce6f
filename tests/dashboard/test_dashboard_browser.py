"""End to end: `mlcurate dashboard` serves the coverage page to a real headless Chromium."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
# Among the largest languages of the bundled sample, so within the first rows the grid draws.
LANGUAGES = ("eng_Latn", "zho_Hans", "roh_Latn", "hau_Latn")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium: apt-get install -y chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mlcurate dashboard exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"dashboard did not listen on {port} within {timeout}s")


@pytest.fixture
def dashboard_url(quickstart_ws):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen([sys.executable, "-m", "curation.cli", "dashboard", "--workspace", str(quickstart_ws),
                             "--port", str(port)], cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_coverage_page_renders_in_chromium(dashboard_url, quickstart_ws, tmp_path):
    from playwright.sync_api import sync_playwright

    from curation.store import Workspace

    with Workspace(quickstart_ws).connect(read_only=True) as con:
        eng_tokens = con.execute("SELECT tokens FROM coverage WHERE code = 'eng_Latn'").fetchone()[0]
    assert eng_tokens > 0

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(dashboard_url)
            page.get_by_role("heading", name="Coverage").wait_for(timeout=60_000)
            page.get_by_text("languages with data").wait_for(timeout=60_000)
            # st.dataframe draws on a canvas; its cells exist as hidden grid cells.
            for code in LANGUAGES:
                page.locator("[role=gridcell]", has_text=code).first.wait_for(state="attached", timeout=60_000)
            # Tokens per language beside samples and characters: the column and English's count
            # (from the quickstart's `tokens` stage) are in the grid.
            page.locator("[role=columnheader]", has_text="tokens").first.wait_for(state="attached", timeout=60_000)
            page.locator("[role=gridcell]", has_text=str(eng_tokens)).first.wait_for(state="attached", timeout=60_000)
            page.wait_for_timeout(500)
            shot = tmp_path / "coverage.png"
            page.screenshot(path=str(shot), full_page=True)
            # A small language, further down, appears once the search box filters the table.
            page.get_by_label("search code or name").fill("yoruba")
            page.keyboard.press("Enter")
            page.locator("[role=gridcell]", has_text="yor_Latn").first.wait_for(state="attached", timeout=60_000)
            # The programming-languages tab: 40+ languages found by content in the bundled code
            # (only visible grid rows exist in the page: check one near the top).
            page.get_by_role("tab", name="Programming languages").click()
            caption = page.get_by_text("programming languages have data")
            caption.wait_for(timeout=60_000)
            assert int(caption.inner_text().split()[0]) >= 40
            page.locator("[role=gridcell]", has_text="cmake").first.wait_for(state="attached", timeout=60_000)
            page.screenshot(path=str(tmp_path / "programming.png"), full_page=True)
            # The Quality page has a section for every filter stage, semantic dedup included.
            page.get_by_role("link", name="Quality").click()
            page.get_by_role("heading", name="Semantic deduplication").wait_for(timeout=60_000)
            # The Quality page lists every mining filter, the reranker's and the positive-rank check included.
            mining = page.get_by_role("heading", name="Mining filters: candidates removed and samples flagged")
            mining.wait_for(timeout=60_000)
            mining.scroll_into_view_if_needed()  # the grid draws its cells once it is in the viewport
            page.mouse.wheel(0, 400)
            for reason in ("other_positive", "rerank", "positive_rank"):
                page.locator("[role=gridcell]", has_text=reason).first.wait_for(state="attached", timeout=60_000)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
