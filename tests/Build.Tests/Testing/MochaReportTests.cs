using System.Text.Json;
using Trinity.Build.Platform.Testing;

namespace Build.Tests.Testing;

/// <summary>The infra suite's skipped tests reach the Test output with the reason their spec gave.</summary>
public sealed class MochaReportTests
{
    // The shape mocha 11's JSON reporter writes (infra/pulumi, lua5.1 off PATH), trimmed to two pending tests: one
    // skipped through tests/skip.ts, one with a bare this.skip().
    const string Report = """
        {
          "stats": { "suites": 38, "tests": 255, "passes": 233, "pending": 2, "failures": 1 },
          "tests": [],
          "pending": [
            {
              "title": "no status: Progressing",
              "fullTitle": "Application health Lua under Lua 5.1 no status: Progressing",
              "file": "/work/infra/pulumi/tests/shared.spec.ts", "duration": 1, "currentRetry": 0,
              "err": { "name": "Skipped", "message": "lua5.1 is not on PATH (Debian: apt-get install lua5.1)" }
            },
            { "title": "bare", "fullTitle": "a suite bare", "file": "/work/x.spec.ts", "currentRetry": 0, "err": {} }
          ],
          "failures": [], "passes": []
        }
        """;

    [Fact]
    public void A_pending_test_carries_the_reason_its_spec_gave_or_says_it_gave_none()
    {
        using var document = JsonDocument.Parse(Report);
        var (counts, skipped) = MochaReport.Read(document.RootElement);
        counts.ShouldBe(new TestCounts(233, 1, 2, Complete: true));
        skipped.ShouldBe([
            new SkippedTest("Application health Lua under Lua 5.1 no status: Progressing",
                "lua5.1 is not on PATH (Debian: apt-get install lua5.1)"),
            new SkippedTest("a suite bare", MochaReport.NoReason),
        ]);
    }
}
