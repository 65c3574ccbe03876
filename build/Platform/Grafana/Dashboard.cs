using System.Text.Json;
using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Grafana;

/// <summary>One panel of a dashboard and the PromQL of its targets (targets[].expr).</summary>
public sealed record DashboardPanel(string Title, IReadOnlyList<string> Expressions);

/// <summary>A dashboard file in Git (platform/**/dashboards/*.json, docs/grafana.md#dashboards), read once: its panels,
/// rows' nested panels included, or why it cannot be read.</summary>
public sealed record Dashboard(string File, string Text, string? Uid, IReadOnlyList<DashboardPanel> Panels, string? Problem)
{
    public const string FolderName = "dashboards";

    public static IReadOnlyList<Dashboard> ReadAll(string root)
    {
        var platform = Path.Combine(root, "platform");
        if (!Directory.Exists(platform)) return [];
        return [.. Directory.EnumerateFiles(platform, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == FolderName)
            .Select(f => Read(Path.GetRelativePath(root, f).Replace('\\', '/'), System.IO.File.ReadAllText(f)))
            .OrderBy(d => d.File, StringComparer.Ordinal)];
    }

    public static Dashboard Read(string file, string text)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            return new Dashboard(file, text, null, [], $"is not valid JSON: {e.Message}");
        }
        if (json is not JsonObject dashboard)
            return new Dashboard(file, text, null, [], "is not a JSON object (Grafana's dashboard model)");
        var uid = dashboard["uid"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var panels = PanelsOf(dashboard["panels"]).ToList();
        return new Dashboard(file, text, uid, panels, panels.Count == 0 ? "has no panels: Grafana would show an empty dashboard" : null);
    }

    /// <summary>Every panel but rows themselves; a collapsed row keeps its panels in its own "panels".</summary>
    static IEnumerable<DashboardPanel> PanelsOf(JsonNode? node)
    {
        foreach (var panel in (node as JsonArray ?? []).OfType<JsonObject>())
        {
            if (TextOf(panel["type"]) == "row")
            {
                foreach (var nested in PanelsOf(panel["panels"])) yield return nested;
                continue;
            }
            var expressions = (panel["targets"] as JsonArray ?? []).OfType<JsonObject>().Select(t => t["expr"])
                .Where(e => e is not null).Select(e => TextOf(e) ?? e!.ToJsonString()).ToList();
            yield return new DashboardPanel(TextOf(panel["title"]) ?? $"#{panel["id"]?.ToJsonString() ?? "?"}", expressions);
        }
    }

    static string? TextOf(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
