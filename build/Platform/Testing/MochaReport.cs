using System.Text.Json;

namespace Trinity.Build.Platform.Testing;

/// <summary>mocha's JSON report (--reporter json): the counts, and each pending test with the reason the spec gave.
/// `this.skip()` records none; infra/pulumi/tests/skip.ts puts it in the pending test's `err.message`, which the report
/// keeps.</summary>
public static class MochaReport
{
    public const string NoReason = "skipped by the spec (this.skip), no reason given";

    public static (TestCounts Counts, IReadOnlyList<SkippedTest> Skipped) Read(JsonElement report)
    {
        var stats = report.GetProperty("stats");
        var counts = new TestCounts(stats.GetProperty("passes").GetInt32(), stats.GetProperty("failures").GetInt32(),
            stats.GetProperty("pending").GetInt32(), Complete: true);
        var pending = report.TryGetProperty("pending", out var p) && p.ValueKind == JsonValueKind.Array ? [.. p.EnumerateArray()]
            : new List<JsonElement>();
        return (counts, [.. pending.Select(t => new SkippedTest(Text(t, "fullTitle") ?? "?", Reason(t)))]);
    }

    static string Reason(JsonElement test) =>
        test.TryGetProperty("err", out var err) && err.ValueKind == JsonValueKind.Object && Text(err, "message") is { Length: > 0 } reason
            ? reason : NoReason;

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
