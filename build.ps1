#!/usr/bin/env pwsh
# Bootstrap for the build (PowerShell twin of build.sh): find (or install) the .NET SDK that global.json asks for,
# build build/ once, then run it. A warm call — nothing under build/, global.json or the Directory.*.props changed
# since the last build — runs the compiled build straight away. Arguments pass through unchanged; the exit code is
# the build's. $env:BUILD_TRACE=1 explains each decision on stderr.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$Bin = Join-Path $Temp 'build-bin'
$Stamp = Join-Path $Temp 'build.stamp'
$Inputs = @('build', 'global.json', 'Directory.Build.props', 'Directory.Packages.props')

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE = '1'

function Trace([string] $Message) { if ($env:BUILD_TRACE) { [Console]::Error.WriteLine("build.ps1: $Message") } }

# Every input file except build output, in a stable order.
function Get-InputFiles {
    foreach ($item in $Inputs) {
        $path = Join-Path $Root $item
        if (Test-Path $path -PathType Leaf) { Get-Item $path }
        elseif (Test-Path $path) {
            Get-ChildItem $path -Recurse -File | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
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

function Invoke-Build([string] $Dotnet) {
    & $Dotnet (Join-Path $Bin '_build.dll') @args
    exit $LASTEXITCODE
}

# --- warm path -----------------------------------------------------------------------------------------------------
if ((Test-Path $Stamp) -and (Test-Path (Join-Path $Bin '_build.dll'))) {
    $recorded = (Get-Content $Stamp -Raw).Trim() -split ' ', 2
    if ($recorded.Count -eq 2 -and (Test-Path $recorded[0])) {
        $stampTime = (Get-Item $Stamp).LastWriteTimeUtc
        $dirs = $Inputs | ForEach-Object { Join-Path $Root $_ } | Where-Object { Test-Path $_ -PathType Container } | Get-Item
        $newer = @(Get-InputFiles) + @($dirs) | Where-Object { $_.LastWriteTimeUtc -gt $stampTime } | Select-Object -First 1
        if (-not $newer) {
            Trace 'warm: build inputs unchanged since the last build; running the compiled build'
            Invoke-Build $recorded[0] @args
        }
        if ((Get-Fingerprint) -eq $recorded[1]) {
            (Get-Item $Stamp).LastWriteTimeUtc = [DateTime]::UtcNow
            Trace 'warm: build inputs touched but unchanged (same fingerprint); running the compiled build'
            Invoke-Build $recorded[0] @args
        }
        Trace 'cold: build inputs changed since the last build'
    }
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

# --- build once, then stamp -------------------------------------------------------------------------------------------
New-Item -ItemType Directory -Force -Path $Temp | Out-Null
$hash = Get-Fingerprint
"$dotnet $hash" | Set-Content -NoNewline "$Stamp.new"   # timestamped before the build
Trace 'building build/_build.csproj into .nuke/temp/build-bin'
$log = Join-Path $Temp 'build-output.log'
$quiet = @('--nologo', '-v', 'quiet', '-clp:NoSummary', '-p:UseSharedCompilation=false', '-nodeReuse:false')
if (Test-Path $Bin) { Remove-Item -Recurse -Force $Bin }
# Published ReadyToRun (precompiled) for the current runtime: a warm start then skips most JIT work. Only where the
# ReadyToRun compiler package cannot be restored does a plain build do the job instead (a little slower to start).
& $dotnet publish (Join-Path $Root 'build/_build.csproj') -c Release --use-current-runtime --self-contained false `
    -p:PublishReadyToRun=true -o $Bin @quiet *> $log
if ($LASTEXITCODE -ne 0 -and (Select-String -Path $log -Pattern 'crossgen|NU1101|NU1102|NETSDK1094|NETSDK1095' -Quiet)) {
    Trace 'ReadyToRun is not available here; building without it'
    & $dotnet build (Join-Path $Root 'build/_build.csproj') -o $Bin @quiet *> $log
}
if ($LASTEXITCODE -ne 0) {
    Get-Content $log | Where-Object { $_ -match 'error' } | Sort-Object -Unique | ForEach-Object { [Console]::Error.WriteLine($_) }
    [Console]::Error.WriteLine('build.ps1: compiling the build failed (full log: .nuke/temp/build-output.log)')
    Remove-Item -Force "$Stamp.new"
    exit 1
}
Move-Item -Force "$Stamp.new" $Stamp
# The build created obj/ folders, which makes build/ itself look newer: re-stamp now unless an input really changed.
if ((Get-Fingerprint) -eq $hash) { (Get-Item $Stamp).LastWriteTimeUtc = [DateTime]::UtcNow }
Trace 'running the freshly built build'
Invoke-Build $dotnet @args
