using System.Diagnostics;

namespace Build.Tests;

/// <summary>build.sh and build.ps1 in a temporary copy of the repository, judged by their own BUILD_TRACE lines
/// (never by timing): the first call builds, later calls take the warm path, a change rebuilds.</summary>
public sealed class BootstrapTests
{
    static readonly string[] Files = ["build.sh", "build.ps1", "global.json", "Directory.Build.props", "Directory.Packages.props", "dotnet-tools.json", ".nuke/parameters.json", ".nuke/build.schema.json"];

    static string CopyOfRepository()
    {
        var source = Harness.RepositoryRoot();
        var copy = Path.Combine(Path.GetTempPath(), "bootstrap-tests", Guid.NewGuid().ToString("n"));
        foreach (var file in Files) CopyFile(Path.Combine(source, file), Path.Combine(copy, file));
        var build = Path.Combine(source, "build");
        foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(build, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            CopyFile(file, Path.Combine(copy, "build", relative));
        }
        return copy;
    }

    static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    sealed record Call(int ExitCode, string Out, string Trace);

    static async Task<Call> Invoke(string root, string program, IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["BUILD_TRACE"] = "1", ["NO_COLOR"] = "1" },
        };
        foreach (var (k, v) in environment ?? []) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        return new Call(process.ExitCode, await stdout, await stderr);
    }

    static Task<Call> Sh(string root, params string[] args) => Invoke(root, "bash", ["build.sh", .. args]);

    static Task<Call> Pwsh(string root, params string[] args) => Invoke(root, "dotnet", ["tool", "run", "pwsh", "-NoProfile", "-File", "build.ps1", .. args]);

    [Fact]
    public async Task Build_sh_builds_once_then_starts_warm_and_rebuilds_after_a_change()
    {
        var root = CopyOfRepository();

        var first = await Sh(root, "--help");
        first.ExitCode.ShouldBe(0, first.Trace);
        first.Trace.ShouldContain("build.sh: building build/_build.csproj into .nuke/temp/build-bin");
        first.Out.ShouldContain("Targets (→ direct dependencies):");

        var second = await Sh(root, "--help");
        second.ExitCode.ShouldBe(0, second.Trace);
        second.Trace.Trim().ShouldBe("build.sh: warm: build inputs unchanged since the last build; running the compiled build");
        second.Out.ShouldBe(first.Out);

        File.SetLastWriteTimeUtc(Path.Combine(root, "build", "Build.cs"), DateTime.UtcNow.AddMinutes(1));
        var touched = await Sh(root, "--help");
        touched.Trace.Trim().ShouldBe("build.sh: warm: build inputs touched but unchanged (same fingerprint); running the compiled build");

        File.AppendAllText(Path.Combine(root, "build", "Build.cs"), "\n// changed\n");
        File.SetLastWriteTimeUtc(Path.Combine(root, "build", "Build.cs"), DateTime.UtcNow.AddMinutes(2));
        var changed = await Sh(root, "--help");
        changed.ExitCode.ShouldBe(0, changed.Trace);
        changed.Trace.ShouldContain("build.sh: cold: build inputs changed since the last build");
        changed.Trace.ShouldContain("build.sh: building build/_build.csproj");
    }

    [Fact]
    public async Task Build_sh_passes_arguments_through_and_returns_the_build_exit_code()
    {
        var root = CopyOfRepository();
        var call = await Sh(root, "Verify", "--environment", "Dev 1");
        call.ExitCode.ShouldBe(2);
        call.Trace.ShouldEndWith("--environment: 'Dev 1' is not a lowercase DNS label (a-z, 0-9, '-'; starts with a letter)\n");
        (await Sh(root, "--clod", "aws")).ExitCode.ShouldBe(2);
        (await Sh(root, "--plan", "Verify")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Build_ps1_under_pwsh_builds_once_starts_warm_and_shares_the_stamp_with_build_sh()
    {
        var root = CopyOfRepository();

        var first = await Pwsh(root, "--plan", "Verify");
        first.ExitCode.ShouldBe(0, first.Trace + first.Out);
        first.Trace.ShouldContain("build.ps1: building build/_build.csproj into .nuke/temp/build-bin");
        first.Out.ShouldContain("└── Verify");

        var second = await Pwsh(root, "--clod", "aws");
        second.ExitCode.ShouldBe(2);
        second.Trace.ShouldContain("build.ps1: warm: build inputs unchanged since the last build; running the compiled build");
        second.Trace.ShouldContain("unknown parameter '--clod'; did you mean '--cloud'?");

        var shell = await Sh(root, "--plan", "Verify");
        shell.Trace.ShouldContain("build.sh: warm:");
    }

    [Fact]
    public async Task Without_a_satisfying_SDK_build_sh_installs_the_pinned_one_under_nuke_temp()
    {
        var root = CopyOfRepository();
        File.WriteAllText(Path.Combine(root, "global.json"), """{ "sdk": { "version": "10.0.999", "rollForward": "disable" } }""");
        var log = Path.Combine(root, "install.log");
        var realDotnet = new[] { "/usr/bin/dotnet", "/usr/share/dotnet/dotnet", "/usr/local/bin/dotnet" }.First(File.Exists);
        // A stand-in for dotnet-install.sh (no network here): it records its arguments and installs a dotnet that
        // reports the pinned version and hands everything else to the real one, run outside the pinned global.json.
        var installer = Path.Combine(root, "fake-dotnet-install.sh");
        File.WriteAllText(installer, $$"""
            #!/usr/bin/env bash
            echo "install $*" >> '{{log}}'
            while [ $# -gt 0 ]; do case "$1" in --install-dir) dir="$2"; shift 2;; *) shift;; esac; done
            mkdir -p "$dir"
            cat > "$dir/dotnet" <<'SHIM'
            #!/usr/bin/env bash
            echo "dotnet $1" >> '{{log}}'
            if [ "$1" = "--version" ]; then echo 10.0.999; exit 0; fi
            cd / && exec '{{realDotnet}}' "$@"
            SHIM
            chmod +x "$dir/dotnet"
            """);

        var first = await Invoke(root, "bash", ["build.sh", "--plan", "Verify"], new() { ["DOTNET_INSTALL_SCRIPT"] = installer });
        first.ExitCode.ShouldBe(0, first.Trace + first.Out);
        first.Trace.ShouldContain("build.sh: no installed SDK satisfies global.json; installing SDK 10.0.999 into .nuke/temp/dotnet-unix");
        var lines = File.ReadAllLines(log);
        lines[0].ShouldBe($"install --install-dir {root}/.nuke/temp/dotnet-unix --version 10.0.999 --no-path");
        lines.ShouldContain("dotnet publish");

        var second = await Invoke(root, "bash", ["build.sh", "--plan", "Verify"]);
        second.ExitCode.ShouldBe(0, second.Trace);
        second.Trace.ShouldContain("build.sh: warm:");
        File.ReadAllLines(log).Count(l => l == "install --install-dir " + root + "/.nuke/temp/dotnet-unix --version 10.0.999 --no-path").ShouldBe(1);
    }
}
