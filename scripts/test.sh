#!/usr/bin/env bash
# The one command that runs every check: lint, types, and the whole test suite (unit,
# property, CLI, site build, and the planner page in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> ruff"
.venv/bin/ruff check src tests benchmarks site_app scripts
echo "==> mypy (strict, on the package)"
.venv/bin/mypy
echo "==> tsc --checkJs (the page's modules; the Python worker and the service worker)"
node_modules/.bin/tsc -p site_app/jsconfig.json
node_modules/.bin/tsc -p site_app/jsconfig.workers.json
echo "==> node --test (the page's store; the calendar file read by ical.js)"
node --test tests/js/
echo "==> pytest"
.venv/bin/pytest "$@"
