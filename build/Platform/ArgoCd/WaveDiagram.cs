using System.Text;
using Chart = Engine.Text.Mermaid;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>Where an app stands in a run: done (its wave reached, Synced and Healthy), ready (fine, its wave not begun),
/// waiting, failed, not created (Git declares it; the cluster has no such Application yet).</summary>
public enum WaveState { Done, Ready, Waiting, Failed, NotCreated }

/// <summary>An app's state from its verdict and the wave being waited on, for WaitForSync's table and the wave picture.</summary>
public static class WaveStates
{
    /// <summary>The lowest wave with an app not done; int.MaxValue when every app is done.</summary>
    public static int Pending(IEnumerable<(int Wave, Progress Progress)> apps) =>
        apps.Where(a => a.Progress != Progress.Done).Select(a => a.Wave).DefaultIfEmpty(int.MaxValue).Min();

    /// <summary>A done app is done once its wave is reached (at or below <paramref name="pending"/>), and ready before: its
    /// wave has not begun, so nothing has been judged yet.</summary>
    public static WaveState Of(Progress progress, int wave, int pending) => progress switch
    {
        Progress.Failed => WaveState.Failed,
        Progress.Waiting => WaveState.Waiting,
        _ => wave <= pending ? WaveState.Done : WaveState.Ready,
    };

    /// <summary>The word a state reads as, in a box and in WaitForSync's table.</summary>
    public static string Word(WaveState state) => state switch
    {
        WaveState.Done => "done",
        WaveState.Ready => "ready",
        WaveState.Waiting => "waiting",
        WaveState.Failed => "failed",
        _ => "not created",
    };
}

/// <summary>One box of the diagram: an Application or the AppProject in its wave, with its state in a run (none in a
/// document).</summary>
public sealed record WaveNode(string Kind, string Name, int Wave, WaveState? State = null, string? Why = null);

/// <summary>One cluster's lane: its key (the cloud), its title, its boxes.</summary>
public sealed record WaveLane(string Key, string Title, IReadOnlyList<WaveNode> Nodes);

/// <summary>The Argo CD sync waves as a Mermaid flowchart: a subgraph per cluster, inside it a subgraph per wave joined
/// in order, each app a box; in a run every box is coloured by its state, so a failed run shows where the chain stopped.
/// A wave subgraph links to the next, so it follows its cloud's direction; the cloud's lane keeps its own
/// (docs/diagrams.md).</summary>
public static class WaveDiagram
{
    /// <summary>A reason longer than this is cut: the box is a glance, the log has the whole message.</summary>
    const int WhyLength = 72;

    public static string Mermaid(string comment, IReadOnlyList<WaveLane> lanes)
    {
        var text = new StringBuilder("flowchart TB\n");
        text.Append($"  %% {comment}\n");
        var states = new Dictionary<WaveState, List<string>>();
        foreach (var lane in lanes)
        {
            text.Append($"  subgraph {Chart.Id("c", lane.Key)}{Chart.Label(lane.Title)}\n    direction LR\n");
            var waves = lane.Nodes.GroupBy(n => n.Wave).OrderBy(g => g.Key).ToList();
            foreach (var wave in waves)
            {
                text.Append($"    subgraph {WaveId(lane, wave.Key)}{Chart.Label($"wave {wave.Key}")}\n");
                foreach (var node in wave)
                {
                    var id = Chart.Id("n", $"{lane.Key}_{node.Kind}_{node.Name}");
                    text.Append($"      {id}{Chart.Label([.. Lines(node)])}\n");
                    if (node.State is { } state) (states.TryGetValue(state, out var ids) ? ids : states[state] = []).Add(id);
                }
                text.Append("    end\n");
            }
            for (var i = 1; i < waves.Count; i++) text.Append($"    {WaveId(lane, waves[i - 1].Key)} --> {WaveId(lane, waves[i].Key)}\n");
            text.Append("  end\n");
        }
        foreach (var (state, ids) in states.OrderBy(s => s.Key))
        {
            text.Append($"  classDef {Class(state)} {Style(state)}\n");
            text.Append($"  class {string.Join(",", ids)} {Class(state)}\n");
        }
        return text.ToString();
    }

    static IEnumerable<string> Lines(WaveNode node)
    {
        yield return node.Kind == ArgoCdKinds.Application.Kind ? node.Name : $"{node.Kind} {node.Name}";
        if (node.State is not { } state) yield break;
        var why = node.Why is { Length: > WhyLength } cut ? cut[..(WhyLength - 1)] + "…" : node.Why;
        yield return why is { Length: > 0 } ? $"{WaveStates.Word(state)}: {why}" : WaveStates.Word(state);
    }

    static string WaveId(WaveLane lane, int wave) => Chart.Id("w", $"{lane.Key}_{(wave < 0 ? "m" : "")}{Math.Abs(wave)}");

    static string Class(WaveState state) => state == WaveState.NotCreated ? "notCreated" : WaveStates.Word(state);

    static string Style(WaveState state) => state switch
    {
        WaveState.Done => "fill:#dcfce7,stroke:#15803d,color:#14532d",
        WaveState.Ready => "fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e",
        WaveState.Waiting => "fill:#fef9c3,stroke:#a16207,color:#713f12",
        WaveState.Failed => "fill:#fee2e2,stroke:#b91c1c,stroke-width:3px,color:#7f1d1d",
        _ => "fill:#f4f4f4,stroke:#999,stroke-dasharray:4 4,color:#777",
    };
}
