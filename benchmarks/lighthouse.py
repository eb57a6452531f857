"""Lighthouse over every guide page (and the planner page): prints the four scores, the
cumulative layout shift and the speed index.

Not a test. Needs Node 20 and npm (lighthouse@12.2.3 is fetched by npm exec) and Debian's
chromium. Run: .venv/bin/python benchmarks/lighthouse.py [--desktop] [--runs N] [--verbose]
[PAGE ...]; with --runs, each page's median run (by performance) is printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import chrome_flags, chromium  # noqa: E402
from site_build import build  # noqa: E402
from static_server import serve  # noqa: E402

PAGES = ["", "thank-you/", "how-long-to-wait/", "what-to-say/", "how-many-times/",
         "lukewarm-reply/", "moving-on/", "questions/", "planner/", "checklist/", "privacy/",
         "credits/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def audit(url: str, desktop: bool) -> dict[str, object]:
    out = Path(tempfile.mkdtemp()) / "report.json"
    cmd = ["npm", "exec", "--yes", "--", "lighthouse@12.2.3", url, "--quiet",
           "--output=json", f"--output-path={out}", f"--chrome-flags={chrome_flags()}",
           f"--only-categories={','.join(CATEGORIES)}"]
    if desktop:
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chromium()}
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, capture_output=True, timeout=300)
    report = json.loads(out.read_text())
    scores: dict[str, object] = {c: round(report["categories"][c]["score"] * 100)
                                 for c in CATEGORIES}
    failing = [a["id"] for a in report["audits"].values()
               if a.get("score") is not None and a["score"] < 1
               and a.get("scoreDisplayMode") in ("binary", "numeric")
               and a["id"] not in ("largest-contentful-paint", "first-contentful-paint",
                                   "speed-index", "interactive", "total-blocking-time",
                                   "max-potential-fid", "cumulative-layout-shift")]
    scores["failing"] = failing
    scores["metrics"] = {k: round(report["audits"][k]["numericValue"])
                         for k in ("first-contentful-paint", "largest-contentful-paint",
                                   "total-blocking-time", "speed-index")}
    scores["metrics"]["cumulative-layout-shift"] = round(
        report["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    return scores


def main() -> None:
    desktop = "--desktop" in sys.argv
    verbose = "--verbose" in sys.argv
    pages = [a for a in sys.argv[1:] if not a.startswith("--") and not a.isdigit()] or PAGES
    site = build(Path(tempfile.mkdtemp()) / "site")
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    print(f"{'page':22} perf  a11y  bp   seo    CLS    SI ms  ({'desktop' if desktop else 'mobile'}"
          f", gzip, median run of {runs}; perf and CLS: lowest-highest of the runs)")
    with serve(site, gzip_enabled=True) as base:
        for page in pages:
            each = [audit(base + page, desktop) for _ in range(runs)]
            each.sort(key=lambda r: r["performance"])
            s = each[len(each) // 2]  # the median run by performance
            m = s["metrics"]
            shifts = [r["metrics"]["cumulative-layout-shift"] for r in each]
            spread = (f"  perf {each[0]['performance']}-{each[-1]['performance']}, "
                      f"CLS {min(shifts):.3f}-{max(shifts):.3f}" if runs > 1 else "")
            print(f"{'/' + page:22} {s['performance']:>4}  {s['accessibility']:>4}  "
                  f"{s['best-practices']:>4} {s['seo']:>4}  "
                  f"{m['cumulative-layout-shift']:.3f} {m['speed-index']:>7}"
                  f"{spread}   {' '.join(s['failing'])}"
                  f"{'  ' + str(m) if verbose else ''}")


if __name__ == "__main__":
    main()
