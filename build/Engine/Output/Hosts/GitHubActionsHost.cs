using System.Text;

namespace Engine.Output.Hosts;

/// <summary>A GitHub Actions runner: each target is a ::group:: (groups cannot interleave, so lanes side by side are
/// held back and written whole), a failure is an ::error:: annotation, each secret is announced with ::add-mask::,
/// and the summary goes to $GITHUB_STEP_SUMMARY.</summary>
internal sealed class GitHubActionsHost(string? stepSummary) : OutputHost
{
    public override bool HoldsBackLanes => true;

    public override IEnumerable<string> Opening(string title, int width) => [$"::group::{Escape(title)}"];

    public override string? OpeningColour => null;

    public override IEnumerable<string> Closing(string title) => ["::endgroup::"];

    public override IEnumerable<string> Failure(string title,
        string message) => [$"::error title={EscapeProperty(title)} failed::{Escape(message)}"];

    // add-mask takes one line; the lines of a multi-line value are registered as forms of their own.
    public override string? Secret(string value) => value.Contains('\n') ? null : $"::add-mask::{value}";

    public override void Summarize(string markdown)
    {
        if (stepSummary is { Length: > 0 }) File.AppendAllText(stepSummary, markdown);
    }

    // Workflow command data escaping, as the runner expects it.
    static string Escape(string message) =>
        new StringBuilder(message).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A").ToString();

    static string EscapeProperty(string value) => Escape(value).Replace(":", "%3A", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal);
}
