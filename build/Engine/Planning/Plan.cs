namespace Engine.Planning;

/// <summary>Why a target is in the plan: invoked by name, the default, needed by another, or triggered.</summary>
internal sealed record PlanReason(string Kind, string? By = null)
{
    public static readonly PlanReason Invoked = new("invoked");
    public static readonly PlanReason Default = new("default");

    public override string ToString() => By is null ? Kind : $"{Kind} {By}";
}

/// <summary>One target in order, with its lanes (inputs) when it fans out.</summary>
internal sealed record PlannedTarget(TargetDefinition Target, PlanReason Reason, string? SkipReason, IReadOnlyList<object>? Inputs)
{
    public string Name => Target.Name;
    public bool IsSkipped => SkipReason is not null;
}

internal sealed record Plan(IReadOnlyList<PlannedTarget> Targets, IReadOnlyList<string> Invoked);
