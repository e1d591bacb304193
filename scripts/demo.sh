#!/usr/bin/env bash
# A real canary on a local kwok cluster: the two newest edges of the release list in the repo,
# upgraded the way a user would. Only the simulated cluster is built here (from Go modules);
# the Linkerd CLIs come from the tools dir if they are there, else from Linkerd's release
# assets, downloaded and digest-checked exactly as the action gets them. Where they can be had
# neither way it says which files are missing and where they go. Extra arguments go to
# `edge-canary run` (e.g. --from edge-25.10.7).
set -uo pipefail
cd "$(dirname "$0")/.."
pins=scripts/sim/pins.json
read -r from to < <(node -e '
  const tags = require("./test/fixtures/linkerd-releases.json").map((r) => r.tag).filter((t) => t.startsWith("edge-"));
  console.log(tags.at(-2), tags.at(-1))')
prev=""
for arg in "$@"; do case "$prev" in --from) from=$arg ;; --to) to=$arg ;; esac; prev=$arg; done

tools=$(bash scripts/sim/build.sh kubernetes etcd kwok gateway-api | tail -n 1)
[ -d "$tools" ] || { echo "demo: the component build failed" >&2; exit 2; }
[ -f dist/cli.js ] || npm run -s build
node dist/cli.js tools fetch "linkerd-$from" "linkerd-$to" --tools-dir "$tools" || exit 2
exec node dist/cli.js run --provider kwok --tools-dir "$tools" --from "$from" --to "$to" \
  --kubernetes-version "$(node -p 'require("./'"$pins"'").kubernetes')" --kubectl-version "$(node -p 'require("./'"$pins"'").kubernetes')" \
  --releases-file test/fixtures/linkerd-releases.json --report-dir "${REPORT_DIR:-edge-canary-report}" "$@"
