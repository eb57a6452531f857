"""The page's changes as commands: one table, so the command line can build a whole history
without an editor, through the same :mod:`followup.edit` the page uses (the same checks,
warnings and sentences).

Each :class:`Command` names an edit ``op`` (a key of :data:`followup.edit.CHANGES`), its
options, and how its parsed options become the change. ``cli`` adds one sub-command per row
and runs them all the same way: read the file under its lock, make the change, write it
whole, and print the change's own sentence.

What the page alone does (a kept draft, the sample) has no command; :data:`PAGE_ONLY` says
so, and a test holds every other change to a row here or to ``log``, ``fix`` or ``import``.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import Role

#: The changes only the page makes: words kept for a step, and the built-in sample.
PAGE_ONLY = frozenset({"save_draft", "load_sample", "remove_sample"})
#: The changes older commands make: ``log`` records, ``fix`` corrects, ``import`` imports.
OTHER_COMMANDS = {"record": "log", "update_event": "fix", "import_spreadsheet": "import"}

_PERSON = re.compile(r"^\s*(?P<name>[^<>]*?)\s*(?:<\s*(?P<email>[^<>\s]+)\s*>)?\s*$")


class CommandError(ValueError):
    """An option that cannot make a change: the sentence says which, and why."""


def person(text: str) -> dict[str, str]:
    """``Dana Lee <dana@acme.example>`` (or a name alone) as ``{"name", "email"?}``."""
    found = _PERSON.match(text)
    if found is None or not found["name"]:
        raise CommandError(f'"{text}" is not a person: write a name, with an address in '
                           'angle brackets if you know it ("Dana Lee <dana@acme.example>")')
    return {"name": found["name"], **({"email": found["email"]} if found["email"] else {})}


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    more: dict[str, Any]


def _option(*flags: str, help: str, **more: Any) -> Option:
    return Option(flags, help, more)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    op: str
    options: tuple[Option, ...]
    build: Callable[[argparse.Namespace], dict[str, Any]]
    #: whether it takes the application's id after the file
    per_application: bool = True


def _given(args: argparse.Namespace, pairs: dict[str, str]) -> dict[str, Any]:
    """The options given (not None), under the change's own names."""
    return {field: getattr(args, dest) for dest, field in pairs.items()
            if getattr(args, dest) is not None}


def _interviewers(args: argparse.Namespace) -> list[dict[str, str]]:
    return [person(text) for text in args.with_ or []]


def _add(args: argparse.Namespace) -> dict[str, Any]:
    if (args.ended is None) == (args.applied is None):
        raise CommandError("give --ended (when the interview ended) or --applied (the day "
                           "you applied, with no interview yet), one of them")
    change: dict[str, Any] = {"company": args.company, "role": args.role or "",
                              "interviewers": _interviewers(args)}
    if args.ended is not None:
        change["ends_local"] = args.ended
    else:
        change["applied_on"] = args.applied
    if args.country:
        change["country"] = args.country
    return change


def _set(args: argparse.Namespace) -> dict[str, Any]:
    fields = _given(args, {"company": "company", "role": "role", "decision": "decision_expected",
                           "applied": "applied_on", "anecdote": "anecdote",
                           "posting": "posting_url", "resume": "resume"})
    article = _given(args, {"article": "title", "article_url": "url", "article_why": "why"})
    if article:
        fields["article"] = article
    if args.reopen:
        fields["closed"] = False
    if not fields:
        raise CommandError("nothing to set: give --company, --role, --decision, --applied, "
                           "--anecdote, --article or --reopen")
    return {"fields": fields}


def _notes(args: argparse.Namespace) -> dict[str, Any]:
    fields = _given(args, {"memorable": "memorable", "topics": "topics",
                           "strengths": "strengths", "needs": "needs", "anecdote": "anecdote",
                           "notes": "notes", "ended": "ends_local"})
    people: dict[str, dict[str, str]] = {}
    for pair in args.discussed or []:
        who, sep, about = pair.partition("=")
        if not sep or not who.strip():
            raise CommandError(f'--discussed takes ID=TEXT (the contact\'s id, then what you '
                               f'talked about), not "{pair}"')
        people[who.strip()] = {"discussed": about}
    if not fields and not people:
        raise CommandError("nothing to note: give --memorable, --topics, --strengths, "
                           "--needs, --anecdote, --notes, --ended or --discussed")
    return {"interview": args.round, "fields": fields, "people": people}


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    fields = _given(args, {"timezone": "timezone", "country": "country", "clock": "clock",
                           "name": "name", "email": "email", "phone": "phone",
                           "availability": "availability",
                           "max_follow_ups": "max_follow_ups", "spacing_days": "spacing_days"})
    if not fields:
        raise CommandError("nothing to set: give --timezone, --country, --clock, --name, "
                           "--email, --phone, --availability, --max-follow-ups or "
                           "--spacing-days")
    return {"fields": fields}


_WITH = _option("--with", help='who it was with: "Dana Lee <dana@acme.example>" (again for '
                "each person)", action="append", dest="with_", metavar="PERSON")
_ENDED = "when the interview ended, on the file's clock: 2026-11-17T15:00"

#: Every command that makes one of the page's changes, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command("add", "add an application: the company, the role, and when the interview ended "
            "(or the day you applied)", "add_application", (
                _option("--company", help="the company's name", required=True),
                _option("--role", help="the role you applied for"),
                _option("--ended", help=_ENDED, metavar="LOCAL"),
                _option("--applied", help="the day you applied, with no interview yet",
                        metavar="DATE"),
                _WITH,
                _option("--country", help="two-letter code, for public holidays, if the file "
                        "has none yet")),
            _add, per_application=False),
    Command("round", "add an interview round to an application", "add_interview", (
        _option("--ended", help=_ENDED, metavar="LOCAL", required=True), _WITH),
        lambda args: {"ends_local": args.ended, "interviewers": _interviewers(args)}),
    Command("person", "add a person to an application, or update one named again",
            "add_contact", (
                _option("--name", help="their name", required=True),
                _option("--email", help="their address"),
                _option("--phone", help="their phone number"),
                _option("--part", help="their part: who interviewed you, the recruiter (who "
                        "passes a thank-you on), or someone else",
                        choices=[r.value for r in Role])),
            lambda args: {"name": args.name, "email": args.email or "",
                          "phone": args.phone or "", "role": args.part or ""}),
    Command("set", "change an application's facts: the decision date they gave, the role, "
            'and the rest ("" takes one away)', "update_application", (
                _option("--company", help="the company's name"),
                _option("--role", help="the role"),
                _option("--decision", help="the day they expect to decide", metavar="DATE"),
                _option("--applied", help="the day you applied", metavar="DATE"),
                _option("--anecdote", help="your best example for this role"),
                _option("--posting", help="the job posting's address", metavar="URL"),
                _option("--resume", help="the résumé version you sent", metavar="TEXT"),
                _option("--article", help="an article to share: its title"),
                _option("--article-url", help="its link", metavar="URL"),
                _option("--article-why", help="why it matters to them", metavar="TEXT"),
                _option("--reopen", help="open it again after moving on",
                        action="store_true")),
            _set),
    Command("notes", "what you noted of a round: the memorable moment, topics, what you "
            "discussed with each person", "update_interview", (
                _option("--round", help="the round's id (default: r1)", default="r1",
                        metavar="ID"),
                _option("--memorable", help="the most memorable moment", metavar="TEXT"),
                _option("--topics", help="topics, separated by commas", metavar="TEXT"),
                _option("--strengths", help="your strengths for this role", metavar="TEXT"),
                _option("--needs", help="what they need", metavar="TEXT"),
                _option("--anecdote", help="the example you told", metavar="TEXT"),
                _option("--notes", help="other notes", metavar="TEXT"),
                _option("--ended", help="a corrected end: " + _ENDED, metavar="LOCAL"),
                _option("--discussed", help="what you discussed with one person: ID=TEXT "
                        "(again for each)", action="append", metavar="ID=TEXT")),
            _notes),
    Command("away", "someone is away (or the whole team): no follow-up lands then", "add_away",
            (_option("--from", help="the first day away", dest="start", metavar="DATE",
                     required=True),
             _option("--until", help="the last day away", metavar="DATE", required=True),
             _option("--contact", help="who (default: the whole team)", metavar="ID")),
            lambda args: {"from": args.start, "until": args.until,
                          **({"contact": args.contact} if args.contact else {})}),
    Command("remove", "remove a round, a person or an absence from an application", "remove", (
        _option("what", help="what to remove", choices=["interview", "contact", "away"]),
        _option("id", help="the round's or the person's id; for an absence, its number (1 "
                "for the first)", metavar="ID")),
        lambda args: ({"what": "away", "index": _number(args.id)} if args.what == "away"
                      else {"what": args.what, "id": args.id})),
    Command("move-on", "move on from applications that went quiet, several at once "
            "(--reopen: open them again)", "move_on_from", (
                _option("apps", help="the applications' ids", nargs="+", metavar="APP"),
                _option("--reopen", help="open them again", action="store_true")),
            lambda args: {"apps": args.apps, "closed": not args.reopen},
            per_application=False),
    Command("delete", "delete an application and all it holds", "delete_application", (
        _option("--yes", help="delete it (without it, nothing changes)", action="store_true"),),
        lambda args: {} if args.yes else _refuse("nothing was deleted: add --yes to delete "
                                                 "the application and all it holds")),
    Command("settings", "your details and the plan's settings: time zone, country, clock, "
            "your name and how to reach you", "settings", (
                _option("--timezone", help='an IANA name like "Europe/Paris"'),
                _option("--country", help='two-letter code, for public holidays ("" for '
                        "none)"),
                _option("--clock", help='how times are written ("" follows the locale)',
                        choices=["12h", "24h", ""]),
                _option("--name", help="your name, to sign with"),
                _option("--email", help="your address, for the drafts"),
                _option("--phone", help="your phone number, for the drafts"),
                _option("--availability", help='when you are available: "weekdays after 2 '
                        'pm"', metavar="TEXT"),
                _option("--max-follow-ups", help="a gentler plan: fewer follow-ups (R13)",
                        metavar="N"),
                _option("--spacing-days", help="a gentler plan: more days between "
                        "follow-ups, 7 to 60 (R13)", metavar="DAYS")),
            _settings, per_application=False),
)


def _refuse(sentence: str) -> dict[str, Any]:
    raise CommandError(sentence)


def _number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise CommandError(f'an absence is removed by its number (1 for the first), not "{text}"')
    return int(text) - 1


def change(command: Command, args: argparse.Namespace) -> dict[str, Any]:
    """The edit change that ``args`` asks ``command`` for."""
    found = {"op": command.op, **command.build(args)}
    if command.per_application:
        found["app"] = args.app
    return found
