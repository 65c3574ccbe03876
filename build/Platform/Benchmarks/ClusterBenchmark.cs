using Engine;
using Engine.Processes;
using Spectre.Console;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Benchmarks;

/// <summary>The cluster leg's figures, measured by tests/Benchmarks (the real build against fake clusters with
/// injected latency): Validate across clouds against the slowest single cloud, the reaction from the last app
/// turning Healthy to its wave completing, and API requests per Validate.</summary>
public static class ClusterBenchmark
{
    public static async Task RunAsync(CancellationToken ct)
    {
        var result = await DotNet.Cli.RunAsync(["run", "--project", "tests/Benchmarks", "-c", "Release"],
            new ToolOptions { EchoOutput = false }, ct);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(f => f.Length == 5)
            .ToList();
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("figure", "value", "goal", "", "measured");
        foreach (var f in rows) table.AddRow(Markup.Escape(f[0]), Markup.Escape(f[1]), Markup.Escape(f[2]),
            f[3] == "met" ? "[green]met[/]" : "[yellow]missed[/]", Markup.Escape(f[4]));
        Log.Write(table);
        if (rows.Any(f => f[3] != "met")) Log.Warning("cluster-leg goals missed on this machine");
    }
}
