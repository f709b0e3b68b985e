# Sourced by scripts/run and scripts/test: make sure .venv exists and matches pyproject.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CERTCOACH_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "CertCoach needs Python 3.11 or newer (found: $("$PY" --version 2>&1))." >&2
  exit 1
fi
stamp="$VENV/.certcoach-installed"
want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Setting up $VENV (first run or dependencies changed)..." >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet -e "$ROOT[test,dev]" >&2
  echo "$want" > "$stamp"
fi
cd "$ROOT"
