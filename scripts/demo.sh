#!/usr/bin/env bash
# The canary on a local kwok cluster with the pinned versions: builds (or reuses) the
# components from their Go modules, then runs the CLI and prints its terminal summary.
# The versions are explicit tags, so the release list in the repo is enough to check them
# (no network needed); extra arguments go to `edge-canary run`.
set -uo pipefail
cd "$(dirname "$0")/.."
pins=scripts/sim/pins.json
read -r from to < <(node -e 'const l=require("./'"$pins"'").linkerd; console.log(l.at(-2), l.at(-1))')

tools=$(bash scripts/sim/build.sh kubernetes etcd kwok gateway-api "linkerd:$from" "linkerd:$to" | tail -n 1)
[ -d "$tools" ] || { echo "demo: the component build failed" >&2; exit 2; }
[ -f dist/cli.js ] || npm run -s build
exec node dist/cli.js run --provider kwok --tools-dir "$tools" --from "$from" --to "$to" \
  --kubernetes-version "$(node -p 'require("./'"$pins"'").kubernetes')" \
  --releases-file test/fixtures/linkerd-releases.json --report-dir "${REPORT_DIR:-edge-canary-report}" "$@"
