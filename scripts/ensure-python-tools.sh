#!/usr/bin/env bash
# Makes sure .venv holds the Python test peers of requirements-dev.txt (moto server, cfn-lint).
# Idempotent: reinstalls only when the requirements file changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.requirements-dev.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
echo "$want" > "$stamp"
