#!/usr/bin/env bash
# Prepares a Debian host for faultline, idempotently: a Docker engine that answers, debootstrap
# and iptables for local image builds, Chromium for the report tests, and the Toxiproxy server
# built from its Go module when no Toxiproxy image exists yet. On a machine that already has all of this it changes nothing.
# Needs root only when something must be installed or started. Names no registry or mirror:
# apt uses the machine's own configuration.
set -euo pipefail

TOXIPROXY_MODULE="github.com/Shopify/toxiproxy/v2/cmd/server"
TOXIPROXY_VERSION="v2.12.0"
DOCKERD_LOG="${FAULTLINE_DOCKERD_LOG:-/var/log/faultline-dockerd.log}"
ENGINE_DEADLINE_S="${FAULTLINE_ENGINE_DEADLINE_S:-60}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOXIPROXY_BIN="$ROOT/fixtures/images/toxiproxy/toxiproxy-server"

say() { printf 'provision: %s\n' "$*"; }
die() { printf 'provision: error: %s\n' "$*" >&2; exit 2; }
have() { command -v "$1" >/dev/null 2>&1; }
engine_answers() { have docker && timeout 10 docker info >/dev/null 2>&1; }

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root; run this script as root (or with sudo)"
}

apt_updated=0
apt_install() {
  need_root "installing $*"
  have apt-get || die "cannot install $* here: no apt-get (this script provisions Debian hosts)"
  if [ "$apt_updated" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  say "installed $*"
}

# 1. Host packages, only where missing.
missing=()
if ! engine_answers; then
  have dockerd || missing+=(docker.io)
fi
have debootstrap || missing+=(debootstrap)
have iptables || missing+=(iptables)
# Debian's Chromium: the HTML timeline is checked in a real headless browser.
have chromium || missing+=(chromium)
# stress-ng: the background CPU load of the load table (npm run bench:load-table).
have stress-ng || missing+=(stress-ng)
if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; else say "host packages present"; fi

# 2. A Docker engine that answers: reuse one, else start dockerd in the background.
if engine_answers; then
  say "Docker engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown version))"
else
  need_root "starting dockerd"
  have dockerd || die "dockerd is not installed and no engine answers"
  say "starting dockerd (log: $DOCKERD_LOG)"
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  setsid nohup dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  deadline=$((SECONDS + ENGINE_DEADLINE_S))
  until engine_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer within ${ENGINE_DEADLINE_S}s (log above, full log in $DOCKERD_LOG)"
    fi
    sleep 0.5
  done
  say "Docker engine answers ($(docker version --format '{{.Server.Version}}'))"
fi

# 3. Toxiproxy: the official image, when present, is used as it is. A local build's tag is a
#    hash of its context, binary included, so the binary is needed even when an older local
#    image exists.
if [ -n "$(docker images -q ghcr.io/shopify/toxiproxy:2.12.0)" ]; then
  say "the official Toxiproxy image exists"
elif [ -x "$TOXIPROXY_BIN" ] && "$TOXIPROXY_BIN" --version | grep -q "${TOXIPROXY_VERSION#v}"; then
  say "Toxiproxy server $TOXIPROXY_VERSION already built"
elif have go; then
  say "building Toxiproxy server $TOXIPROXY_VERSION from its Go module"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # Static, and with the version stamped in, as the project's own release builds do.
  GOBIN="$work" CGO_ENABLED=0 go install -trimpath \
    -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=${TOXIPROXY_VERSION#v}" \
    "${TOXIPROXY_MODULE}@${TOXIPROXY_VERSION}"
  install -m 0755 "$work/server" "$TOXIPROXY_BIN"
  say "Toxiproxy server: $("$TOXIPROXY_BIN" --version)"
else
  say "warning: no Toxiproxy image and no Go toolchain: the local Toxiproxy image cannot be built (install Go, or load ghcr.io/shopify/toxiproxy:2.12.0)"
fi

# 4. Node.js, which runs faultline itself.
if have node; then
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=11)?0:1)' \
    || say "warning: Node.js $(node --version) is older than 20.11, which faultline needs"
else
  say "warning: no Node.js on PATH; faultline needs Node.js 20.11 or later"
fi
say "done"
