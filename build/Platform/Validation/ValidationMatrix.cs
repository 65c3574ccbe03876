using Engine;
using Spectre.Console;
using Trinity.Build.Platform.Checks;

namespace Trinity.Build.Platform.Validation;

/// <summary>Validate across clouds: check × cloud, then one line per failure with its remedy (UX.md).</summary>
public static class ValidationMatrix
{
    public static void Print(IReadOnlyList<(string Cloud, IReadOnlyList<Check> Checks)> results)
    {
        if (results.Count == 0) return;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("check");
        foreach (var (cloud, _) in results) table.AddColumn(new TableColumn(cloud).Centered());
        var rows = results.SelectMany(r => r.Checks.Select(c => c.Name)).Distinct().ToList();
        foreach (var row in rows)
            table.AddRow([Markup.Escape(row),
                .. results.Select(r => CheckTable.Symbol(r.Checks.FirstOrDefault(c => c.Name == row)?.Verdict ?? Verdict.Skip))]);
        Log.Write(table);
        foreach (var (cloud, checks) in results)
        foreach (var check in checks.Where(c => c.Verdict is Verdict.Fail or Verdict.Warn))
        {
            Log.Info($"{cloud} · {check.Name}: {check.Evidence}");
            Log.Info($"    → {check.Remedy}");
        }
        Summary.Markdown(Markdown(results));
    }

    static string Markdown(IReadOnlyList<(string Cloud, IReadOnlyList<Check> Checks)> results)
    {
        var rows = results.SelectMany(r => r.Checks.Select(c => c.Name)).Distinct();
        var head = $"#### Validate\n\n| check | " +
            $"{string.Join(" | ", results.Select(r => r.Cloud))} |\n|---|{string.Concat(results.Select(_ => ":-:|"))}\n";
        string Cell(string cloudRow, (string Cloud, IReadOnlyList<Check> Checks) r) =>
            CheckTable.Symbol(r.Checks.FirstOrDefault(c => c.Name == cloudRow)?.Verdict ?? Verdict.Skip);
        var body = string.Concat(rows.Select(row => $"| {row} | {string.Join(" | ", results.Select(r => Cell(row, r)))} |\n"));
        var failures = string.Concat(results.SelectMany(r => r.Checks.Where(c => c.Verdict == Verdict.Fail)
            .Select(c => $"\n- **{r.Cloud} · {c.Name}**: {c.Evidence} → {c.Remedy}")));
        return head + body + failures;
    }
}
