using Engine;

namespace Trinity.Build.Platform.Manifests;

/// <summary>How Verify's findings read: on the console one block each (file · object · rule, message, fix), and
/// whole in .nuke/temp/verify.json.</summary>
public static class VerifyReport
{
    public const string JsonPath = ".nuke/temp/verify.json";

    public static void Print(VerifyOutcome outcome)
    {
        foreach (var f in outcome.Findings.OrderBy(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal))
        {
            var line = $"{(f.Severity == Severity.Error ? "✖" : "!")} {f.File} · {f.Object} · {f.Rule}";
            if (f.Severity == Severity.Error) Log.Error(line);
            else Log.Warning(line);
            Log.Info($"    {f.Message}");
            Log.Info($"    → {f.Fix}");
        }
        var verdict = $"{outcome.Kustomizations} kustomizations, {outcome.Objects} objects, {outcome.Rules.Count} rule groups" +
                      $"{(outcome.SkippedRules.Count > 0 ? $" ({outcome.SkippedRules.Count} skipped)" : "")}: {outcome.Errors} errors, {outcome.Warnings} warnings in {outcome.Duration.TotalSeconds:0.0} s";
        if (outcome.Errors > 0) Log.Error(verdict);
        else Log.Success(verdict);
    }

    public static void Write(VerifyOutcome outcome) => Reports.WriteJson(JsonPath, new
    {
        outcome.Errors,
        outcome.Warnings,
        outcome.Kustomizations,
        outcome.Objects,
        Rules = outcome.Rules,
        Skipped = outcome.SkippedRules,
        DurationSeconds = Math.Round(outcome.Duration.TotalSeconds, 2),
        outcome.Findings,
    });
}
