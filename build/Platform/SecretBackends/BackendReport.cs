using Engine;
using Spectre.Console;
using Trinity.Build.Platform.Checks;

namespace Trinity.Build.Platform.SecretBackends;

/// <summary>A lifecycle run's rows (backend secret, found, action), also as .nuke/temp/secret-backends/&lt;cloud&gt;.json —
/// published whether the run finished or stopped halfway (then with its failure).</summary>
public sealed class BackendReport(string cloud, string title, IReadOnlyList<BackendOutcome> rows, string? failure) : TargetReport
{
    protected override string File => Path.Combine("secret-backends", $"{cloud}.json");

    protected override object Payload => rows;

    protected override void Print()
    {
        Log.Info(title);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("backend secret", "found", "action");
        foreach (var row in rows) table.AddRow(Markup.Escape(row.Name), Markup.Escape(row.Found), Markup.Escape(row.Action));
        Log.Write(table);
    }

    protected override string Note => rows.Count(r => r.Changes) switch
    {
        0 => "nothing changed",
        var changed when rows.Any(r => r.Planned) => $"{changed} would change (dry run)",
        var changed => $"{changed} changed",
    };

    protected override string? Failure => failure;
}
