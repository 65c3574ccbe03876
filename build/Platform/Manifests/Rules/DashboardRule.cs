using Trinity.Build.Platform.Grafana;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>Every dashboard file (platform/**/dashboards/*.json) is a dashboard with panels, carried by a ConfigMap the
/// platform renders (else Grafana never loads it), and every panel's PromQL parses with Prometheus's grammar
/// (docs/grafana.md#promql-in-verify).</summary>
public static class DashboardRule
{
    public const string DashboardId = "dashboard", PromQlId = "promql";

    const int Excerpt = 60;

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        if (context.PromQl?.Problem is { } problem)
            yield return new Finding(Dashboard.FolderName, "-", PromQlId, $"PromQL not parsed: {problem}",
                $"{context.Remedies.Verify()} installs tools/node first (npm ci), then parses every panel's query");

        var carried = context.Objects.Where(o => o.Group.Length == 0 && o.Kind == "ConfigMap")
            .SelectMany(o => (o.At("data") as System.Text.Json.Nodes.JsonObject ?? []).Select(d => d.Value?.ToString()))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var dashboard in context.Dashboards)
        {
            var where = dashboard.Uid is { } uid ? $"dashboard/{uid}" : "-";
            if (dashboard.Problem is { } unreadable)
            {
                yield return new Finding(dashboard.File, where, DashboardId, unreadable,
                    "fix the file: a Grafana dashboard JSON with a panels array (export one from Grafana as JSON)");
                continue;
            }
            if (!carried.Contains(dashboard.Text))
                yield return new Finding(dashboard.File, where, DashboardId,
                    "no ConfigMap the platform renders carries this file: Grafana never loads it",
                    $"list it under the grafana-dashboards configMapGenerator in the kustomization.yaml beside " +
                        $"{Dashboard.FolderName}/");
            foreach (var panel in dashboard.Panels)
            foreach (var expression in panel.Expressions)
                if (context.PromQl?.ErrorOffsets.GetValueOrDefault(expression) is { } offset)
                    yield return new Finding(dashboard.File, where, PromQlId,
                        $"panel \"{panel.Title}\": PromQL does not parse at column {offset + 1}: {Around(expression, offset)}",
                        "fix the query; Grafana variables stand only inside label values (cluster=~\"$cluster\"), ranges are " +
                            "written out ([5m])");
        }
    }

    /// <summary>The expression, or the part of it around the error when it is long.</summary>
    static string Around(string expression, int offset)
    {
        var oneLine = expression.ReplaceLineEndings(" ");
        if (oneLine.Length <= Excerpt) return oneLine;
        var start = Math.Clamp(offset - Excerpt / 2, 0, oneLine.Length - Excerpt);
        return $"{(start > 0 ? "…" : "")}{oneLine.Substring(start, Excerpt)}{(start + Excerpt < oneLine.Length ? "…" : "")}";
    }
}
