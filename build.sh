#!/usr/bin/env bash
# Bootstrap for the build: find (or install) the .NET SDK that global.json asks for, build build/ once, then run it.
# A warm call — nothing under build/, global.json or the Directory.*.props changed since the last build — runs the
# compiled build straight away: about one .NET process start. Arguments pass through unchanged; the exit code is
# the build's. BUILD_TRACE=1 explains each decision on stderr.
#
# Several starts at once (an editor's task and a terminal, tests side by side) are safe: one compiles under a lock
# (.nuke/temp/build.lock, shared with build.ps1), the others say that they wait and then start warm. Each build is
# published into a fresh folder that the stamp names, so a build still running from the previous folder keeps it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMP="$ROOT/.nuke/temp"
STAMP="$TEMP/build.stamp"   # one line: <dotnet> <fingerprint of the inputs> <folder under .nuke/temp holding the build>
LOCK="$TEMP/build.lock"
INPUTS=(build global.json Directory.Build.props Directory.Packages.props .editorconfig)

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

# The lock is never held by the build itself: fd 9 is closed before exec, or every other start would wait for it.
run() {
  exec 9>&-
  exec "$1" "$2/_build.dll" "${@:3}"
}

# Runs the compiled build when the stamp still describes the inputs; returns when a build is needed.
start_warm() {
  [ -f "$STAMP" ] || return 0
  local stamp_dotnet="" stamp_hash="" stamp_bin=""
  read -r stamp_dotnet stamp_hash stamp_bin < "$STAMP" || true
  PREVIOUS_BIN="$stamp_bin"
  [ -n "$stamp_bin" ] && [ -f "$TEMP/$stamp_bin/_build.dll" ] && [ -x "$stamp_dotnet" ] || return 0
  if [ -z "$(changed_since_stamp)" ]; then
    trace "warm: build inputs unchanged since the last build; running the compiled build"
    run "$stamp_dotnet" "$TEMP/$stamp_bin" "$@"
  fi
  if [ "$(fingerprint)" = "$stamp_hash" ]; then
    touch "$STAMP"
    trace "warm: build inputs touched but unchanged (same fingerprint); running the compiled build"
    run "$stamp_dotnet" "$TEMP/$stamp_bin" "$@"
  fi
  trace "cold: build inputs changed since the last build"
}

# flock(1) where it exists (Linux); elsewhere perl's flock on the same descriptor (macOS). Either way the lock
# belongs to fd 9's open file, which .NET's exclusive file handle in build.ps1 respects too.
lock() {
  if command -v flock >/dev/null 2>&1; then flock "$@" 9
  else perl -MFcntl=:flock -e 'open(my $f, ">&=9") or die "fd 9: $!"; flock($f, LOCK_EX | ($ARGV[0] ? LOCK_NB : 0)) or exit 1' "${1:+1}"
  fi
}

PREVIOUS_BIN=""
start_warm "$@"

mkdir -p "$TEMP"
exec 9>"$LOCK"
if ! lock -n; then
  echo "build.sh: another build.sh or build.ps1 is compiling the build; waiting for it (.nuke/temp/build.lock)" >&2
  lock
  # What it compiled is probably what this call needs.
  start_warm "$@"
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

# --- build once into a fresh folder, then stamp ---------------------------------------------------------------------
HASH="$(fingerprint)"
BIN_NAME="build-bin-$(date +%s)-$$"
BIN="$TEMP/$BIN_NAME"
echo "$DOTNET $HASH $BIN_NAME" > "$STAMP.new"   # timestamped before the build: an edit made during the build is not missed
trace "building build/_build.csproj into .nuke/temp/$BIN_NAME"
LOG="$TEMP/build-output.log"
QUIET=(--nologo -v quiet -clp:NoSummary -p:UseSharedCompilation=false -nodeReuse:false)
# Published ReadyToRun (precompiled) for the current runtime: a warm start then skips most JIT work. Only where the
# ReadyToRun compiler package cannot be restored does a plain build do the job instead (a little slower to start).
# The committed lock files describe the runtime-neutral restore; this one adds the machine's runtime, so it keeps its
# lock file in obj/ (the versions come from Directory.Packages.props either way).
LOCKS=(-p:NuGetLockFilePath=obj/publish.packages.lock.json -p:RestoreLockedMode=false)
# The quality gates (analyzers, code style, XML docs) cost about ten seconds of every cold start and decide nothing a
# user's run needs: ./build.sh Test and CI compile build/ with every gate on, so a violation still fails there.
LOCKS+=(-p:RunAnalyzers=false -p:EnforceCodeStyleInBuild=false -p:GenerateDocumentationFile=false)
if ! "$DOTNET" publish "$ROOT/build/_build.csproj" -c Release --use-current-runtime --self-contained false \
       -p:PublishReadyToRun=true -o "$BIN" "${QUIET[@]}" "${LOCKS[@]}" >"$LOG" 2>&1; then
  if grep -qiE "crossgen|NU1101|NU1102|NETSDK1094|NETSDK1095" "$LOG" &&
     { trace "ReadyToRun is not available here; building without it"; true; } &&
     rm -rf "$BIN" && "$DOTNET" build "$ROOT/build/_build.csproj" -o "$BIN" "${QUIET[@]}" "${LOCKS[@]}" >"$LOG" 2>&1; then
    :
  else
    grep -E "error" "$LOG" | sort -u >&2 || cat "$LOG" >&2
    echo "build.sh: compiling the build failed (full log: .nuke/temp/build-output.log)" >&2
    rm -rf "$STAMP.new" "$BIN"
    exit 1
  fi
fi
mv -f "$STAMP.new" "$STAMP"
# The build created obj/ folders, which makes build/ itself look newer: re-stamp now unless an input really changed.
if [ "$(fingerprint)" = "$HASH" ]; then touch "$STAMP"; fi
# Older builds go; the one just replaced stays, for a build that may still be running from it.
for old in "$TEMP"/build-bin*; do
  case "$(basename "$old")" in "$BIN_NAME"|"${PREVIOUS_BIN:-$BIN_NAME}") ;; *) rm -rf "$old" ;; esac
done
trace "running the freshly built build"
run "$DOTNET" "$BIN" "$@"
