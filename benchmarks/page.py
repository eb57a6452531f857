"""The planner page in headless Chromium: boot and paint times, bytes transferred.

Prints, side by side from one run (medians of N runs each):
- bare Pyodide boot (loadPyodide alone, the same runtime files, main thread);
- this page's time from navigation to a computed agenda (Python in a worker, with our wheels);
- time to first paint of the saved agenda on a return visit (from localStorage, before Python);
- bytes transferred (response bodies, as the server counts them) on a cold visit (new
  profile, the offline copy included) and a warm one (same profile: the browser revalidates
  its HTTP cache; the offline copy answers only without a connection).

Not a test. Run: .venv/bin/python benchmarks/page.py [--runs N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import launch as launch_chromium  # noqa: E402
from chromium import new_profile  # noqa: E402
from site_build import build  # noqa: E402
from static_server import serve  # noqa: E402

BARE = """<!doctype html><meta charset="utf-8"><title>bare</title>
<script type="module">
import { loadPyodide } from "./planner/runtime/pyodide.mjs";
const t0 = performance.now();
const py = await loadPyodide({ indexURL: new URL("./planner/runtime/", location.href).href });
py.runPython("1 + 1");
window.bootMs = performance.now() - t0;
window.sinceNavMs = performance.now();
</script>"""


class Counter:
    """Body bytes the static server sent from now on (workers' requests included)."""

    def __init__(self, stats: dict[str, int]) -> None:
        self.stats = stats
        self.start = stats.get("bytes", 0)

    @property
    def total(self) -> int:
        return self.stats.get("bytes", 0) - self.start


def launch(p, profile):
    return launch_chromium(p, profile, timezone_id="America/New_York",
                           viewport={"width": 1280, "height": 900})


def mark_ms(page, selector: str, mark: str) -> float:
    """When the page marked ``mark`` (User Timing), once ``selector`` shows. No string is
    evaluated in the page: its Content-Security-Policy forbids that, rightly."""
    page.wait_for_selector(selector, timeout=180_000)
    return page.evaluate("(m) => performance.getEntriesByName(m)[0].startTime", mark)


def agenda_ms(page) -> float:
    return mark_ms(page, "#fp-app[data-ready=true][data-cached=false] #fp-main > *", "fp-agenda")


def main() -> None:
    from playwright.sync_api import sync_playwright

    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    site = build(Path(tempfile.mkdtemp()) / "site")
    (site / "bare.html").write_text(BARE)
    results: dict[str, list[float]] = {k: [] for k in (
        "bare_cold", "bare_warm", "agenda_cold", "agenda_warm", "first_paint_saved",
        "agenda_after_saved", "bytes_cold", "bytes_warm", "worker_boot")}
    results.pop("agenda_warm")
    stats: dict[str, int] = {}
    with serve(site, gzip_enabled=True, stats=stats) as base, sync_playwright() as p:
        for _ in range(runs):
            ctx = launch(p, new_profile())
            page = ctx.new_page()
            page.goto(base + "bare.html")
            page.wait_for_function("window.bootMs", timeout=180_000)
            results["bare_cold"].append(page.evaluate("window.bootMs"))
            page.reload()
            page.wait_for_function("window.bootMs", timeout=180_000)
            results["bare_warm"].append(page.evaluate("window.bootMs"))
            ctx.close()

            profile = new_profile()  # kept for the return visit below
            ctx = launch(p, profile)
            page = ctx.new_page()
            counter = Counter(stats)
            page.goto(base + "planner/")
            results["agenda_cold"].append(agenda_ms(page))
            # the offline copy is made once the planner runs; its bytes count as cold ones
            page.wait_for_selector("#fp-app[data-offline]", timeout=120_000)
            page.wait_for_timeout(500)
            results["bytes_cold"].append(counter.total)
            results["worker_boot"].append(float(page.get_attribute("#fp-app", "data-boot-ms")))
            page.get_by_role("button", name="Explore with sample data").click()
            page.wait_for_selector(".fp-card")
            page.wait_for_timeout(300)
            ctx.close()

            ctx = launch(p, profile)  # same profile: HTTP cache and the saved data
            page = ctx.new_page()
            counter = Counter(stats)
            page.goto(base + "planner/")
            results["first_paint_saved"].append(
                mark_ms(page, "#fp-app[data-cached=true] .fp-card", "fp-saved-agenda"))
            results["agenda_after_saved"].append(agenda_ms(page))
            page.wait_for_timeout(500)
            results["bytes_warm"].append(counter.total)
            ctx.close()

    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"Planner page benchmark, headless Chromium, gzip static server, medians of {runs}")
    print(f"  bare Pyodide boot (loadPyodide + 1+1)   cold {med['bare_cold']:7.0f} ms   "
          f"warm {med['bare_warm']:7.0f} ms")
    print(f"  page: navigation -> computed agenda      cold {med['agenda_cold']:7.0f} ms   "
          f"warm {med['agenda_after_saved']:7.0f} ms")
    print(f"  (worker: start -> bridge imported, cold {med['worker_boot']:.0f} ms)")
    print(f"  page: navigation -> saved agenda painted (return visit) "
          f"{med['first_paint_saved']:7.0f} ms")
    print(f"  bytes transferred                        cold {med['bytes_cold'] / 1e6:7.2f} MB  "
          f"warm {med['bytes_warm'] / 1e6:7.2f} MB  (cold includes the offline copy)")


if __name__ == "__main__":
    main()
