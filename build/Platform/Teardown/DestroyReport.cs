using Engine;
using Spectre.Console;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.Teardown;

/// <summary>removed: gone with the cluster; remains: kept on purpose (the foundation, the backend secrets) or not the
/// platform's to remove; left: still there when the bound ran out, which stops the teardown before the stack.</summary>
public enum DestroyOutcome { Removed, Remains, Left }

/// <summary>One row of Destroy's table: what, and what became of it (a state, a reason, the command to look at it).</summary>
public sealed record DestroyRow(DestroyOutcome Outcome, string What, string Detail);

/// <summary>What Destroy did on one cloud: one table (log and step summary) of what was removed and what deliberately
/// remains, .nuke/temp/destroy/&lt;cloud&gt;.json, and a failure when something was left or a step failed.</summary>
public sealed class DestroyReport(PlatformNames names, IReadOnlyList<DestroyRow> rows, string? failure, bool planned) : TargetReport
{
    protected override string File => $"destroy/{names.CloudName}.json";

    protected override object Payload => new
    {
        cloud = names.CloudName,
        cluster = names.Cluster,
        dryRun = planned,
        destroyed = failure is null && !planned,
        rows = rows.Select(r => new { outcome = Text(r.Outcome), what = r.What, detail = r.Detail }),
        failure,
    };

    string Title => planned ? $"destroy {names.Cluster}: planned (dry run, nothing was changed)"
        : failure is null ? $"destroyed {names.Cluster}" : $"destroy {names.Cluster}: stopped";

    protected override void Print()
    {
        Log.Info(Title);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("", "what", "detail");
        foreach (var row in rows) table.AddRow(Text(row.Outcome), Markup.Escape(row.What), Markup.Escape(row.Detail));
        Log.Write(table);
    }

    protected override string Markdown =>
        $"#### {Title}\n\n| | what | detail |\n|---|---|---|\n" +
        string.Concat(rows.Select(r => $"| {Text(r.Outcome)} | {Summary.Cell(r.What)} | {Summary.Cell(r.Detail)} |\n")) +
        (failure is null ? "" : $"\n✖ {Summary.Cell(failure)}\n");

    protected override string Note => planned ? "planned"
        : failure is null ? $"destroyed; {Count(DestroyOutcome.Remains)} kept" : $"{Count(DestroyOutcome.Left)} left, stopped";

    protected override string? Failure => failure;

    int Count(DestroyOutcome outcome) => rows.Count(r => r.Outcome == outcome);

    /// <summary>In a dry run nothing was removed yet: what would go says so.</summary>
    string Text(DestroyOutcome outcome) => outcome switch
    {
        DestroyOutcome.Removed => planned ? "would go" : "removed",
        DestroyOutcome.Remains => "remains",
        _ => "left",
    };
}
