namespace Trinity.Build.Platform.Testing;

/// <summary>What the suites reported. <see cref="Complete"/> is false when a suite ended without a report (a crash).</summary>
public sealed record TestCounts(int Passed, int Failed, int Skipped, bool Complete)
{
    public static TestCounts None { get; } = new(0, 0, 0, true);

    public bool Succeeded => Failed == 0 && Complete;

    public TestCounts Add(TestCounts other) =>
        new(Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped, Complete && other.Complete);

    /// <summary>The closing line CI reads: "N passed, N failed" (", N skipped" when any were).</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
}
