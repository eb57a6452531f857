#!/usr/bin/env bash
# Installs what the project needs, once: a venv with the package and its tools, the pinned
# Pyodide runtime from npm, and Debian's Chromium and poppler-utils for the browser tests.
# Safe to re-run: each step is skipped when what it installs is already there and up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed as '$PYTHON' (set PYTHON=... to choose another)." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    say "Creating .venv"
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
    say "Installing the package and its development tools into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi

# The browser's packaging tools (pyodide-build, whose `pyodide lockfile add-wheels` writes the
# planner's pyodide-lock.json, and pypa/build for our own wheel) need Python 3.12 or newer:
# they live in their own environment, .tools, pinned in site_app/tools-requirements.txt.
tools_python() {
    for candidate in "${TOOLS_PYTHON:-}" python3.14 python3.13 python3.12 \
            "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
                "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
tools_stamp=.tools/.installed-$(sha256sum site_app/tools-requirements.txt | cut -c1-16)
if [ ! -f "$tools_stamp" ]; then
    if ! tp=$(tools_python); then
        echo "pyodide-build needs Python 3.12 or newer, and none was found (tried python3.14," \
             "python3.13, python3.12 and pyenv's). Install one, or set TOOLS_PYTHON=..." >&2
        exit 1
    fi
    say "Installing the browser's packaging tools into .tools (with $("$tp" --version))"
    rm -rf .tools
    "$tp" -m venv .tools
    .tools/bin/python -m pip install --quiet --upgrade pip
    .tools/bin/python -m pip install --quiet -r site_app/tools-requirements.txt
    touch "$tools_stamp"
fi

if [ -f package.json ]; then
    lock_stamp=node_modules/.installed-$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
    if [ ! -f "$lock_stamp" ]; then
        say "Installing the pinned Pyodide runtime (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error
        touch "$lock_stamp"
    fi
fi

if [ "${SKIP_CHROMIUM:-}" != 1 ] && [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    say "Installing Debian's chromium for the browser tests"
    sudo_=""
    [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
fi

# poppler's pdftotext and pdftoppm read back the printed plan (tests/browser/test_print.py).
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
    say "Installing poppler-utils (pdftotext, pdftoppm) for the print tests"
    sudo_=""
    [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq poppler-utils >/dev/null
fi

# rsvg-convert draws the installable app's icons from site_app/icon.svg at build time
# (site_app/build/icons.py); the build stops with a sentence without it.
if [ "${SKIP_RSVG:-}" != 1 ] && ! command -v rsvg-convert >/dev/null 2>&1; then
    say "Installing Debian's librsvg2-bin (rsvg-convert) for the app's icons"
    sudo_=""
    [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq librsvg2-bin >/dev/null
fi

# LibreOffice's headless spreadsheet, for the test that opens the planner's CSV export as a
# spreadsheet user would (tests/test_cli_spreadsheet.py): about 200 MB, about 25 s to install.
if [ "${SKIP_LIBREOFFICE:-}" != 1 ] && ! command -v libreoffice >/dev/null 2>&1; then
    say "Installing Debian's headless LibreOffice Calc for the spreadsheet test"
    sudo_=""
    [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends \
        libreoffice-calc-nogui >/dev/null
fi
