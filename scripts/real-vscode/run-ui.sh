#!/usr/bin/env bash
# Installs the packaged extension (.vsix) into a real VS Code (code-server), opens a copy of
# examples/acme-saas in headless chromium and checks what a user sees: the coverage view with its
# categories and a gap, a squiggle and its Problems row, the completion widget listing criterion
# ids. Saves screenshots (docs/images/*.png by default, for the README).
# usage: run-ui.sh [file.vsix] [screenshot dir]
#   default vsix: attest-<version>.vsix at the repository root (npm run package builds it)
# env: TOOLS, PORT, ATTEST_TODAY (2026-10-01), KEEP_RUN=1, UI_TIMEOUT (s, 300)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
VERSION=$(node -p 'require(process.argv[1]).version' "$REPO/package.json")
VSIX=$(realpath "${1:-$REPO/attest-$VERSION.vsix}")
SHOTS=$(mkdir -p "${2:-$REPO/docs/images}" && realpath "${2:-$REPO/docs/images}")
[ -f "$VSIX" ] || { echo "missing $VSIX: run npm run package"; exit 2; }
bash "$HERE/setup.sh" apt node24 cs pw

new_run_dir
step "installing $(basename "$VSIX") into code-server"
code_server --install-extension "$VSIX" --force > "$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }
LIST=$(code_server --list-extensions --show-versions 2>/dev/null)
echo "$LIST" | grep -qx "attest-dev.attest@$VERSION" || { echo "the .vsix did not install: list-extensions says:"; echo "$LIST"; cat "$RUN/install.log"; exit 1; }
step "installed: attest-dev.attest@$VERSION"

WS="$RUN/ws/acme-saas"; mkdir -p "$RUN/ws"; cp -r "$REPO/examples/acme-saas" "$WS"
export ATTEST_TODAY=${ATTEST_TODAY:-2026-10-01}
start_code_server
URL="$BASE/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$WS")"
set +e
NODE_PATH="$TOOLS/pw/node_modules" timeout "${UI_TIMEOUT:-300}" node "$HERE/drive-ui.js" "$URL" "$SHOTS"
rc=$?
set -e
step "UI check exit code: $rc"
[ $rc -eq 0 ] || { echo "--- code-server log (tail)"; tail -20 "$RUN/code-server.log"; }
exit $rc
