"""The ``followup`` command: a thin adapter over the core.

It parses, reads the clock (``--now`` overrides it), reads and writes the data file, maps
every failure of the input to exit status 2 and one line on stderr, and calls the core for
the rest. Its own bugs (an unexpected exception) are one line too, with exit status 70 and
a request to report it; ``--debug`` adds the traceback.

This module parses the arguments and runs one command; the commands live by what they do to
the data file: :mod:`followup.readcmds` (read it), :mod:`followup.writecmds` (change it) and
:mod:`followup.sheetcmds` (a spreadsheet in or out), on :mod:`followup.cliparts`.
"""

from __future__ import annotations

import argparse
import locale
import os
import re
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path

from . import __version__, changes_cli, datewords, sheetdates
from .cliparts import EXIT_BAD_INPUT, EXIT_BUG, CliError
from .dataerrors import DataError
from .model import ActionKind, Channel, Outcome, Tone
from .readcmds import cmd_check, cmd_draft, cmd_history, cmd_ics, cmd_plan
from .sheetcmds import cmd_export, cmd_import
from .writecmds import cmd_change, cmd_fix, cmd_init, cmd_log

#: Locales that write times on the 12-hour clock when the system cannot say (not installed).
_TWELVE_HOUR = re.compile(r"^(en_(US|CA|AU|NZ|PH|IN)|es_(US|MX|CO)|hi_IN|ar_|ko_KR|zh_TW|ur_)")


def clock_of_locale(environ: Mapping[str, str]) -> str:
    """The user's clock, "12h" or "24h", from the locale ``environ`` names for times (LC_ALL,
    LC_TIME or LANG); with none, or the C locale, "12h" (the planner's English)."""
    name = next((environ[k] for k in ("LC_ALL", "LC_TIME", "LANG") if environ.get(k)), "")
    if not name or name in ("C", "POSIX") or name.startswith("C."):
        return "12h"
    previous = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
        # The locale's own time format: a 12-hour one writes the hour with %I or %r.
        time_format = locale.nl_langinfo(locale.T_FMT)
        twelve = "%I" in time_format or "%r" in time_format
    except (locale.Error, AttributeError, ValueError):  # not installed: by its name
        twelve = bool(_TWELVE_HOUR.match(name))
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    return "12h" if twelve else "24h"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="followup", description="Plan the follow-up after a job interview.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument("--debug", action="store_true",
                     help="on an unexpected problem, print its traceback (to report it)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("file", type=Path, metavar="FILE", help="the data file (JSON)")
        p.add_argument("--now", metavar="ISO", help="plan as of this date-time "
                       "(default: the current time)")
        return p

    p = command("plan", "the remaining steps of every open application, in date order")
    p.add_argument("--json", action="store_true", help='print {"actions": [...]}')
    p.add_argument("--search", metavar="TEXT", help="only the applications whose company, "
                   "role, people or notes hold every word of TEXT (any case, any accents)")
    p.set_defaults(run=cmd_plan)

    p = command("draft", "the draft of one message")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("--kind", required=True, choices=[k.value for k in ActionKind])
    p.add_argument("--contact", metavar="ID", help="the contact's id")
    p.add_argument("--attempt", type=int, choices=[1, 2, 3], help="which follow-up")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_draft)

    p = command("ics", "the plan as a calendar file with reminders")
    p.add_argument("--app", metavar="APP", help="only this application")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here, not stdout")
    p.set_defaults(run=cmd_ics)

    p = command("log", "record what happened: a note sent, a call, a reply, or close")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("what", choices=["thank-you", "follow-up", "reply", "close",
                                    "thank_you", "follow_up"])
    p.add_argument("--contact", metavar="ID")
    p.add_argument("--channel", choices=[c.value for c in Channel])
    p.add_argument("--outcome", choices=[o.value for o in Outcome])
    p.add_argument("--tone", choices=[t.value for t in Tone])
    p.add_argument("--at", metavar="ISO", help="when it happened, with an offset or on the "
                   "file's time zone (default: now)")
    p.add_argument("--anyway", action="store_true",
                   help="record it even though it goes against a rule (R7, R10, R12, R14)")
    p.set_defaults(run=cmd_log)

    p = command("history", "what is recorded for an application, numbered, oldest first")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("--json", action="store_true", help='print {"entries": [...]}, each entry '
                   "as the file has it, with its number")
    p.set_defaults(run=cmd_history)

    p = command("fix", "correct an entry of the history: its time, channel, outcome, tone, "
                       "person or note")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("number", type=int, metavar="NUMBER",
                   help="the entry's number, as followup history prints it")
    p.add_argument("--at", metavar="ISO", help="when it really happened: with an offset, or on "
                   "the file's time zone without one (never later than now)")
    p.add_argument("--channel", choices=[c.value for c in Channel])
    p.add_argument("--outcome", choices=[o.value for o in Outcome])
    p.add_argument("--tone", choices=[t.value for t in Tone])
    p.add_argument("--contact", metavar="ID", help='who it was with ("" for nobody named)')
    p.add_argument("--note", metavar="TEXT", help='what was said ("" takes the note away)')
    p.add_argument("--anyway", action="store_true",
                   help="correct it even though it then goes against a rule (R7, R10, R12, R14)")
    p.set_defaults(run=cmd_fix)

    p = command("check", "validate the data file")
    p.set_defaults(run=cmd_check)

    p = command("init", "create an empty data file")
    p.add_argument("--timezone", default="UTC", help='an IANA name like "Europe/Paris"')
    p.add_argument("--country", help="two-letter code, for public holidays")
    p.add_argument("--max-follow-ups", metavar="N",
                   help="a gentler plan: fewer follow-ups than the method's (R13)")
    p.add_argument("--spacing-days", metavar="DAYS",
                   help="a gentler plan: more days between follow-ups, 7 to 60 (R13)")
    p.set_defaults(run=cmd_init)

    p = command("import", "add the applications of a spreadsheet (CSV): shows what would be "
                          "added, and adds them with --yes")
    p.add_argument("csv", type=Path, metavar="CSV", help="the spreadsheet, saved as CSV "
                   "(- reads it from stdin)")
    p.add_argument("--yes", action="store_true", help="add them (without it, nothing changes)")
    p.add_argument("--dates", choices=list(sheetdates.DATE_FORMATS),
                   help="how dates written in numbers are read: dmy (day/month/year) or mdy "
                        "(month/day/year); by default the order that reads every date")
    p.add_argument("--json", action="store_true", help="print the preview as JSON")
    p.set_defaults(run=cmd_import)

    p = command("export", "one row per application, for a spreadsheet (CSV)")
    p.add_argument("output", type=Path, nargs="?", metavar="OUT",
                   help="write here (default: stdout)")
    p.set_defaults(run=cmd_export)

    # The page's other changes, one command each, from one table.
    for row in changes_cli.COMMANDS:
        p = command(row.name, row.help)
        if row.per_application:
            p.add_argument("app", metavar="APP", help="the application's id")
        for option in row.options:
            p.add_argument(*option.flags, help=option.help, **option.more)
        p.set_defaults(run=cmd_change, change_command=row)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with datewords.using_clock(clock_of_locale(os.environ)):
            code: int = args.run(args)
    except CliError as exc:
        _say(str(exc))
        return EXIT_BAD_INPUT
    except DataError as exc:
        _say(f"{args.file}: {exc}")
        return EXIT_BAD_INPUT
    except OSError as exc:
        _say(f"{exc.filename or args.file}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line and the file as it was; the trace on request
        if args.debug:
            traceback.print_exc()
        _say(f"unexpected problem ({type(exc).__name__}): {exc}; nothing was changed. This "
             "is a bug in followup: please report it, with the output of the same command "
             "run with --debug first")
        return EXIT_BUG
    return code


def _say(message: str) -> None:
    """One line on stderr, whatever the message holds (line breaks are shown as \\n)."""
    one_line = message.replace("\r", "\\r").replace("\n", "\\n")
    print(f"followup: {one_line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
