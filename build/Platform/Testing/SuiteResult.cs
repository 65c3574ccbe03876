namespace Trinity.Build.Platform.Testing;

/// <summary>One test suite's outcome as its runner reported it: the counts, how long it ran, and every skipped test
/// with the reason it gave.</summary>
public sealed record SuiteResult(string Name, TestCounts Counts, TimeSpan Duration, IReadOnlyList<SkippedTest> Skipped);

public sealed record SkippedTest(string Name, string Reason);
