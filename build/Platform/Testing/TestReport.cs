using Engine;
using Engine.Text;
using Spectre.Console;

namespace Trinity.Build.Platform.Testing;

/// <summary>The end of a Test run: one row per suite (counts and duration), each skipped test with its reason, and
/// the totals that CI reads from the last line.</summary>
public static class TestReport
{
    public static TestCounts Print(IReadOnlyList<SuiteResult> suites)
    {
        if (suites.Count == 0)
        {
            Log.Info("no suite ran, so there is nothing to count");
            return TestCounts.None;
        }
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("suite", "passed", "failed", "skipped", "duration");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var s in suites)
            table.AddRow(Markup.Escape(s.Name), $"{s.Counts.Passed}", s.Counts.Failed > 0 ? $"[red]{s.Counts.Failed}[/]" : "0",
                $"{s.Counts.Skipped}", s.Counts.Complete ? Durations.Clock(s.Duration) : "[red]no report[/]");
        Log.Write(table);
        foreach (var s in suites)
        foreach (var skipped in s.Skipped)
            Log.Warning($"skipped {skipped.Name}: {skipped.Reason}");

        var total = suites.Aggregate(TestCounts.None, (sum, s) => sum.Add(s.Counts));
        Summary.Note(total.ToString());
        Summary.ClosingLine(total.ToString());
        return total;
    }
}
