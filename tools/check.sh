#!/usr/bin/env bash
# Static checks: ruff (lint and format) and mypy, configured in pyproject.toml.
# Run from anywhere; uses the tools of the project's .venv (pip install -e '.[test]').
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
