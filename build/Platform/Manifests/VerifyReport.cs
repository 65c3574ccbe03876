using Engine;
using Trinity.Build.Platform.Checks;

namespace Trinity.Build.Platform.Manifests;

/// <summary>How Verify's findings read: on the console one block each (file · object · rule, message, fix), and
/// whole in .nuke/temp/verify.json. Any error fails the target.</summary>
public sealed class VerifyReport(VerifyOutcome outcome) : TargetReport
{
    protected override string File => "verify.json";

    protected override string Note => $"{outcome.Errors} errors, {outcome.Warnings} warnings";

    protected override string? Failure => outcome.Errors > 0 ? $"{outcome.Errors} findings in platform/" : null;

    protected override void Print()
    {
        foreach (var f in outcome.Findings.OrderBy(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Rule, StringComparer.Ordinal))
        {
            var line = $"{(f.Severity == Severity.Error ? "✖" : "!")} {f.File} · {f.Object} · {f.Rule}";
            if (f.Severity == Severity.Error) Log.Error(line);
            else Log.Warning(line);
            Log.Info($"    {f.Message}");
            Log.Info($"    → {f.Fix}");
        }
        var verdict = $"{outcome.Kustomizations} kustomizations, {outcome.Objects} objects, {outcome.Rules.Count} rule groups" +
                      $"{(outcome.SkippedRules.Count > 0 ? $" ({outcome.SkippedRules.Count} skipped)" : "")}: {outcome.Errors} errors, " +
                          $"{outcome.Warnings} warnings in {outcome.Duration.TotalSeconds:0.0} s";
        if (outcome.Errors > 0) Log.Error(verdict);
        else Log.Success(verdict);
    }

    protected override object Payload => new
    {
        outcome.Errors,
        outcome.Warnings,
        outcome.Kustomizations,
        outcome.Objects,
        Rules = outcome.Rules,
        Skipped = outcome.SkippedRules,
        DurationSeconds = Math.Round(outcome.Duration.TotalSeconds, 2),
        outcome.Findings,
    };
}
