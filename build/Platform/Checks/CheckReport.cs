namespace Trinity.Build.Platform.Checks;

/// <summary>A table of checks for one cloud (Preflight, Validate): .nuke/temp/&lt;kind&gt;/&lt;cloud&gt;.json; fails when a
/// check failed.</summary>
public sealed class CheckReport(string kind, string cloud, string title, IReadOnlyList<Check> checks, bool stepSummary) : TargetReport
{
    int Failed => checks.Count(c => c.Verdict == Verdict.Fail);

    protected override string File => Path.Combine(kind, $"{cloud}.json");

    protected override object Payload => checks;

    protected override void Print() => CheckTable.Print(title, checks);

    protected override string? Markdown => stepSummary ? CheckTable.Markdown(title, checks) : null;

    protected override string Note => Failed == 0 ? $"{checks.Count} checks passed" : $"{Failed} checks failed";

    protected override string? Failure => Failed == 0 ? null : $"{Failed} {kind} checks failed";
}
