using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Engine;

/// <summary>The fluent vocabulary of a target. Every method returns the same definition for chaining.</summary>
public interface ITargetDefinition
{
    /// <summary>One line for --help and --plan.</summary>
    ITargetDefinition Description(string text);

    /// <summary>Execution edge: these run first, and are scheduled whenever this target is.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Ordering edge: when both are scheduled, this runs after those.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Ordering edge: when both are scheduled, this runs before those.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Trigger edge: scheduling this schedules those to run after it.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>Trigger edge, seen from the other side.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Checked just before the target runs; false skips it and says why with the condition's text.</summary>
    ITargetDefinition OnlyWhen(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    /// <summary>The parameter must have a value when this target is scheduled; checked before anything runs.</summary>
    ITargetDefinition Requires(Expression<Func<object?>> parameter);

    /// <summary>A rule across parameters, checked before anything runs (after binding); false ends the build with
    /// the message (exit 2, nothing run).</summary>
    ITargetDefinition Requires(Func<bool> rule, Func<string> message);

    /// <summary>A failure here does not stop the targets that follow (their own dependencies still must succeed).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>Runs even after an earlier failure or an interrupt (clean-up, reports).</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hidden from --help; still runnable by name.</summary>
    ITargetDefinition Unlisted();

    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    ITargetDefinition Executes(Action action);

    /// <summary>For work that is not external commands (watching a cluster, calling an API): what --dry-run prints
    /// instead of running the action. Without it, a dry run runs the action, whose commands and files it plans.</summary>
    ITargetDefinition DryRun(Func<string> plan);

    /// <summary><see cref="DryRun(Func{string})"/> for a target that fans out: the plan of one input's lane.</summary>
    ITargetDefinition DryRun<T>(Func<T, string> plan) where T : notnull;

    /// <summary>Runs the action once per input, concurrently. Each input is its own lane: its output carries the
    /// input as a prefix, its outcome is its own summary row, and a failure stops only that lane's later targets.</summary>
    ITargetDefinition ForEach<T>(Func<IEnumerable<T>> inputs, Func<T, CancellationToken, Task> action) where T : notnull;
}
