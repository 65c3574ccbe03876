using System.Linq.Expressions;

namespace Engine;

/// <summary>What one target declared. Edges still hold delegates; the planner resolves them to names.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    public required string Name { get; init; }
    public required int Order { get; init; }
    public string DescriptionText { get; private set; } = "";
    public List<Target> Dependencies { get; } = [];
    public List<Target> Afters { get; } = [];
    public List<Target> Befores { get; } = [];
    public List<Target> TriggerTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<(Func<bool> Condition, string Text)> Conditions { get; } = [];
    public List<string> RequiredMembers { get; } = [];
    public List<(Func<bool> Rule, Func<string> Message)> Rules { get; } = [];
    public bool ProceedsAfterFailure { get; private set; }
    public bool IsAssured { get; private set; }
    public bool IsUnlisted { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public Func<IEnumerable<object>>? Inputs { get; private set; }
    public Func<object, CancellationToken, Task>? InputAction { get; private set; }

    /// <summary>What a dry run prints instead of the action, given the lane's input (null without lanes).</summary>
    public Func<object?, string>? DryRunPlan { get; private set; }

    /// <summary>The edges by target name, filled once every target is known.</summary>
    public IReadOnlyList<string> DependencyNames { get; private set; } = [];
    public IReadOnlyList<string> AfterNames { get; private set; } = [];
    public IReadOnlyList<string> BeforeNames { get; private set; } = [];
    public IReadOnlyList<string> TriggerNames { get; private set; } = [];
    public IReadOnlyList<string> TriggeredByNames { get; private set; } = [];

    public void ResolveEdges(Func<Target, string> nameOf)
    {
        DependencyNames = [.. Dependencies.Select(nameOf)];
        AfterNames = [.. Afters.Select(nameOf)];
        BeforeNames = [.. Befores.Select(nameOf)];
        TriggerNames = [.. TriggerTargets.Select(nameOf)];
        TriggeredByNames = [.. TriggeredByTargets.Select(nameOf)];
    }

    public ITargetDefinition Description(string text) => Set(() => DescriptionText = text);
    public ITargetDefinition DependsOn(params Target[] targets) => Set(() => Dependencies.AddRange(targets));
    public ITargetDefinition After(params Target[] targets) => Set(() => Afters.AddRange(targets));
    public ITargetDefinition Before(params Target[] targets) => Set(() => Befores.AddRange(targets));
    public ITargetDefinition Triggers(params Target[] targets) => Set(() => TriggerTargets.AddRange(targets));
    public ITargetDefinition TriggeredBy(params Target[] targets) => Set(() => TriggeredByTargets.AddRange(targets));
    public ITargetDefinition OnlyWhen(Func<bool> condition,
        string? text = null) => Set(() => Conditions.Add((condition, text ?? "condition")));
    public ITargetDefinition ProceedAfterFailure() => Set(() => ProceedsAfterFailure = true);
    public ITargetDefinition AssuredAfterFailure() => Set(() => IsAssured = true);
    public ITargetDefinition Unlisted() => Set(() => IsUnlisted = true);
    public ITargetDefinition Executes(Func<CancellationToken, Task> action) => Set(() => Actions.Add(action));

    public ITargetDefinition Executes(Action action) => Executes(_ =>
    {
        action();
        return Task.CompletedTask;
    });

    public ITargetDefinition Requires(Expression<Func<object?>> parameter) => Set(() => RequiredMembers.Add(MemberName(parameter)));

    public ITargetDefinition Requires(Func<bool> rule, Func<string> message) => Set(() => Rules.Add((rule, message)));

    public ITargetDefinition DryRun(Func<string> plan) => Set(() => DryRunPlan = _ => plan());

    public ITargetDefinition DryRun<T>(Func<T, string> plan) where T : notnull =>
        Set(() => DryRunPlan = input => input is T typed ? plan(typed)
            : throw new InvalidOperationException($"target {Name}: its dry-run plan takes a {typeof(T).Name}"));

    public ITargetDefinition ForEach<T>(Func<IEnumerable<T>> inputs, Func<T, CancellationToken, Task> action) where T : notnull
    {
        if (Inputs is not null) throw new InvalidOperationException($"target {Name} declares ForEach twice");
        Inputs = () => inputs().Cast<object>();
        InputAction = (input, ct) => action((T)input, ct);
        return this;
    }

    public static string Label(object input) => Parameters.Choices.NameOf(input);

    TargetDefinition Set(Action change)
    {
        change();
        return this;
    }

    // Requires(() => Region): the body is the member access, possibly boxed by a Convert node.
    static string MemberName(Expression<Func<object?>> expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression.Body;
        return body is MemberExpression member
            ? member.Member.Name
            : throw new InvalidOperationException($"Requires needs a parameter member, not '{expression.Body}'");
    }
}
