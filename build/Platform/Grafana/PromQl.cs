using System.Text.Json;
using System.Text.Json.Nodes;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Grafana;

/// <summary>PromQL parsed with Prometheus's own grammar, @prometheus-io/lezer-promql, through tools/node/promql-parse.mjs
/// (docs/grafana.md#promql-in-verify): for each expression, null when it parses, else the offset of lezer's first error
/// node. Every expression goes in one node process.</summary>
public static class PromQl
{
    public const string Script = "promql-parse.mjs";

    public sealed record Parsed(IReadOnlyDictionary<string, int?> ErrorOffsets, string? Problem);

    public static async Task<Parsed> ParseAsync(IReadOnlyCollection<string> expressions, CancellationToken ct)
    {
        var distinct = expressions.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0) return new Parsed(new Dictionary<string, int?>(), null);
        var workspace = NpmWorkspace.BuildTools;
        var result = await Node.ReadAsync(workspace, Script, JsonSerializer.Serialize(distinct), ct);
        var answer = result.Succeeded ? Answer(result.Output) : null;
        if (answer is null || answer.Count != distinct.Count)
            return new Parsed(new Dictionary<string, int?>(),
                $"{workspace.Display}/{Script} did not answer (exit {result.ExitCode}: " +
                    $"{(result.Error.Trim() is { Length: > 0 } e ? e.Split('\n')[0] : "no JSON on stdout")})");
        return new Parsed(distinct.Zip(answer).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal), null);
    }

    static List<int?>? Answer(string output)
    {
        try
        {
            return (JsonNode.Parse(output) as JsonArray)?.Select(n => n?["offset"]?.GetValue<int>()).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
