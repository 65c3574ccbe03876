using Engine;

namespace Trinity.Build.Platform.Checks;

/// <summary>What a target found, published the one way every reporting target does (Preflight, Validate, Verify, the
/// secret-backend lifecycle): printed in the log, written as JSON under .nuke/temp, added to the step summary, noted
/// on the target's summary row, and — when something failed — failing the target with a line that names the file.</summary>
public abstract class TargetReport
{
    /// <summary>The report's path under .nuke/temp, e.g. validate/gcp.json.</summary>
    protected abstract string File { get; }

    /// <summary>What the JSON file holds.</summary>
    protected abstract object Payload { get; }

    protected abstract void Print();

    /// <summary>A section for the GitHub step summary, or null.</summary>
    protected virtual string? Markdown => null;

    /// <summary>The note on the summary row.</summary>
    protected abstract string Note { get; }

    /// <summary>Why the target fails, or null when it passes.</summary>
    protected abstract string? Failure { get; }

    public void Publish()
    {
        Print();
        var path = Reports.WriteJson(Path.Combine(BuildBase.TemporaryDirectory, File), Payload);
        if (Markdown is { } markdown) Summary.Markdown(markdown);
        Summary.Note(Note);
        if (Failure is { } failure) throw new TargetFailedException($"{failure} (details above and in {Session.Current.Relative(path)})");
    }
}
