#!/usr/bin/env bash
# The second pass of `make test`: the same suite on PostgreSQL. Required in CI, skipped plainly elsewhere.
set -euo pipefail
url="$1"
if .venv/bin/python - "$url" <<'PY'
import sys

import psycopg

from dj_database_url import parse

c = parse(sys.argv[1])
try:
    psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None,
                    dbname="postgres", connect_timeout=3).close()
except psycopg.Error as error:
    print(f"PostgreSQL is not reachable: {error}".strip())
    sys.exit(1)
PY
then
  make --no-print-directory test-postgres PG_TEST_URL="$url"
elif [ "${CI:-}" = "true" ]; then
  echo "CI requires the PostgreSQL pass and the server at $url is unreachable." >&2
  exit 1
else
  echo "== PostgreSQL pass SKIPPED: no server at $url (set PG_TEST_URL to point at one)."
fi
