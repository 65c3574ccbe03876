namespace Engine.Planning;

internal enum ReasonKind { Invoked, Default, DependencyOf, TriggeredBy }

/// <summary>Why a target is in the plan: invoked by name, the default, needed by another, or triggered.</summary>
internal sealed record PlanReason(ReasonKind Kind, string? By = null)
{
    public static readonly PlanReason Invoked = new(ReasonKind.Invoked);
    public static readonly PlanReason Default = new(ReasonKind.Default);

    public override string ToString() => Kind switch
    {
        ReasonKind.Invoked => "invoked",
        ReasonKind.Default => "default",
        ReasonKind.DependencyOf => $"dependency of {By}",
        _ => $"triggered by {By}",
    };
}

/// <summary>One target in order, with its lanes (inputs) when it fans out.</summary>
internal sealed record PlannedTarget(TargetDefinition Target, PlanReason Reason, string? SkipReason, IReadOnlyList<object>? Inputs)
{
    public string Name => Target.Name;
    public bool IsSkipped => SkipReason is not null;
}

internal sealed record Plan(IReadOnlyList<PlannedTarget> Targets, IReadOnlyList<string> Invoked)
{
    /// <summary>A target that fans out asks for its inputs once the parameters are bound, so --plan can show the lanes;
    /// <paramref name="lanes"/>, when given, stands in for every such target's inputs.</summary>
    public Plan WithLanes(IReadOnlyList<object>? lanes = null) => this with
    {
        Targets = [.. Targets.Select(p => p.Target.Inputs is { } inputs && !p.IsSkipped ? p with { Inputs = lanes ?? [.. inputs()] } : p)],
    };
}
