"""Planning speed on CPython: throughput over 10,000 generated applications, and the latency
of one re-plan of 500 (what the browser does after each change).

Prints figures; it is not a test. Run: .venv/bin/python benchmarks/planner.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from followup import dataformat, planner

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, tzinfo=TZ)


def generated(count: int, seed: int = 7, country: str | None = "US") -> str:
    rng = random.Random(seed)
    apps = []
    for i in range(count):
        ends = NOW - timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 8))
        contacts = [{"id": f"c{j}", "name": f"Person {j}", "email": f"p{j}@x.example"}
                    for j in range(rng.randint(1, 3))]
        events = []
        t = ends
        for _ in range(rng.randint(0, 5)):
            t += timedelta(hours=rng.randint(12, 24 * 8))
            if t > NOW:
                break
            kind = rng.choice(["thank_you", "follow_up", "follow_up", "reply"])
            ev = {"at": t.isoformat(), "type": kind}
            if kind == "follow_up":
                ev.update(channel="email", outcome="sent")
            if kind == "reply":
                ev["tone"] = rng.choice(["warm", "brief", "brief", "rejection"])
            events.append(ev)
        app = {"id": f"a{i}", "company": f"Company {i}", "role": "Analyst",
               "contacts": contacts,
               "interviews": [{"id": "r1", "ends_at": ends.isoformat(),
                               "with": [c["id"] for c in contacts]}],
               "events": events}
        if rng.random() < 0.3:
            app["decision_expected"] = (ends.date() + timedelta(days=rng.randint(1, 14))
                                        ).isoformat()
        if rng.random() < 0.2:
            start = ends.date() + timedelta(days=rng.randint(0, 10))
            app["away"] = [{"from": start.isoformat(),
                            "until": (start + timedelta(days=rng.randint(3, 14))).isoformat()}]
        apps.append(app)
    settings = {"timezone": "America/New_York"}
    if country:
        settings["country"] = country
    return json.dumps({"format": "followup-planner", "version": 1, "settings": settings,
                       "applications": apps})


def best_of(runs: int, fn) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    for country in (None, "US"):
        text = generated(10_000, country=country)
        load_t = best_of(3, lambda t=text: dataformat.load(t))
        _, doc = dataformat.load(text)
        plan_t = best_of(5, lambda d=doc: planner.plan(d, now=NOW))
        steps = sum(len(p.actions) for p in planner.plan(doc, now=NOW))
        label = f"country={country or 'none'}"
        print(f"[{label}] plan 10,000 applications ({steps:,} steps): "
              f"median {statistics.median(plan_t) * 1000:.0f} ms -> "
              f"{10_000 / statistics.median(plan_t):,.0f} applications/s "
              f"(best {10_000 / min(plan_t):,.0f}/s)")
        print(f"[{label}] read + validate the 10,000-application file "
              f"({len(text) / 1e6:.1f} MB): median {statistics.median(load_t) * 1000:.0f} ms")
        small = generated(500, seed=11, country=country)

        def replan(s=small):
            _, d = dataformat.load(s)
            planner.actions(d, now=NOW)

        re_t = best_of(21, replan)
        print(f"[{label}] one re-plan of 500 (read, validate, plan, sort): "
              f"median {statistics.median(re_t) * 1000:.1f} ms, "
              f"p90 {sorted(re_t)[int(len(re_t) * 0.9)] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
