#!/usr/bin/env bash
# Serve the site, planner included, at http://127.0.0.1:8000/ (rebuilds on change).
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_CHROMIUM=1 bash scripts/setup.sh
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
