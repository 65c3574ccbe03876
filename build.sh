#!/usr/bin/env bash
# Bootstrap for the build: find (or install) the .NET SDK that global.json asks for, build build/ once, then run it.
# A warm call — nothing under build/, global.json or the Directory.*.props changed since the last build — runs the
# compiled build straight away: about one .NET process start. Arguments pass through unchanged; the exit code is
# the build's. BUILD_TRACE=1 explains each decision on stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMP="$ROOT/.nuke/temp"
BIN="$TEMP/build-bin"
STAMP="$TEMP/build.stamp"
INPUTS=(build global.json Directory.Build.props Directory.Packages.props)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
       DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false

trace() { if [ -n "${BUILD_TRACE:-}" ]; then echo "build.sh: $*" >&2; fi; }

# Newer than the stamp: cheap, and enough unless a checkout restored older timestamps (the fingerprint covers that).
changed_since_stamp() {
  (cd "$ROOT" && find "${INPUTS[@]}" \( -name bin -o -name obj \) -prune -o -newer "$STAMP" -print -quit 2>/dev/null)
}

fingerprint() {
  (cd "$ROOT" && find "${INPUTS[@]}" \( -name bin -o -name obj \) -prune -o -type f -print0 2>/dev/null \
     | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# --- warm path -------------------------------------------------------------------------------------------------
if [ -f "$STAMP" ] && [ -f "$BIN/_build.dll" ]; then
  read -r STAMP_DOTNET STAMP_HASH < "$STAMP" || true
  if [ -x "${STAMP_DOTNET:-}" ]; then
    if [ -z "$(changed_since_stamp)" ]; then
      trace "warm: build inputs unchanged since the last build; running the compiled build"
      exec "$STAMP_DOTNET" "$BIN/_build.dll" "$@"
    fi
    if [ "$(fingerprint)" = "${STAMP_HASH:-}" ]; then
      touch "$STAMP"
      trace "warm: build inputs touched but unchanged (same fingerprint); running the compiled build"
      exec "$STAMP_DOTNET" "$BIN/_build.dll" "$@"
    fi
    trace "cold: build inputs changed since the last build"
  fi
fi

# --- cold path: an SDK that satisfies global.json ---------------------------------------------------------------
DOTNET=""
if command -v dotnet >/dev/null 2>&1 && (cd "$ROOT" && dotnet --version >/dev/null 2>&1); then
  DOTNET="$(command -v dotnet)"
  trace "using the installed SDK $(cd "$ROOT" && dotnet --version) ($DOTNET)"
else
  VERSION="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/global.json" | head -n 1)"
  INSTALL_DIR="$TEMP/dotnet-unix"
  DOTNET="$INSTALL_DIR/dotnet"
  if [ ! -x "$DOTNET" ] || ! (cd "$ROOT" && "$DOTNET" --version >/dev/null 2>&1); then
    trace "no installed SDK satisfies global.json; installing SDK $VERSION into .nuke/temp/dotnet-unix"
    mkdir -p "$TEMP"
    SCRIPT="${DOTNET_INSTALL_SCRIPT:-$TEMP/dotnet-install.sh}"
    if [ ! -f "$SCRIPT" ]; then
      curl -fsSL https://dot.net/v1/dotnet-install.sh -o "$SCRIPT"
    fi
    bash "$SCRIPT" --install-dir "$INSTALL_DIR" --version "$VERSION" --no-path
  else
    trace "using the SDK installed earlier in .nuke/temp/dotnet-unix"
  fi
  export DOTNET_ROOT="$INSTALL_DIR" PATH="$INSTALL_DIR:$PATH"
fi

# --- build once, then stamp ---------------------------------------------------------------------------------------
mkdir -p "$TEMP"
HASH="$(fingerprint)"
echo "$DOTNET $HASH" > "$STAMP.new"   # timestamped before the build: an edit made during the build is not missed
trace "building build/_build.csproj into .nuke/temp/build-bin"
LOG="$TEMP/build-output.log"
QUIET=(--nologo -v quiet -clp:NoSummary -p:UseSharedCompilation=false -nodeReuse:false)
rm -rf "$BIN"
# Published ReadyToRun (precompiled) for the current runtime: a warm start then skips most JIT work. Only where the
# ReadyToRun compiler package cannot be restored does a plain build do the job instead (a little slower to start).
if ! "$DOTNET" publish "$ROOT/build/_build.csproj" -c Release --use-current-runtime --self-contained false \
       -p:PublishReadyToRun=true -o "$BIN" "${QUIET[@]}" >"$LOG" 2>&1; then
  if grep -qiE "crossgen|NU1101|NU1102|NETSDK1094|NETSDK1095" "$LOG" &&
     { trace "ReadyToRun is not available here; building without it"; true; } &&
     "$DOTNET" build "$ROOT/build/_build.csproj" -o "$BIN" "${QUIET[@]}" >"$LOG" 2>&1; then
    :
  else
    grep -E "error" "$LOG" | sort -u >&2 || cat "$LOG" >&2
    echo "build.sh: compiling the build failed (full log: .nuke/temp/build-output.log)" >&2
    rm -f "$STAMP.new"
    exit 1
  fi
fi
mv -f "$STAMP.new" "$STAMP"
# The build created obj/ folders, which makes build/ itself look newer: re-stamp now unless an input really changed.
if [ "$(fingerprint)" = "$HASH" ]; then touch "$STAMP"; fi
trace "running the freshly built build"
exec "$DOTNET" "$BIN/_build.dll" "$@"
