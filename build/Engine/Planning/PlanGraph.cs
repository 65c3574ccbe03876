namespace Engine.Planning;

internal enum EdgeKind { Needs, After, Triggers }

/// <summary>One edge of the plan: <see cref="From"/> runs first; <see cref="EdgeKind.Needs"/> is DependsOn,
/// <see cref="EdgeKind.After"/> an ordering (After/Before), <see cref="EdgeKind.Triggers"/> Triggers/TriggeredBy.</summary>
internal sealed record PlanEdge(string From, string To, EdgeKind Kind);

/// <summary>The plan as a graph, for the pictures of --plan --format: its targets in order and the edges between the
/// ones it holds (skipped ones included, so a picture shows what --skip took out).</summary>
internal sealed record PlanGraph(Plan Plan, IReadOnlyList<PlanEdge> Edges)
{
    public static PlanGraph From(Plan plan)
    {
        var planned = plan.Targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var edges = new List<PlanEdge>();
        foreach (var t in plan.Targets.Select(p => p.Target))
        {
            edges.AddRange(t.DependencyNames.Where(planned.Contains).Select(d => new PlanEdge(d, t.Name, EdgeKind.Needs)));
            edges.AddRange(t.AfterNames.Where(planned.Contains).Select(a => new PlanEdge(a, t.Name, EdgeKind.After)));
            edges.AddRange(t.BeforeNames.Where(planned.Contains).Select(b => new PlanEdge(t.Name, b, EdgeKind.After)));
            edges.AddRange(t.TriggerNames.Where(planned.Contains).Select(x => new PlanEdge(t.Name, x, EdgeKind.Triggers)));
            edges.AddRange(t.TriggeredByNames.Where(planned.Contains).Select(x => new PlanEdge(x, t.Name, EdgeKind.Triggers)));
        }
        // An edge declared twice (a Needs that is also an After) is drawn once, as the strongest.
        var kept = edges.GroupBy(e => (e.From, e.To)).Select(g => g.OrderBy(e => e.Kind).First());
        var order = plan.Targets.Select((t, i) => (t.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        return new PlanGraph(plan, [.. kept.OrderBy(e => order[e.To]).ThenBy(e => order[e.From])]);
    }

    /// <summary>Without an ordering edge that another path already implies (Deploy needs Preflight, but also Validate,
    /// which runs after it): what a picture draws. Trigger edges always stay; they say something no path does.</summary>
    public PlanGraph WithoutImplied() => this with
    {
        Edges = [.. Edges.Where(e => e.Kind == EdgeKind.Triggers || !Reaches(e.From, e.To, skip: e))],
    };

    bool Reaches(string from, string to, PlanEdge skip)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([from]);
        while (stack.TryPop(out var at))
            foreach (var next in Edges.Where(e => e != skip && e.From == at && e.Kind != EdgeKind.Triggers).Select(e => e.To))
            {
                if (next == to) return true;
                if (seen.Add(next)) stack.Push(next);
            }
        return false;
    }
}
