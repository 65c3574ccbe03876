using Engine.Text;

namespace Engine.Planning;

/// <summary>From the targets a user named to the ordered list that runs. One graph holds the three edge kinds:
/// execution (DependsOn: scheduled and first), ordering (After/Before: first, when both are scheduled) and trigger
/// (Triggers: scheduled and after).</summary>
internal sealed class Planner(IReadOnlyList<TargetDefinition> targets)
{
    readonly Dictionary<string, TargetDefinition> _byName = targets.ToDictionary(t => t.Name);

    public Plan Create(IReadOnlyList<string> invokedNames, IReadOnlyList<string> defaultNames, IReadOnlyList<string>? skipNames)
    {
        FailOnCycle();
        List<string> invoked = invokedNames.Count > 0 ? [.. invokedNames.Select(Resolve).Distinct()] : [.. defaultNames];
        var reasonKind = invokedNames.Count > 0 ? PlanReason.Invoked : PlanReason.Default;

        var reasons = invoked.ToDictionary(n => n, _ => reasonKind);
        var scheduled = Closure(invoked, reasons, _ => true);

        // --skip alone skips everything that was not invoked; --skip A B only those. A skipped target's own
        // dependencies and triggers are dropped too unless another target that still runs needs them.
        HashSet<string> skipped = skipNames is null ? [] : skipNames.Count == 0 ? [.. scheduled.Except(invoked)]
            : [.. skipNames.Select(Resolve)];
        var active = Closure(invoked.Where(n => !skipped.Contains(n)), [], n => !skipped.Contains(n));

        var ordered = Order(scheduled, invoked);
        return new Plan(
            [.. ordered.Select(n => new PlannedTarget(_byName[n], reasons[n],
                active.Contains(n) ? null : skipped.Contains(n) ? "--skip" : "only needed by skipped targets", null))],
            invoked);
    }

    public string Resolve(string typed)
    {
        var hit = targets.FirstOrDefault(t => Names.Key(t.Name) == Names.Key(typed));
        if (hit is not null) return hit.Name;
        var listed = targets.Where(t => !t.IsUnlisted).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        throw new BuildInputException($"unknown target '{typed}'{Suggestions.DidYouMean(typed, listed)} (targets: " +
            $"{string.Join(", ", listed)})");
    }

    static IEnumerable<string> Dependencies(TargetDefinition t) => t.DependencyNames;

    IEnumerable<string> Triggered(TargetDefinition t) =>
        t.TriggerNames.Concat(targets.Where(o => o.TriggeredByNames.Contains(t.Name)).Select(o => o.Name));

    // Everything that must run before t when both are scheduled: dependencies, ordering and trigger sources.
    IEnumerable<string> Predecessors(TargetDefinition t) =>
        Dependencies(t)
            .Concat(t.AfterNames)
            .Concat(targets.Where(o => o.BeforeNames.Contains(t.Name)).Select(o => o.Name))
            .Concat(targets.Where(o => Triggered(o).Contains(t.Name)).Select(o => o.Name));

    HashSet<string> Closure(IEnumerable<string> start, Dictionary<string, PlanReason> reasons, Func<string, bool> follow)
    {
        var result = new HashSet<string>();
        var queue = new Queue<string>(start);
        while (queue.TryDequeue(out var name))
        {
            if (!follow(name) || !result.Add(name)) continue;
            var t = _byName[name];
            foreach (var d in Dependencies(t)) Enqueue(d, new PlanReason(ReasonKind.DependencyOf, name));
            foreach (var d in Triggered(t)) Enqueue(d, new PlanReason(ReasonKind.TriggeredBy, name));
        }
        return result;

        void Enqueue(string name, PlanReason reason)
        {
            reasons.TryAdd(name, reason);
            queue.Enqueue(name);
        }
    }

    // Depth-first: the invoked targets in the order given, each after what it needs; triggered targets last.
    List<string> Order(HashSet<string> scheduled, List<string> invoked)
    {
        var result = new List<string>();
        var done = new HashSet<string>();
        foreach (var root in invoked.Concat(targets.Select(t => t.Name).Where(scheduled.Contains))) Visit(root);
        return result;

        void Visit(string name)
        {
            if (!done.Add(name)) return;
            // Dependencies in the order DependsOn names them, then the ordering and trigger edges in declaration order.
            var t = _byName[name];
            var others = Predecessors(t).Except(t.DependencyNames).OrderBy(n => _byName[n].Order);
            foreach (var p in t.DependencyNames.Concat(others).Where(scheduled.Contains).Distinct()) Visit(p);
            result.Add(name);
        }
    }

    enum Mark { NotYet, OnPath, Done }

    void FailOnCycle()
    {
        var state = new Dictionary<string, Mark>();
        var path = new List<string>();
        foreach (var t in targets) Visit(t.Name);

        void Visit(string name)
        {
            if (state.GetValueOrDefault(name) == Mark.Done) return;
            if (state.GetValueOrDefault(name) == Mark.OnPath)
            {
                var cycle = path.Skip(path.IndexOf(name)).Append(name);
                throw new BuildInputException($"targets wait on each other in a cycle: {string.Join(" → ", cycle)}");
            }
            state[name] = Mark.OnPath;
            path.Add(name);
            foreach (var p in Predecessors(_byName[name]).Distinct().OrderBy(n => _byName[n].Order)) Visit(p);
            path.RemoveAt(path.Count - 1);
            state[name] = Mark.Done;
        }
    }
}
