namespace Engine.Output.Hosts;

/// <summary>Where the build's output goes and how it is dressed, decided once per run: a terminal or a plain log
/// (<see cref="ConsoleHost"/>), or a GitHub Actions runner, whose log has groups, annotations and masks and whose job
/// has a step summary (<see cref="GitHubActionsHost"/>). The executor and the summary ask the host; nothing else
/// knows which one runs.</summary>
internal abstract class OutputHost
{
    public static OutputHost For(IReadOnlyDictionary<string, string?> environment) =>
        environment.GetValueOrDefault("GITHUB_ACTIONS") == "true"
            ? new GitHubActionsHost(environment.GetValueOrDefault("GITHUB_STEP_SUMMARY")) : new ConsoleHost();

    /// <summary>Whether lanes that run side by side are held back and written whole when each ends.</summary>
    public abstract bool HoldsBackLanes { get; }

    /// <summary>The lines that open a target's output (a rule, a group).</summary>
    public abstract IEnumerable<string> Opening(string title, int width);

    /// <summary>The colour of the opening lines (null: plain, as workflow commands must be).</summary>
    public abstract string? OpeningColour { get; }

    /// <summary>The lines that close it.</summary>
    public abstract IEnumerable<string> Closing(string title);

    /// <summary>Raw lines that mark a failure where the host shows failures (an annotation); masked by the caller.</summary>
    public abstract IEnumerable<string> Failure(string title, string message);

    /// <summary>A raw line that tells the host a new secret value (add-mask), or null.</summary>
    public abstract string? Secret(string value);

    /// <summary>Hands the run's markdown summary to the host, where it has a place for it.</summary>
    public abstract void Summarize(string markdown);
}
