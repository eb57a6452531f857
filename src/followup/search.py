"""Finding applications by what the candidate remembers of them: "did I already apply there?"

An application matches a query when every word of the query is found in its text: the
company, the role, its people (name, job title, email) and every note kept of it (the
application's, each interview's, the article it mentions, what it was sent with). Words
are compared :func:`folded`: in lower case, without accents, so "zoe" finds "Zoë". The
page's search box filters by the same text (:func:`text`, in each card of the view) with
the same folding (site_app/js/search.js), so both find the same applications.
"""

from __future__ import annotations

import unicodedata

from .model import Application

__all__ = ["folded", "matches", "text", "words"]


def folded(value: str) -> str:
    """``value`` in lower case, its accents and other combining marks dropped ("Zoë Ōkubo"
    becomes "zoe okubo"). JavaScript's ``normalize("NFKD")``, dropping ``\\p{M}``, then
    ``toLowerCase()`` gives the same for any text (tests/test_search.py checks)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def text(app: Application) -> str:
    """Everything of ``app`` a search looks in, folded, one part a line."""
    parts = [app.company, app.role, app.notes, app.anecdote, app.resume, app.posting_url]
    for person in app.contacts:
        parts += [person.name, person.title, person.email]
    for interview in app.interviews:
        parts += [interview.memorable, *interview.topics, interview.notes, interview.anecdote,
                  interview.strengths, interview.needs, *interview.discussed.values()]
    if app.article:
        parts += [app.article.title, app.article.url]
    return folded("\n".join(p for p in parts if p))


def words(query: str) -> list[str]:
    """The query's words, folded; none for a blank query (which matches everything)."""
    return folded(query).split()


def matches(app: Application, query: str) -> bool:
    """Whether every word of ``query`` is in ``app``'s :func:`text`."""
    haystack = text(app)
    return all(word in haystack for word in words(query))
