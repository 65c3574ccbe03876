using System.Diagnostics;
using Engine.Output;
using Engine.Planning;
using Engine.Text;

namespace Engine.Execution;

/// <summary>Runs a plan. Targets keep plan order; a fanned-out target runs its lanes concurrently, and each lane
/// moves on to its next target as soon as its own previous targets are done, so one input's failure stops only that
/// input's lane. A target that does not fan out waits for everything before it.</summary>
internal sealed class Executor(ConsoleOutput output, bool dryRun, CancellationToken interrupt, CancellationToken abortAssured)
{
    sealed class Unit(PlannedTarget planned, object? input, IReadOnlyList<Unit> prerequisites)
    {
        public PlannedTarget Planned { get; } = planned;
        public object? Input { get; } = input;
        public string? Lane { get; } = input is null ? null : TargetDefinition.Label(input);
        public IReadOnlyList<Unit> Prerequisites { get; } = prerequisites;
        public Task<UnitResult> Task { get; set; } = null!;
    }

    Dictionary<string, TargetDefinition> _targets = [];
    Plan _plan = new([], []);

    /// <summary>Whether <paramref name="target"/> depends on <paramref name="other"/>, directly or through others.</summary>
    bool Needs(string target, string other)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([target]);
        while (queue.TryDequeue(out var name))
            foreach (var dependency in _targets.TryGetValue(name, out var t) ? t.DependencyNames : [])
            {
                if (dependency == other) return true;
                if (seen.Add(dependency)) queue.Enqueue(dependency);
            }
        return false;
    }

    public async Task<IReadOnlyList<TargetOutcome>> RunAsync(Plan plan)
    {
        _plan = plan;
        _targets = plan.Targets.ToDictionary(t => t.Name, t => t.Target);
        var units = new List<Unit>();
        foreach (var planned in plan.Targets.Where(p => !p.IsSkipped))
        {
            var previous = units.ToArray();
            if (planned.Inputs is null)
            {
                units.Add(new Unit(planned, null, previous));
                continue;
            }
            foreach (var input in planned.Inputs)
            {
                var lane = TargetDefinition.Label(input);
                // Wait for this lane's own earlier units, and for all of any earlier target that has no such lane.
                bool HasLane(PlannedTarget t) => previous.Any(v => v.Planned == t && v.Lane == lane);
                units.Add(new Unit(planned, input, [.. previous.Where(u => u.Lane is null || u.Lane == lane || !HasLane(u.Planned))]));
            }
        }

        foreach (var unit in units)
        {
            var u = unit;
            unit.Task = System.Threading.Tasks.Task.Run(() => RunUnitAsync(u));
        }
        var results = await System.Threading.Tasks.Task.WhenAll(units.Select(u => u.Task));
        var byUnit = units.Zip(results).ToList();

        return [.. plan.Targets.Select(p => Outcome(p, [.. byUnit.Where(x => x.First.Planned == p).Select(x => x.Second)]))];
    }

    async Task<UnitResult> RunUnitAsync(Unit unit)
    {
        var before = (await System.Threading.Tasks.Task.WhenAll(unit.Prerequisites.Select(p => p.Task))).ToList();
        // Yield: otherwise the lanes waiting on one target would continue inline, one after another, on the thread
        // that completed it.
        await System.Threading.Tasks.Task.Yield();
        var target = unit.Planned.Target;

        if (!target.IsAssured)
        {
            if (interrupt.IsCancellationRequested) return Result(unit, TargetStatus.NotRun, null, default, "interrupted", stops: true);
            // A failed lane stops that lane; a target outside the lanes only when it needs the failed target.
            if (before.FirstOrDefault(r => r.StopsFollowers
                && (unit.Lane is not null || r.Lane is null || Needs(target.Name, r.Target))) is { } blocker)
                // Not running stops this unit's followers as its cause would have: a lane failure stays in its lane
                // (targets that need this one are stopped by the dependency rule below).
                return Result(unit, TargetStatus.NotRun, null, default, $"{blocker.Title} did not succeed",
                    stops: unit.Lane is not null || blocker.Lane is null);
            if (before.FirstOrDefault(r => target.DependencyNames.Contains(r.Target)
                && r.Status is not (TargetStatus.Succeeded or TargetStatus.Skipped)) is { } missing)
                return Result(unit, TargetStatus.NotRun, null, default, $"needs {missing.Title}", stops: false);
            if (unit.Lane is null && NeededByStoppedLanesOnly(target.Name, before) is { } stopped)
                return Result(unit, TargetStatus.NotRun, null, default, $"not needed: every lane that needs it stopped ({stopped})",
                    stops: false);
        }

        var scope = new OutputScope(unit.Lane, Buffered(unit) ? [] : null);
        ConsoleOutput.Scope = scope;
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var token = target.IsAssured || interrupt.IsCancellationRequested ? abortAssured : interrupt;
        var title = unit.Lane is null ? target.Name : $"{target.Name} · {unit.Lane}";
        // A target without actions only groups others: no header, no footer, just its summary row.
        var collective = unit.Input is null && target.Actions.Count == 0;
        // A held-back unit writes its opening with the rest of its lines, when it ends.
        if (!collective && scope.Buffer is null) output.HostLines(output.Host.Opening(title, output.Width), output.Host.OpeningColour);
        try
        {
            if (target.Conditions.FirstOrDefault(c => !c.Condition()) is { Text: { } text })
            {
                output.Line($"skipped: condition is false: {text}", Ansi.Grey);
                return Result(unit, TargetStatus.Skipped, started, clock.Elapsed, $"condition false: {text}", stops: false);
            }
            if (dryRun && target.DryRunPlan is { } plan) output.Line($"would {plan(unit.Input)}", Ansi.Cyan);
            else if (unit.Input is not null) await target.InputAction!(unit.Input, token);
            else foreach (var action in target.Actions) await action(token);
            if (!collective) output.Line($"✔ {title} succeeded in {Durations.Clock(clock.Elapsed)}", Ansi.Green);
            return Result(unit, TargetStatus.Succeeded, started, clock.Elapsed, scope.Note, stops: false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            output.Line($"■ {title} was interrupted after {Durations.Clock(clock.Elapsed)}", Ansi.Yellow);
            return Result(unit, TargetStatus.Cancelled, started, clock.Elapsed, scope.Note ?? "interrupted", stops: true);
        }
        catch (Exception e)
        {
            var message = Failures.Describe(e);
            // A defect is one line too; its trace goes to a file a person can open, not into the log.
            if (Failures.IsUnexpected(e)) message += $" (trace: {TraceLog.Write(title, e)})";
            output.Line($"✖ {title} failed: {message}", Ansi.Red);
            output.HostLines(output.Host.Failure(title, message));
            return Result(unit, TargetStatus.Failed, started, clock.Elapsed, scope.Note ?? Failures.FirstLine(message),
                stops: !target.ProceedsAfterFailure) with { Refused = Failures.IsRefusal(e) };
        }
        finally
        {
            ConsoleOutput.Scope = null;
            if (!collective)
            {
                var closing = output.Host.Closing(title).Select(output.Masker.Mask);
                if (scope.Buffer is { } buffer) output.Flush([.. output.Host.Opening(title, output.Width).Select(output.Masker.Mask),
                    .. buffer, .. closing]);
                else output.HostLines(closing);
            }
        }
    }

    /// <summary>A shared target that only lanes need, when every one of those lanes has already stopped: the stopped
    /// lanes, else null. A target invoked by name, or needed by a target without lanes, always runs.</summary>
    string? NeededByStoppedLanesOnly(string name, IReadOnlyList<UnitResult> before)
    {
        if (_plan.Invoked.Contains(name)) return null;
        var dependents = _plan.Targets.Where(p => !p.IsSkipped && Needs(p.Name, name)).ToList();
        if (dependents.Count == 0 || dependents.Any(d => d.Inputs is null)) return null;
        var stopped = before.Where(r => r.Lane is not null && r.StopsFollowers).Select(r => r.Lane!).ToHashSet();
        var lanes = dependents.SelectMany(d => d.Inputs!.Select(TargetDefinition.Label)).Distinct().ToList();
        return lanes.All(stopped.Contains) ? string.Join(", ", lanes) : null;
    }

    // Lanes that run side by side are held back and written whole where the host cannot interleave them.
    bool Buffered(Unit unit) => output.Host.HoldsBackLanes && unit.Planned.Inputs is { Count: > 1 };

    static UnitResult Result(Unit unit, TargetStatus status, DateTimeOffset? started, TimeSpan duration, string? note, bool stops) =>
        new(unit.Planned.Name, unit.Lane, status, started, duration, note) { StopsFollowers = stops };

    static TargetOutcome Outcome(PlannedTarget planned, IReadOnlyList<UnitResult> lanes)
    {
        if (planned.IsSkipped || lanes.Count == 0)
            return new TargetOutcome(planned.Name, TargetStatus.Skipped, TimeSpan.Zero, planned.SkipReason, []);
        var status = lanes.Any(l => l.Status == TargetStatus.Failed) ? TargetStatus.Failed
            : lanes.Any(l => l.Status == TargetStatus.Cancelled) ? TargetStatus.Cancelled
            : lanes.Any(l => l.Status == TargetStatus.NotRun) ? TargetStatus.NotRun
            : lanes.Any(l => l.Status == TargetStatus.Succeeded) ? TargetStatus.Succeeded
            : TargetStatus.Skipped;
        var ran = lanes.Where(l => l.Started is not null).ToList();
        var duration = ran.Count == 0 ? TimeSpan.Zero : ran.Max(l => l.Started!.Value + l.Duration) - ran.Min(l => l.Started!.Value);
        var note = planned.Inputs is null ? lanes[0].Note : null;
        var failed = lanes.Where(l => l.Status == TargetStatus.Failed).ToList();
        return new TargetOutcome(planned.Name, status, duration, note, planned.Inputs is null ? [] : lanes)
        {
            Refused = failed.Count > 0 && failed.All(l => l.Refused),
        };
    }
}
