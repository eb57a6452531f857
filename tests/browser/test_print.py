"""The plan on paper: Chromium's own PDF of the planner page, at A4 and Letter, read back
with poppler's pdftotext (what the paper says) and pdftoppm (what it looks like)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import TIMEZONE, open_with_stored, wait_until

pytestmark = pytest.mark.browser
NEW_YORK = ZoneInfo(TIMEZONE)
#: A Wednesday morning: Acme's thank-you is due today, Northwind's decision is on Friday.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=NEW_YORK)
PAPER = ["A4", "Letter"]
#: Buttons whose label is also the plan's own words: "Move on" is a step's title too.
ALSO_WORDS = {"Move on"}
#: Some of the buttons this document shows, to be sure they are all found.
SOME_BUTTONS = {"Print this plan", "Back up", "Draft thank-you", "Mark as sent",
                "Record what happened…", "Edit facts…", "They replied…", "Delete…", "Remove",
                "Notes…"}


def person(pid: str, name: str, email: str) -> dict[str, str]:
    return {"id": pid, "name": name, "email": email}


def interview(rid: str, ends_at: str, *people: str) -> dict[str, Any]:
    return {"id": rid, "ends_at": ends_at, "with": list(people)}


def event(at: str, kind: str, contact: str, **more: str) -> dict[str, str]:
    return {"at": at, "type": kind, "contact": contact, **more}


#: A job search in the middle: an interview yesterday (thank-you due), two rounds and a
#: decision date (a follow-up planned), a warm reply (a reply to write), three follow-ups
#: unanswered (moved on).
DOCUMENT: dict[str, Any] = {
    "format": "followup-planner",
    "version": 1,
    "settings": {"timezone": TIMEZONE, "country": "US",
                 "candidate": {"name": "Sam Rivera", "email": "sam@example.com"}},
    "applications": [
        {"id": "acme", "company": "Acme Corp", "role": "Data Analyst",
         "contacts": [person("dana", "Dana Lee", "dana@acme.example")],
         "interviews": [interview("r1", "2026-11-17T15:00:00-05:00", "dana")
                        | {"memorable": "the dashboard rebuilt after the quarter-end mix-up"}],
         "events": []},
        {"id": "northwind", "company": "Northwind Traders", "role": "Operations Analyst",
         "contacts": [person("priya", "Priya Shah", "priya@northwind.example"),
                      person("tom", "Tom Baker", "tom@northwind.example")],
         "interviews": [interview("r1", "2026-11-03T15:00:00-05:00", "priya"),
                        interview("r2", "2026-11-10T16:00:00-05:00", "priya", "tom")],
         "events": [event("2026-11-03T18:00:00-05:00", "thank_you", "priya", channel="email"),
                    event("2026-11-10T19:00:00-05:00", "thank_you", "priya", channel="email"),
                    event("2026-11-10T19:05:00-05:00", "thank_you", "tom", channel="email")],
         "decision_expected": "2026-11-20"},
        {"id": "globex", "company": "Globex", "role": "Product Manager",
         "contacts": [person("lee", "Lee Chen", "lee@globex.example")],
         "interviews": [interview("r1", "2026-11-02T11:00:00-05:00", "lee")],
         "events": [event("2026-11-02T17:00:00-05:00", "thank_you", "lee", channel="email"),
                    event("2026-11-10T10:00:00-05:00", "follow_up", "lee", channel="email",
                          outcome="sent"),
                    event("2026-11-17T09:30:00-05:00", "reply", "lee", tone="warm")]},
        {"id": "initech", "company": "Initech", "role": "UX Researcher",
         "contacts": [person("bill", "Bill Lumbergh", "bill@initech.example")],
         "interviews": [interview("r1", "2026-10-01T14:00:00-04:00", "bill")],
         "events": [event("2026-10-02T09:00:00-04:00", "thank_you", "bill", channel="email"),
                    event("2026-10-09T10:00:00-04:00", "follow_up", "bill", channel="email",
                          outcome="sent"),
                    event("2026-10-16T10:00:00-04:00", "follow_up", "bill", channel="email",
                          outcome="sent"),
                    event("2026-10-23T10:00:00-04:00", "follow_up", "bill", channel="email",
                          outcome="sent")]},
    ],
}


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is missing: install poppler-utils (scripts/setup.sh does)"
    return found


def pdf_text(pdf: Path) -> str:
    """The PDF's words, in reading order, with every run of spaces and line ends as one
    space (a sentence wrapped across lines reads as one)."""
    done = subprocess.run([poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=60)
    return " ".join(done.stdout.split())


def pdf_pages(pdf: Path) -> list[Path]:
    """Each page as a PNG beside the PDF, at 60 dpi (enough to look at)."""
    prefix = pdf.with_suffix("")
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "60", str(pdf), str(prefix)],
                   check=True, timeout=120)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def one_line(text: str) -> str:
    return " ".join(text.split())


def open_plan(browser_at: Any, base_url: str, width: int = 1280) -> Any:
    browser = browser_at(NOW)
    page = browser.page()
    page.set_viewport_size({"width": width, "height": 900})
    open_with_stored(page, base_url, DOCUMENT)
    page.locator(".fp-row").first.wait_for()
    return page


def test_the_printed_plan_has_every_step_reason_and_fact_and_no_buttons(
        browser_at, base_url, tmp_path):
    page = open_plan(browser_at, base_url)
    assert page.get_by_role("button", name="Print this plan").is_visible()
    rows = [one_line(t) for t in page.locator(".fp-row .fp-what").all_inner_texts()]
    reasons = [one_line(t) for t in page.locator("details.fp-why > p").all_text_contents()]
    history = [one_line(t) for t in page.locator(".fp-facts .fp-list > li").all_text_contents()]
    # every button's label (the folded ones too), and the "Why?" toggles
    labels = {one_line(t) for t in page.locator("#fp-app button").all_text_contents()}
    assert labels >= SOME_BUTTONS, SOME_BUTTONS - labels
    not_on_paper = [*sorted(labels - ALSO_WORDS), "Why?"]
    assert len(reasons) >= 3, reasons  # the thank-you, the reply, the follow-up
    assert any("Round 2" in h for h in history), history
    # The user opened Globex's facts before printing: they stay open afterwards; every other
    # folded section is folded again.
    globex = page.locator('.fp-card[data-app="globex"] details.fp-facts')
    globex.locator("summary").click()
    folded = page.locator("#fp-app details:not([open])").count()
    assert folded == len(reasons) + 3  # every reason, and the other three cards' facts
    # What a print sees when it starts: nothing folded, and the header.
    page.evaluate("""() => window.addEventListener("beforeprint", () => {
        window.fpAtPrint = {folded: document.querySelectorAll("#fp-app details:not([open])").length,
                            header: document.querySelector(".fp-print-header")?.textContent || ""};
    })""")

    for paper in PAPER:
        pdf = tmp_path / f"plan-{paper}.pdf"
        page.pdf(path=str(pdf), format=paper)
        at_print = page.evaluate("window.fpAtPrint")
        assert at_print["folded"] == 0, at_print
        assert "Follow-up plan for Sam Rivera" in at_print["header"]
        text = pdf_text(pdf)
        assert text.startswith("Follow-up plan for Sam Rivera"), text[:200]
        assert "Printed on Wednesday 18 November 2026." in text
        assert "All times are New York time (America/New_York)." in text
        assert "What to do next" in text
        assert "Your applications" in text
        for row in rows:
            assert row in text, (paper, row)
        for reason in reasons:
            assert f"Why: {reason}" in text, (paper, reason)
        for line in history:
            words = line.split(" Remove")[0].split(" Notes…")[0].removesuffix(" Edit")
            assert words.strip() in text, (paper, line)
        for label in not_on_paper:
            assert label not in text, (paper, label)
        # the site's own chrome: header, navigation, footer, the page's introduction
        for chrome in ["Skip to content", "The method", "Credits and source",
                       "Record the interview you had", "Your data stays in this browser"]:
            assert chrome not in text, (paper, chrome)
        # the agenda, then about a page for each application at most
        pages = pdf_pages(pdf)
        assert 1 <= len(pages) <= 1 + len(DOCUMENT["applications"]), (paper, len(pages))

    # Afterwards, the page is as it was: the same sections folded, nothing print-only shown.
    assert page.locator("#fp-app details:not([open])").count() == folded
    assert globex.evaluate("d => d.open")
    assert page.locator(".fp-print-only").count() == 0
    assert page.get_by_role("button", name="Print this plan").is_visible()


def test_print_media_hides_the_buttons_and_the_site_around_the_plan(browser_at, base_url):
    page = open_plan(browser_at, base_url, width=375)
    buttons = page.locator("#fp-app button")
    assert buttons.count() > 20
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    visible = [b for b in buttons.all() if b.is_visible()]
    assert not visible, [b.inner_text() for b in visible]
    for chrome in [".md-header", ".md-footer", ".md-sidebar--primary", "#fp-toolbar"]:
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.locator(".fp-timeline").first.is_visible()
    # black on white, also when the screen is dark
    ink = """() => [document.body.dataset.mdColorScheme,
        getComputedStyle(document.querySelector(".fp-card h3")).color,
        getComputedStyle(document.querySelector(".fp-done .fp-dot")).backgroundColor]"""
    page.emulate_media(media="print", color_scheme="dark")
    wait_until(page, "() => document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate(ink) == ["slate", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    page.emulate_media(media="screen", color_scheme="dark")
    assert page.evaluate(ink)[1] != "rgb(0, 0, 0)"
    page.emulate_media(media="screen", color_scheme="light")
    assert page.get_by_role("button", name="Print this plan").is_visible()
    assert page.locator(".fp-print-only").count() == 0


def test_the_print_button_prints(browser_at, base_url):
    page = open_plan(browser_at, base_url)
    page.evaluate("""() => window.addEventListener("beforeprint", () => {
        window.fpPrinting = document.querySelectorAll("#fp-app details:not([open])").length;
    })""")
    page.get_by_role("button", name="Print this plan").click()
    wait_until(page, "() => window.fpPrinting !== undefined")
    assert page.evaluate("window.fpPrinting") == 0


def test_dates_print_in_full_with_the_year(browser_at, base_url, tmp_path):
    page = open_plan(browser_at, base_url)
    rows = {one_line(r.locator(".fp-what").inner_text()):
            one_line(r.locator(".fp-window").inner_text())
            for r in page.locator(".fp-row[data-key]").all()}
    assert len(rows) == 4, rows
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = pdf_text(pdf)
    # each step's window in full (the short one only on screen), from the fixed clock
    for what, short in rows.items():
        assert f"{what} {short}" not in text, (what, short)
    assert ("Send a thank-you note to Dana Lee · Acme Corp, Data Analyst "
            "Wednesday 18 November 2026, 3 pm · latest Thursday 19 November 2026, 3 am") in text
    assert "Move on · Initech, UX Researcher was due by Friday 30 October 2026, 5 pm" in text
    assert ("Follow up with Lee Chen (1st of 3) · Globex, Product Manager "
            "Tuesday 24 \u2013 Friday 27 November 2026") in text
    # and each mark of a timeline
    assert "Decision expected Friday 20 November 2026" in text
    assert "Round 2 Tuesday 10 November 2026 · done" in text
    assert "Follow-up 1 Thursday 19 November 2026 · planned" in text  # before the decision
