using Engine;
using Spectre.Console;
using Trinity.Build.Platform.Checks;

namespace Trinity.Build.Platform.GitHub;

/// <summary>ConfigureGitHub's rows (scope, setting, value, result), also as .nuke/temp/github/setup.json.</summary>
public sealed class SetupReport(string repository, IReadOnlyList<SetupRow> rows) : TargetReport
{
    protected override string File => Path.Combine("github", "setup.json");

    protected override object Payload => new { repository, rows };

    protected override void Print()
    {
        Log.Info($"GitHub environments and variables of {repository}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("scope", "setting", "value", "result");
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Scope), Markup.Escape(row.Setting), Markup.Escape(row.Value), Markup.Escape(row.Result));
        Log.Write(table);
    }

    protected override string? Markdown =>
        $"### GitHub setup of {repository}\n\n| scope | setting | value | result |\n|---|---|---|---|\n" +
        string.Join("\n", rows.Select(r => $"| {r.Scope} | {r.Setting} | `{r.Value}` | {r.Result} |")) + "\n";

    protected override string Note => rows.Count(r => r.Changes) switch
    {
        0 => $"{rows.Count} settings, all unchanged",
        var changed when rows.Any(r => r.Result.StartsWith("would", StringComparison.Ordinal)) =>
            $"{changed} of {rows.Count} would change (dry run)",
        var changed => $"{changed} of {rows.Count} set or changed",
    };

    protected override string? Failure => null;
}
