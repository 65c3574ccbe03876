namespace Engine.Processes;

/// <summary>How one external command runs. The environment is inherited and only amended: a user's profile, endpoint
/// or credential variables pass through untouched.</summary>
public sealed record ToolOptions
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to add or override; a null value removes one.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Echo stdout as it arrives. Off for machine-readable output (JSON).</summary>
    public bool EchoOutput { get; init; } = true;

    /// <summary>Echo stderr as it arrives. Off only where the caller reports the failure itself, in its own words.</summary>
    public bool EchoErrors { get; init; } = true;

    /// <summary>Do not log the command line (a caller that runs many and reports them itself).</summary>
    public bool Quiet { get; init; }

    /// <summary>Fed to the process's stdin; never printed.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Return a non-zero exit as a result instead of failing the target.</summary>
    public bool AllowFailure { get; init; }

    /// <summary>The command only reads (a list, a version, a render): it runs in a dry run too, saying so, so the
    /// plan that follows is made from what is really there. Every other command is only printed in a dry run.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>How long an interrupted process gets to stop by itself before it is killed.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A command that only reads, whose answer the caller judges and reports in its own words: not echoed, not
    /// logged, a failure returned rather than raised, and run in a dry run too. Amend it with <c>with</c>.</summary>
    public static ToolOptions Reading { get; } = new()
    {
        EchoOutput = false, EchoErrors = false, AllowFailure = true, Quiet = true, ReadOnly = true,
    };
}

public sealed record ToolResult(int ExitCode, string Output, string Error, IReadOnlyList<string> Tail)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command changes something and the run is a dry run: it was printed, not run, and has no output.
    /// Code that waits for the effect of a change asks this of the change's result.</summary>
    public bool IsPlanned { get; private init; }

    public static ToolResult Planned { get; } = new(0, "", "", []) { IsPlanned = true };

    /// <summary>No command was needed.</summary>
    public static ToolResult Nothing { get; } = new(0, "", "", []);
}

/// <summary>A command failed: the message carries the exit code and the last lines it wrote.</summary>
public sealed class ToolFailedException(string message, int exitCode) : TargetFailedException(message)
{
    public int ExitCode { get; } = exitCode;
}
