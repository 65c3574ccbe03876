using System.Text;
using Engine.Planning;

namespace Engine.Output;

/// <summary>What --plan --format prints instead of the tree: the plan as a Mermaid flowchart (GitHub renders it in
/// Markdown) or as JSON. Targets are nodes; a target that fans out is one node per input, each in its input's lane (a
/// subgraph); DependsOn, ordering and trigger edges are drawn differently; skipped targets are marked.</summary>
internal static class PlanPictures
{
    public static string Mermaid(PlanGraph graph)
    {
        var plan = graph.Plan;
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        text.Append($"  %% plan of {string.Join(" ", plan.Invoked)}\n");
        foreach (var single in plan.Targets.Where(t => t.Inputs is null))
            text.Append($"  {Id(single.Name, null)}{Label(single)}\n");
        foreach (var lane in Lanes(plan))
        {
            text.Append($"  subgraph {LaneId(lane)}{Text.Mermaid.Label(lane)}\n    direction LR\n");
            foreach (var t in plan.Targets.Where(t => LanesOf(t).Contains(lane)))
                text.Append($"    {Id(t.Name, lane)}{Label(t)}\n");
            text.Append("  end\n");
        }
        var byName = plan.Targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var edge in graph.Edges)
            foreach (var (from, to) in Ends(byName[edge.From], byName[edge.To]))
                text.Append($"  {from} {Arrow(edge.Kind)} {to}\n");
        var skipped = plan.Targets.Where(t => t.IsSkipped).SelectMany(t => Nodes(t)).ToList();
        if (skipped.Count > 0)
        {
            text.Append("  classDef skipped fill:#f4f4f4,stroke:#999,stroke-dasharray:4 4,color:#777\n");
            text.Append($"  class {string.Join(",", skipped)} skipped\n");
        }
        return text.ToString();
    }

    public static string Json(PlanGraph graph) => Reports.Serialize(new
    {
        invoked = graph.Plan.Invoked,
        targets = graph.Plan.Targets.Select(t => new
        {
            name = t.Name,
            description = t.Target.DescriptionText,
            reason = t.Reason.Kind,
            by = t.Reason.By,
            skipped = t.SkipReason,
            lanes = t.Inputs?.Select(TargetDefinition.Label),
        }),
        edges = graph.Edges.Select(e => new { from = e.From, to = e.To, kind = e.Kind }),
    });

    /// <summary>The lanes in the order their first target names them.</summary>
    static IEnumerable<string> Lanes(Plan plan) => plan.Targets.SelectMany(LanesOf).Distinct(StringComparer.Ordinal);

    static IReadOnlyList<string> LanesOf(PlannedTarget t) => [.. (t.Inputs ?? []).Select(TargetDefinition.Label)];

    static IEnumerable<string> Nodes(PlannedTarget t) => t.Inputs is null ? [Id(t.Name, null)] : LanesOf(t).Select(l => Id(t.Name, l));

    /// <summary>A lane runs on its own: an edge between two targets that both fan out joins each lane to the same lane;
    /// one to or from a single target joins it to every lane.</summary>
    static IEnumerable<(string From, string To)> Ends(PlannedTarget from, PlannedTarget to)
    {
        if (from.Inputs is null || to.Inputs is null)
            return Nodes(from).SelectMany(f => Nodes(to).Select(t => (f, t)));
        var shared = LanesOf(from).Intersect(LanesOf(to), StringComparer.Ordinal).ToList();
        return shared.Count > 0 ? shared.Select(l => (Id(from.Name, l), Id(to.Name, l)))
            : Nodes(from).SelectMany(f => Nodes(to).Select(t => (f, t)));
    }

    static string Arrow(EdgeKind kind) => kind switch
    {
        EdgeKind.Needs => "-->",
        EdgeKind.After => "-.->|after|",
        _ => "==>|triggers|",
    };

    static string Label(PlannedTarget t) =>
        t.IsSkipped ? Text.Mermaid.Label(t.Name, $"skipped: {t.SkipReason}") : Text.Mermaid.Label(t.Name);

    /// <summary>A fanned-out target's node in one lane: the target's id and the lane's, folded into Mermaid's alphabet.</summary>
    static string Id(string target, string? lane) =>
        lane is null ? Text.Mermaid.Id("t", target) : $"{Text.Mermaid.Id("t", target)}_{Text.Mermaid.Id("", lane)}";

    static string LaneId(string lane) => Text.Mermaid.Id("lane", lane);
}
