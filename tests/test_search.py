"""Finding an application by what the candidate remembers of it (followup.search), and
``followup plan --search``, run as a user would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import search
from helpers import app, doc, event, followup_command, raw

NOW = "2026-11-18T10:00:00-05:00"
ROOT = Path(__file__).resolve().parents[1]

ACME = app(notes="Referred by Priya", resume="Data v3", contacts=[
    {"id": "dana", "name": "Zoë Ōkubo", "title": "Head of Data", "email": "zoe@acme.example"}],
    interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"],
                 "topics": ["the churn dashboard"], "memorable": "Her dog barked twice"}])
INITECH = app(id="initech", company="Initech", role="Platform Engineer",
              contacts=[{"id": "bo", "name": "Bo Chen"}],
              interviews=[{"id": "r1", "ends_at": "2026-11-17T11:00:00-05:00", "with": ["bo"]}])
GLOBEX = app(id="globex", company="Globex", role="Analyst", closed=True,
             contacts=[{"id": "al", "name": "Al Ruiz"}],
             interviews=[{"id": "r1", "ends_at": "2026-11-10T11:00:00-05:00", "with": ["al"]}],
             events=[event("thank_you", "2026-11-10 18:00", contact="al")])


@pytest.mark.parametrize(("query", "found"), [
    ("acme", {"acme"}),  # the company
    ("ENGINEER", {"initech"}),  # the role, any case
    ("zoe okubo", {"acme"}),  # a person, without the accents
    ("Zoë", {"acme"}),  # or with them
    ("head of data", {"acme"}),  # a person's job title
    ("zoe@acme", {"acme"}),  # an email
    ("priya", {"acme"}),  # the application's notes
    ("churn", {"acme"}),  # an interview's topics
    ("dog", {"acme"}),  # what was memorable
    ("data v3", {"acme"}),  # the résumé sent
    ("analyst", {"acme", "globex"}),  # closed ones too
    ("chen initech", {"initech"}),  # every word, in any order
    ("chen acme", set()),  # every word must be found
    ("", {"acme", "initech", "globex"}),  # a blank query: everything
    ("   ", {"acme", "initech", "globex"}),
])
def test_an_application_is_found_by_any_word_the_candidate_remembers(query, found):
    document = doc(ACME, INITECH, GLOBEX)
    assert {a.id for a in document.applications if search.matches(a, query)} == found


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_folding_is_stable_and_a_text_always_finds_itself(value):
    once = search.folded(value)
    assert search.folded(once) == once
    application = doc(app(company=value.strip() or "x"))
    assert search.matches(application.applications[0], value.strip() or "x")


TRICKY = ["Zoë Ōkubo", "ÅNGSTRÖM", "straße", "İstanbul", "ΣΊΣΥΦΟΣ", "Ǆemal", "ﬁnance", "①②",
          "Crème Brûlée", "Łódź", "שלום", "مرحبا", "日本語", "Ⅻ", "ǅ", "K", "ß"]


@pytest.mark.skipif(shutil.which("node") is None, reason="the page's folding runs in node")
@settings(max_examples=1, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=50, max_size=50))
def test_the_page_folds_every_text_as_python_does(samples):
    """site_app/js/search.js folds the query typed in the page; Python folded the text it
    looks in: both must agree on any text, or a search would miss."""
    values = TRICKY + samples
    module = (ROOT / "site_app" / "js" / "search.js").as_uri()
    script = (f"import {{ folded }} from {json.dumps(module)};"
              "let text = ''; process.stdin.on('data', (d) => { text += d; });"
              "process.stdin.on('end', () => {"
              " process.stdout.write(JSON.stringify(JSON.parse(text).map(folded))); });")
    done = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(values),
                          capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(done.stdout) == [search.folded(v) for v in values]


def run(*args: str) -> str:
    done = subprocess.run([*followup_command(), *args], capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout


def test_plan_search_lists_only_the_steps_of_the_applications_found(tmp_path):
    data = tmp_path / "plan.json"
    data.write_text(json.dumps(raw(ACME, INITECH, GLOBEX)), encoding="utf-8")
    out = run("plan", str(data), "--now", NOW, "--search", "zoe")
    assert out.startswith('1 application matches "zoe": Acme Corp.\n')
    assert "Send a thank-you note to Zoë Ōkubo" in out
    assert "Initech" not in out
    out = run("plan", str(data), "--now", NOW, "--search", "analyst")
    assert out.startswith('2 applications match "analyst": Acme Corp, Globex (closed).\n')
    assert run("plan", str(data), "--now", NOW, "--search", "nobody") == (
        '0 applications match "nobody".\n')
    found = json.loads(run("plan", str(data), "--now", NOW, "--search", "chen", "--json"))
    assert {a["application"] for a in found["actions"]} == {"initech"}
    everything = json.loads(run("plan", str(data), "--now", NOW, "--json"))
    assert len(everything["actions"]) > len(found["actions"]) > 0
