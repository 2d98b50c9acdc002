#!/usr/bin/env bash
# Runs the extension's mocha suite inside a real VS Code (code-server) extension host, headless, offline.
# usage: run-ext-tests.sh [extensionDevelopmentPath] [extensionTestsPath.js] [workspaceFolder]
#   defaults: the repository, dist/test/suite/index.js, a fresh copy of examples/acme-saas
# env: TOOLS (~/.cache/real-vscode), PORT (free port), TEST_TIMEOUT (s, 600), ATTEST_TODAY (2026-10-01),
#      ATTEST_E2E_GREP (mocha grep), VERBOSE=1 (all console output), KEEP_RUN=1 (keep state + logs)
# Build first: node scripts/build.mjs && node scripts/real-vscode/build-tests.mjs
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
EXT=$(realpath "${1:-$REPO}")
TESTS=$(realpath "${2:-$REPO/dist/test/suite/index.js}")
[ -f "$TESTS" ] || { echo "missing $TESTS: run node scripts/real-vscode/build-tests.mjs"; exit 2; }
[ -f "$EXT/dist/extension.js" ] && [ -f "$EXT/dist/server.js" ] || { echo "missing $EXT/dist bundles: run node scripts/build.mjs"; exit 2; }
bash "$HERE/setup.sh" apt node24 cs pw

new_run_dir
if [ -n "${3:-}" ]; then WS=$(realpath "$3"); else
  WS="$RUN/ws/acme-saas"; mkdir -p "$RUN/ws"; cp -r "$REPO/examples/acme-saas" "$WS"
fi
# The language server inherits this through the extension host: fixed "today" for the example's gaps.
export ATTEST_TODAY=${ATTEST_TODAY:-2026-10-01}
start_code_server --vscode-option enable-smoke-test-driver

A="vscode-remote://127.0.0.1:$PORT"
URL=$(EXT="$A$EXT" TESTS="$A$TESTS" WS="$WS" node -e '
  const p = [["extensionDevelopmentPath", process.env.EXT], ["extensionTestsPath", process.env.TESTS]];
  process.stdout.write(`${process.argv[1]}/?folder=${encodeURIComponent(process.env.WS)}&payload=${encodeURIComponent(JSON.stringify(p))}`)' "$BASE")
step "running extension tests in $WS"
set +e
NODE_PATH="$TOOLS/pw/node_modules" node "$HERE/drive-tests.js" "$URL" "${TEST_TIMEOUT:-600}"
rc=$?
set -e
step "extension tests exit code: $rc"
if [ $rc -ne 0 ]; then echo "--- code-server log (tail)"; tail -30 "$RUN/code-server.log"; fi
exit $rc
