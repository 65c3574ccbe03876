using System.Diagnostics;
using System.Text.Json;

namespace Testing;

/// <summary>A Mermaid diagram as the real mermaid package (tests/node/mermaid-graph.mjs, under Node) parsed it: what a
/// renderer on GitHub would draw, so a test asserts the graph, not the text that spells it.</summary>
public sealed record MermaidGraph(string Type, IReadOnlyList<MermaidNode> Nodes, IReadOnlyList<MermaidEdge> Edges,
    IReadOnlyList<MermaidSubgraph> Subgraphs)
{
    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Parses <paramref name="text"/>; a diagram mermaid rejects throws with the parser's own message.</summary>
    public static async Task<MermaidGraph> ParseAsync(string text, CancellationToken ct = default)
    {
        var folder = Path.Combine(Harness.RepositoryRoot(), "tests", "node");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "mermaid")))
            throw new InvalidOperationException("tests/node is not installed: ./build.sh TestDependencies installs it (Test does first)");
        using var node = Process.Start(new ProcessStartInfo("node", "mermaid-graph.mjs")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromMinutes(2));
        await node.StandardInput.WriteAsync(text);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync(bound.Token);
        var error = node.StandardError.ReadToEndAsync(bound.Token);
        await node.WaitForExitAsync(bound.Token);
        if (node.ExitCode != 0) throw new MermaidParseException((await error).Trim());
        return JsonSerializer.Deserialize<MermaidGraph>(await output, Json)!;
    }

    /// <summary>The subgraph with this title.</summary>
    public MermaidSubgraph Subgraph(string title) => Subgraphs.Single(s => s.Title == title);

    /// <summary>A node's label (its first line when the label breaks).</summary>
    public string Label(string id) => Nodes.Single(n => n.Id == id).Text.Split("<br>")[0];
}

public sealed record MermaidNode(string Id, string Text, IReadOnlyList<string> Classes);

/// <summary>Stroke is normal (a solid arrow), dotted or thick.</summary>
public sealed record MermaidEdge(string From, string To, string Stroke, string Text);

public sealed record MermaidSubgraph(string Id, string Title, IReadOnlyList<string> Nodes);

public sealed class MermaidParseException(string message) : Exception(message);
