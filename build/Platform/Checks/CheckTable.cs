using Engine;
using Spectre.Console;

namespace Trinity.Build.Platform.Checks;

/// <summary>Checks as a table (check, verdict, evidence), then one "→ remedy" line per row that did not pass.
/// The symbols carry the verdict without colour (CI logs, NO_COLOR).</summary>
public static class CheckTable
{
    public static string Symbol(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "✔",
        Verdict.Warn => "!",
        Verdict.Fail => "✖",
        _ => "–",
    };

    public static void Print(string title, IReadOnlyList<Check> checks)
    {
        Log.Info(title);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("check", "", "evidence");
        foreach (var c in checks)
            table.AddRow(Markup.Escape(c.Name), Colour(c.Verdict), Markup.Escape(Secrets.Mask(c.Evidence)));
        Log.Write(table);
        foreach (var c in checks.Where(c => c.Remedy is not null && c.Verdict is Verdict.Fail or Verdict.Warn))
            Log.Info($"{Symbol(c.Verdict)} {c.Name}: {c.Remedy}");
    }

    public static string Markdown(string title, IReadOnlyList<Check> checks) =>
        $"#### {title}\n\n| check | | evidence | remedy |\n|---|---|---|---|\n" +
        string.Concat(checks.Select(c => $"| {c.Name} | {Symbol(c.Verdict)} | {Summary.Cell(c.Evidence)} | {Summary.Cell(c.Remedy)} |\n"));

    static string Colour(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "[green]✔[/]",
        Verdict.Warn => "[yellow]![/]",
        Verdict.Fail => "[red]✖[/]",
        _ => "[grey]–[/]",
    };
}
