namespace Engine.Execution;

/// <summary>The outcome of one target in one lane (or of a target that does not fan out).</summary>
public sealed record UnitResult(string Target, string? Lane, TargetStatus Status, DateTimeOffset? Started, TimeSpan Duration, string? Note)
{
    /// <summary>Whether the targets after this one in its lane must not run.</summary>
    public bool StopsFollowers { get; init; }

    /// <summary>It failed by refusing (<see cref="TargetRefusedException"/>): nothing was changed.</summary>
    public bool Refused { get; init; }

    public string Title => Lane is null ? Target : $"{Target} ({Lane})";
}

/// <summary>A target's row in the summary, with its lanes as sub-rows.</summary>
public sealed record TargetOutcome(string Target, TargetStatus Status, TimeSpan Duration, string? Note, IReadOnlyList<UnitResult> Lanes)
{
    /// <summary>It failed, and every lane that failed refused.</summary>
    public bool Refused { get; init; }
}
