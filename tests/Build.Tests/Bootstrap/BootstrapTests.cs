namespace Build.Tests.Bootstrap;

/// <summary>build.sh and build.ps1 in temporary copies of the repository, judged by their own BUILD_TRACE lines
/// (never by timing). One cold compile (<see cref="ColdStart"/>) serves every scenario here: each clones its root.</summary>
public sealed class BootstrapTests
{
    static readonly string[] Dotnets = ["/usr/bin/dotnet", "/usr/share/dotnet/dotnet", "/usr/local/bin/dotnet"];

    const string Warm = "build.sh: warm: build inputs unchanged since the last build; running the compiled build";

    [Fact]
    public async Task Build_ps1_and_two_build_sh_started_together_on_a_fresh_copy_all_succeed_one_compiles_and_the_others_wait()
    {
        var cold = await ColdStart.Value;
        foreach (var call in new[] { cold.Ps1, cold.FirstSh, cold.SecondSh })
        {
            call.ExitCode.ShouldBe(0, call.Trace);
            call.Out.ShouldContain("└── Verify");
        }
        cold.Ps1.Trace.ShouldContain("build.ps1: using the installed SDK");
        cold.Ps1.Trace.ShouldContain("build.ps1: running the freshly built build");
        foreach (var sh in new[] { cold.FirstSh, cold.SecondSh })
        {
            sh.Trace.ShouldBe($"build.sh: another build.sh or build.ps1 is compiling the build; waiting for it " +
                $"(.nuke/temp/build.lock)\n{Warm}\n");
            sh.Out.ShouldBe(cold.Ps1.Out);
        }
        BootstrapCopy.BuildFolders(cold.Root).ShouldBe([BootstrapCopy.StampedFolder(cold.Root)]);
    }

    [Fact]
    public async Task Two_builds_started_together_on_one_tree_both_succeed_installing_one_at_a_time()
    {
        var root = await BootstrapCopy.CloneAsync((await ColdStart.Value).Root);
        BootstrapCopy.AddPlatformAndTools(root);
        var first = BootstrapCopy.Sh(root, "ToolDependencies", "VerifyManifests", "--crd-mirror", "http://127.0.0.1:9/");
        var second = BootstrapCopy.Sh(root, "ToolDependencies", "VerifyManifests", "--crd-mirror", "http://127.0.0.1:9/");
        var calls = new[] { await first.ExitAsync(), await second.ExitAsync() };
        foreach (var call in calls)
        {
            call.ExitCode.ShouldBe(0, call.Out + call.Trace);
            call.Out.ShouldContain(": 0 errors, 1 warnings");
        }
        calls.Count(c => c.Out.Contains("> npm ci", StringComparison.Ordinal)).ShouldBe(1);
        calls.Count(c => c.Out.Contains("another build is installing tools/node; waiting for it", StringComparison.Ordinal) ||
                         c.Out.Contains("tools/node/node_modules matches package-lock.json; nothing to install", StringComparison.Ordinal))
                             .ShouldBe(1);
    }

    [Fact]
    public async Task A_warm_start_runs_the_compiled_build_and_a_touched_input_keeps_it()
    {
        var root = await BootstrapCopy.CloneAsync((await ColdStart.Value).Root);

        var warm = await BootstrapCopy.Sh(root, "--help").ExitAsync();
        warm.ExitCode.ShouldBe(0, warm.Trace);
        warm.Trace.Trim().ShouldBe(Warm);
        warm.Out.ShouldContain("Targets (→ direct dependencies):");

        // The stamp a minute old, an input touched since: newer than the stamp, same content.
        File.SetLastWriteTimeUtc(Path.Combine(root, ".nuke", "temp", "build.stamp"), DateTime.UtcNow.AddMinutes(-1));
        File.SetLastWriteTimeUtc(Path.Combine(root, "build", "Build.cs"), DateTime.UtcNow.AddSeconds(-30));
        var touched = await BootstrapCopy.Sh(root, "--help").ExitAsync();
        touched.Trace.Trim().ShouldBe("build.sh: warm: build inputs touched but unchanged (same fingerprint); running the compiled build");
        touched.Out.ShouldBe(warm.Out);
        (await BootstrapCopy.Sh(root, "--help").ExitAsync()).Trace.Trim().ShouldBe(Warm, "the touch re-stamped");
    }

    [Fact]
    public async Task Build_sh_passes_arguments_through_and_returns_the_build_exit_code()
    {
        var root = await BootstrapCopy.CloneAsync((await ColdStart.Value).Root);
        var call = await BootstrapCopy.Sh(root, "Verify", "--environment", "Dev 1").ExitAsync();
        call.ExitCode.ShouldBe(2);
        call.Trace.ShouldEndWith("--environment: 'Dev 1' is not a lowercase DNS label (a-z, 0-9, '-'; starts with a letter)\n");
        (await BootstrapCopy.Sh(root, "--clod", "aws").ExitAsync()).ExitCode.ShouldBe(2);
        (await BootstrapCopy.Sh(root, "--plan", "Verify").ExitAsync()).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Build_ps1_starts_warm_on_the_stamp_both_scripts_share_and_passes_errors_through()
    {
        var root = await BootstrapCopy.CloneAsync((await ColdStart.Value).Root);
        var call = await BootstrapCopy.Pwsh(root, "--clod", "aws").ExitAsync();
        call.ExitCode.ShouldBe(2);
        call.Trace.ShouldContain("build.ps1: warm: build inputs unchanged since the last build; running the compiled build");
        call.Trace.ShouldContain("unknown parameter '--clod'; did you mean '--cloud'?");
        call.Trace.ShouldNotContain("building");
    }

    [Fact]
    public async Task Without_a_satisfying_SDK_build_sh_installs_the_pinned_one_under_nuke_temp()
    {
        var root = await BootstrapCopy.CloneAsync((await ColdStart.Value).Root);
        File.WriteAllText(Path.Combine(root, "global.json"), """{ "sdk": { "version": "10.0.999", "rollForward": "disable" } }""");
        var log = Path.Combine(root, "install.log");
        var realDotnet = Dotnets.First(File.Exists);
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

        var first = await new Started(root, "bash", ["build.sh", "--plan", "Verify"], new() { ["DOTNET_INSTALL_SCRIPT"] = installer })
            .ExitAsync();
        first.ExitCode.ShouldBe(0, first.Trace + first.Out);
        first.Trace.ShouldContain("build.sh: cold: build inputs changed since the last build");
        first.Trace.ShouldContain("build.sh: no installed SDK satisfies global.json; installing SDK 10.0.999 into .nuke/temp/dotnet-unix");
        var install = $"install --install-dir {root}/.nuke/temp/dotnet-unix --version 10.0.999 --no-path";
        File.ReadAllLines(log)[0].ShouldBe(install);
        File.ReadAllLines(log).ShouldContain("dotnet publish");

        var second = await BootstrapCopy.Sh(root, "--plan", "Verify").ExitAsync();
        second.ExitCode.ShouldBe(0, second.Trace);
        second.Trace.Trim().ShouldBe(Warm);
        File.ReadAllLines(log).Count(l => l == install).ShouldBe(1);
    }
}
