#!/usr/bin/env pwsh
# Bootstrap for the build (PowerShell twin of build.sh): find (or install) the .NET SDK that global.json asks for,
# build build/ once, then run it. A warm call — nothing under build/, global.json or the Directory.*.props changed
# since the last build — runs the compiled build straight away. Arguments pass through unchanged; the exit code is
# the build's. $env:BUILD_TRACE=1 explains each decision on stderr.
#
# Several starts at once are safe: one compiles while holding .nuke/temp/build.lock open exclusively (build.sh's
# flock respects it, and it respects build.sh's), the others say that they wait and then start warm. Each build is
# published into a fresh folder that the stamp names, so a build still running from the previous folder keeps it.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$Stamp = Join-Path $Temp 'build.stamp'   # one line: <dotnet> <fingerprint of the inputs> <folder under .nuke/temp>
$LockPath = Join-Path $Temp 'build.lock'
$Inputs = @('build', 'global.json', 'Directory.Build.props', 'Directory.Packages.props', '.editorconfig')

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE = '1'

function Trace([string] $Message) { if ($env:BUILD_TRACE) { [Console]::Error.WriteLine("build.ps1: $Message") } }

# Every input file except build output, in a stable order.
function Get-InputFiles {
    foreach ($item in $Inputs) {
        $path = Join-Path $Root $item
        if (Test-Path $path -PathType Leaf) { Get-Item -Force $path }
        elseif (Test-Path $path) {
            Get-ChildItem $path -Recurse -File -Force | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        }
    }
}

# The same fingerprint as build.sh (sha256 of "hash  path" lines, paths sorted ordinally), so both share one stamp.
function Get-Fingerprint {
    $files = @(Get-InputFiles | ForEach-Object { $_.FullName.Substring($Root.Length + 1).Replace('\', '/') })
    [Array]::Sort($files, [StringComparer]::Ordinal)
    $text = -join ($files | ForEach-Object {
        "$((Get-FileHash (Join-Path $Root $_) -Algorithm SHA256).Hash.ToLowerInvariant())  $_`n"
    })
    $hash = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($text))
    return [Convert]::ToHexString($hash).ToLowerInvariant()
}

# The lock is never held by the build itself, or every other start would wait for it.
function Invoke-Build([string] $Dotnet, [string] $Folder) {
    if ($script:Lock) { $script:Lock.Dispose() }
    & $Dotnet (Join-Path $Folder '_build.dll') @args
    exit $LASTEXITCODE
}

# Runs the compiled build when the stamp still describes the inputs; returns when a build is needed.
function Start-Warm {
    if (-not (Test-Path $Stamp)) { return }
    $recorded = @((Get-Content $Stamp -Raw).Trim() -split ' ')
    if ($recorded.Count -ne 3) { return }
    $script:PreviousBin = $recorded[2]
    $folder = Join-Path $Temp $recorded[2]
    if (-not ((Test-Path $recorded[0]) -and (Test-Path (Join-Path $folder '_build.dll')))) { return }
    $stampTime = (Get-Item $Stamp).LastWriteTimeUtc
    $dirs = $Inputs | ForEach-Object { Join-Path $Root $_ } | Where-Object { Test-Path $_ -PathType Container } | Get-Item
    $newer = @(Get-InputFiles) + @($dirs) | Where-Object { $_.LastWriteTimeUtc -gt $stampTime } | Select-Object -First 1
    if (-not $newer) {
        Trace 'warm: build inputs unchanged since the last build; running the compiled build'
        Invoke-Build $recorded[0] $folder @args
    }
    if ((Get-Fingerprint) -eq $recorded[1]) {
        (Get-Item $Stamp).LastWriteTimeUtc = [DateTime]::UtcNow
        Trace 'warm: build inputs touched but unchanged (same fingerprint); running the compiled build'
        Invoke-Build $recorded[0] $folder @args
    }
    Trace 'cold: build inputs changed since the last build'
}

function Open-Lock { [IO.File]::Open($LockPath, 'OpenOrCreate', 'ReadWrite', 'None') }

$Lock = $null
$PreviousBin = ''
Start-Warm @args

New-Item -ItemType Directory -Force -Path $Temp | Out-Null
try { $Lock = Open-Lock } catch [IO.IOException] {
    [Console]::Error.WriteLine('build.ps1: another build.sh or build.ps1 is compiling the build; waiting for it (.nuke/temp/build.lock)')
    while (-not $Lock) {
        Start-Sleep -Milliseconds 250
        try { $Lock = Open-Lock } catch [IO.IOException] { }
    }
    # What it compiled is probably what this call needs.
    Start-Warm @args
}

# --- cold path: an SDK that satisfies global.json -------------------------------------------------------------------
function Test-Sdk([string] $Dotnet) {
    Push-Location $Root
    try { & $Dotnet --version *> $null; return $LASTEXITCODE -eq 0 } catch { return $false } finally { Pop-Location }
}

$dotnet = (Get-Command dotnet -ErrorAction SilentlyContinue)?.Source
if ($dotnet -and (Test-Sdk $dotnet)) {
    Trace "using the installed SDK ($dotnet)"
} else {
    $version = (Get-Content (Join-Path $Root 'global.json') -Raw | ConvertFrom-Json).sdk.version
    $installDir = Join-Path $Temp ($IsWindows ? 'dotnet-win' : 'dotnet-unix')
    $dotnet = Join-Path $installDir ($IsWindows ? 'dotnet.exe' : 'dotnet')
    if (-not ((Test-Path $dotnet) -and (Test-Sdk $dotnet))) {
        Trace "no installed SDK satisfies global.json; installing SDK $version into $([IO.Path]::GetRelativePath($Root, $installDir))"
        New-Item -ItemType Directory -Force -Path $Temp | Out-Null
        if ($IsWindows) {
            $script = $env:DOTNET_INSTALL_SCRIPT ?? (Join-Path $Temp 'dotnet-install.ps1')
            if (-not (Test-Path $script)) { Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $script }
            & $script -InstallDir $installDir -Version $version -NoPath
        } else {
            $script = $env:DOTNET_INSTALL_SCRIPT ?? (Join-Path $Temp 'dotnet-install.sh')
            if (-not (Test-Path $script)) { Invoke-WebRequest 'https://dot.net/v1/dotnet-install.sh' -OutFile $script }
            & bash $script --install-dir $installDir --version $version --no-path
        }
        if ($LASTEXITCODE -ne 0) { throw "installing the .NET SDK $version failed" }
    } else {
        Trace 'using the SDK installed earlier in .nuke/temp'
    }
    $env:DOTNET_ROOT = $installDir
    $env:PATH = $installDir + [IO.Path]::PathSeparator + $env:PATH
}

# --- build once into a fresh folder, then stamp ----------------------------------------------------------------------
$hash = Get-Fingerprint
$binName = "build-bin-$([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())-$PID"
$bin = Join-Path $Temp $binName
"$dotnet $hash $binName" | Set-Content -NoNewline "$Stamp.new"   # timestamped before the build
Trace "building build/_build.csproj into .nuke/temp/$binName"
$log = Join-Path $Temp 'build-output.log'
$quiet = @('--nologo', '-v', 'quiet', '-clp:NoSummary', '-p:UseSharedCompilation=false', '-nodeReuse:false')
# The committed lock files describe the runtime-neutral restore; this one adds the machine's runtime, so it keeps its
# lock file in obj/ (the versions come from Directory.Packages.props either way).
$quiet += @('-p:NuGetLockFilePath=obj/publish.packages.lock.json', '-p:RestoreLockedMode=false')
# The quality gates (analyzers, code style, XML docs) cost about ten seconds of every cold start and decide nothing a
# user's run needs: ./build.sh Test and CI compile build/ with every gate on, so a violation still fails there.
$quiet += @('-p:RunAnalyzers=false', '-p:EnforceCodeStyleInBuild=false', '-p:GenerateDocumentationFile=false')
# Published ReadyToRun (precompiled) for the current runtime: a warm start then skips most JIT work. Only where the
# ReadyToRun compiler package cannot be restored does a plain build do the job instead (a little slower to start).
& $dotnet publish (Join-Path $Root 'build/_build.csproj') -c Release --use-current-runtime --self-contained false `
    -p:PublishReadyToRun=true -o $bin @quiet *> $log
if ($LASTEXITCODE -ne 0 -and (Select-String -Path $log -Pattern 'crossgen|NU1101|NU1102|NETSDK1094|NETSDK1095' -Quiet)) {
    Trace 'ReadyToRun is not available here; building without it'
    if (Test-Path $bin) { Remove-Item -Recurse -Force $bin }
    & $dotnet build (Join-Path $Root 'build/_build.csproj') -o $bin @quiet *> $log
}
if ($LASTEXITCODE -ne 0) {
    Get-Content $log | Where-Object { $_ -match 'error' } | Sort-Object -Unique | ForEach-Object { [Console]::Error.WriteLine($_) }
    [Console]::Error.WriteLine('build.ps1: compiling the build failed (full log: .nuke/temp/build-output.log)')
    Remove-Item -Force "$Stamp.new"
    if (Test-Path $bin) { Remove-Item -Recurse -Force $bin }
    exit 1
}
Move-Item -Force "$Stamp.new" $Stamp
# The build created obj/ folders, which makes build/ itself look newer: re-stamp now unless an input really changed.
if ((Get-Fingerprint) -eq $hash) { (Get-Item $Stamp).LastWriteTimeUtc = [DateTime]::UtcNow }
# Older builds go; the one just replaced stays, for a build that may still be running from it.
Get-ChildItem $Temp -Directory -Filter 'build-bin*' | Where-Object { $_.Name -notin @($binName, $PreviousBin) } |
    ForEach-Object { Remove-Item -Recurse -Force $_.FullName -ErrorAction SilentlyContinue }
Trace 'running the freshly built build'
Invoke-Build $dotnet $bin @args
