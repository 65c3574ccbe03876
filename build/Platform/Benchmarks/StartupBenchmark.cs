using System.Diagnostics;
using Engine;
using Engine.Processes;
using Spectre.Console;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Benchmarks;

/// <summary>A warm <c>./build.sh --help</c> against <c>dotnet run --project build/_build.csproj -- --help</c>,
/// alternating runs in one session so both see the same machine. Goal: ≤ 0.5 s median and ≥ 10× faster.</summary>
public static class StartupBenchmark
{
    const int Runs = 7;
    static readonly TimeSpan Goal = TimeSpan.FromSeconds(0.5);
    const double GoalRatio = 10;

    public static async Task RunAsync(string command, CancellationToken ct)
    {
        var root = Session.Current.Root;
        var warm = new Tool(Path.Combine(root, "build.sh"), command);
        string[] warmArgs = ["--help"];
        string[] runArgs = ["run", "--project", "build/_build.csproj", "--", "--help"];
        var quiet = new ToolOptions { EchoOutput = false, Environment = new Dictionary<string, string?> { ["NO_COLOR"] = "1" } };

        // One untimed call each: the bootstrap's stamp and dotnet run's incremental build are then in steady state.
        await warm.RunAsync(warmArgs, quiet, ct);
        await DotNet.Cli.RunAsync(runArgs, quiet, ct);

        var warmTimes = new List<TimeSpan>();
        var runTimes = new List<TimeSpan>();
        for (var i = 0; i < Runs; i++)
        {
            warmTimes.Add(await TimeAsync(() => warm.RunAsync(warmArgs, quiet, ct)));
            runTimes.Add(await TimeAsync(() => DotNet.Cli.RunAsync(runArgs, quiet, ct)));
        }

        var warmMedian = Median(warmTimes);
        var runMedian = Median(runTimes);
        var ratio = runMedian / warmMedian;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("variant", "median", "min", "max", "runs");
        table.AddRow($"{command} --help (warm)", Seconds(warmMedian), Seconds(warmTimes.Min()), Seconds(warmTimes.Max()), $"{Runs}");
        table.AddRow("dotnet run --project build/_build.csproj -- --help", Seconds(runMedian), Seconds(runTimes.Min()),
            Seconds(runTimes.Max()), $"{Runs}");
        Log.Write(table);
        Log.Info($"warm start is {ratio:0.0}× faster than dotnet run (goal ≥ {GoalRatio}×) and takes {Seconds(warmMedian)} (goal ≤ " +
            $"{Seconds(Goal)})");
        var met = warmMedian <= Goal && ratio >= GoalRatio;
        Summary.Note($"warm {Seconds(warmMedian)}, {ratio:0.0}× faster{(met ? "" : " (goal missed)")}");
        if (met) Log.Success("startup goals met");
        else Log.Warning("startup goals missed on this machine");
    }

    static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.000} s";
}
