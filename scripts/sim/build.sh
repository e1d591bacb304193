#!/usr/bin/env bash
# Builds the simulated cluster's components from their Go modules (go client and module proxy
# only: no release binaries, no git) into a cache outside the repo, keyed by component and version:
#   $EDGE_CANARY_CACHE/<component>/<version>/bin/...   (default ~/.cache/edge-canary)
# and links them into one tools dir ($EDGE_CANARY_CACHE/tools/<kubernetes version>) laid out the
# way `--tools-dir` expects (kubectl, kube-apiserver, ..., etcd, kwok, kwokctl). Linkerd CLIs are
# not built here: put them in the tools dir as linkerd-<tag> (see docs/development.md).
#
# Usage: scripts/sim/build.sh [--kubernetes 1.N|v1.N.P] [kubernetes|etcd|kwok|gateway-api|helm|all]...
# (default: all, for the pinned default Kubernetes; a minor picks its pin from pins.json).
# Prints the tools dir on its last line. A failed build prints the Go error and exits non-zero.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pin() { node -e 'const p=require(process.argv[1]);const v=p[process.argv[2]];console.log(Array.isArray(v)?v.join(" "):v)' "$here/pins.json" "$1"; }
minor_pin() { node -e 'const p=require(process.argv[1]);console.log(p.kubernetesMinors[process.argv[2]]??"")' "$here/pins.json" "$1"; }
cache=${EDGE_CANARY_CACHE:-$HOME/.cache/edge-canary}
k8s_version=$(pin kubernetes)
if [ "${1:-}" = --kubernetes ]; then
  case "${2:-}" in
    v1.*.*) k8s_version=$2 ;;
    1.*) k8s_version=$(minor_pin "$2") ;;
    *) k8s_version="" ;;
  esac
  [ -n "$k8s_version" ] || { echo "[sim-build] --kubernetes takes a minor of pins.json (1.30 to 1.35) or v1.N.P, not '${2:-}'" >&2; exit 2; }
  shift 2
fi
tools="$cache/tools/$k8s_version"
mkdir -p "$tools"

log() { printf '[sim-build] %s\n' "$*" >&2; }

failed=()

# Runs "$2..." in a fresh temp dir that becomes $cache/$1 only when it succeeds; the rename is
# atomic, so two racing builds never see a half-built dir and the loser just drops its copy.
# Failures are collected in $failed: called as `f || x`, errexit would be off in all of f.
cached_build() {
  local key=$1; shift
  local final="$cache/$key"
  if [ -d "$final" ]; then log "$key: cached"; return 0; fi
  mkdir -p "$(dirname "$final")"
  local tmp; tmp=$(mktemp -d "$final.tmp.XXXXXX")
  local start=$SECONDS
  log "$key: building"
  # set -e does not apply inside an `if` condition, so run the body in its own errexit subshell.
  set +e; (set -e; cd "$tmp"; "$@"); local rc=$?; set -e
  if [ $rc -ne 0 ]; then rm -rf "$tmp"; log "$key: FAILED"; failed+=("$key"); return 0; fi
  mv -T "$tmp" "$final" 2>/dev/null || rm -rf "$tmp"
  log "$key: built in $((SECONDS - start))s"
}

gomod_path() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p'; }

build_kubernetes() {
  local v=$k8s_version minor; minor=$(echo "$v" | cut -d. -f2)
  local upstream; upstream=$(gomod_path "k8s.io/kubernetes@$v")
  mkdir -p src bin
  # k8s.io/kubernetes replaces its staging modules with local paths, which do not apply to a
  # dependency: point each at its published v0.N.P instead.
  {
    echo "module edge-canary.local/sim-kubernetes"
    echo "go $(sed -n 's/^go //p' "$upstream")"
    grep '^godebug' "$upstream" || true
    echo "require k8s.io/kubernetes $v"
    echo "replace ("
    sed -n '/^replace (/,/^)/p' "$upstream" | sed -n 's#^\s*\(k8s.io/[^ ]*\) => ./staging/.*#\t\1 => \1 v0.'"${v#v1.}"'#p'
    echo ")"
  } > src/go.mod
  local ldflags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  local cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  cmds=("${cmds[@]/#/k8s.io/kubernetes/cmd/}")
  (cd src && go get "${cmds[@]/%/@$v}" 2>&1 | grep -v '^go: \(downloading\|upgraded\|added\)' >&2 || true)
  for pkg in "${cmds[@]}"; do
    local t=$SECONDS
    (cd src && go build -ldflags "$ldflags" -o "../bin/${pkg##*/}" "$pkg")
    log "  ${pkg##*/}: $((SECONDS - t))s"
  done
}

build_etcd() {
  local v; v=$(pin etcd)
  mkdir -p src bin
  cat > src/main.go <<'GO'
// etcd's main module has replace directives, so `go install` refuses it; its server module
// exposes the same entry point.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd src && go mod init edge-canary.local/sim-etcd >/dev/null 2>&1 && go get "go.etcd.io/etcd/server/v3@$v" >/dev/null && go mod tidy >/dev/null && go build -o ../bin/etcd .)
}

build_kwok() {
  local v; v=$(pin kwok)
  mkdir -p bin
  GOBIN="$PWD/bin" go install "sigs.k8s.io/kwok/cmd/kwok@$v" "sigs.k8s.io/kwok/cmd/kwokctl@$v"
}

# The standard Gateway API CRDs (2.19+ need them installed before Linkerd), from the Go
# module's own config/crd/standard, as the one file the tools dir expects.
build_gateway_api() {
  local v; v=$(pin gatewayApi)
  local dir; dir=$(go mod download -json "sigs.k8s.io/gateway-api@$v" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  mkdir -p bin
  for f in "$dir"/config/crd/standard/*.yaml; do printf -- '---\n'; cat "$f"; done > bin/gateway-api-crds.yaml
}

# Helm, for the install-method: helm path; version stamped so `helm version` reports the pin.
build_helm() {
  local v; v=$(pin helm)
  mkdir -p bin
  GOBIN="$PWD/bin" go install -ldflags "-X helm.sh/helm/v3/internal/version.version=$v" "helm.sh/helm/v3/cmd/helm@$v"
}

link_into_tools() { # $1 = cache key
  for f in "$cache/$1"/bin/*; do [ -e "$f" ] && ln -sfn "$f" "$tools/$(basename "$f")"; done
}

targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(all)
expanded=()
for t in "${targets[@]}"; do
  if [ "$t" = all ]; then
    expanded+=(kubernetes etcd kwok gateway-api helm)
  else expanded+=("$t"); fi
done

for t in "${expanded[@]}"; do
  case "$t" in
    kubernetes) key="kubernetes/$k8s_version"; cached_build "$key" build_kubernetes ;;
    etcd) key="etcd/$(pin etcd)"; cached_build "$key" build_etcd ;;
    kwok) key="kwok/$(pin kwok)"; cached_build "$key" build_kwok ;;
    gateway-api) key="gateway-api/$(pin gatewayApi)"; cached_build "$key" build_gateway_api ;;
    helm) key="helm/$(pin helm)"; cached_build "$key" build_helm ;;
    *) log "unknown component: $t (expected kubernetes, etcd, kwok, gateway-api, helm, all)"; exit 2 ;;
  esac
  [ -d "$cache/$key" ] && link_into_tools "$key"
done
echo "$tools"
if [ ${#failed[@]} -gt 0 ]; then log "failed: ${failed[*]}"; exit 1; fi
