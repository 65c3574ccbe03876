using Engine;
using Trinity.Build.Platform.Prometheus;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>The Prometheus config as the pod makes it: the template and the render script of each observability overlay,
/// run under busybox sh with a sample URL, and the result checked by the local promtool (docs/prometheus.md). Each
/// distinct pair is checked once.</summary>
public static class PromtoolRule
{
    public const string Id = "promtool";

    /// <summary>A URL of the shape the backends hold; no value of any backend.</summary>
    const string SampleUrl = "https://prometheus-prod-00-sample-0.grafana.net/api/prom/push";

    /// <summary>The findings, or why the rule could not run (a tool is missing).</summary>
    public static async Task<(IReadOnlyList<Finding> Findings, string? Skipped)> CheckAsync(VerifyContext context, CancellationToken ct)
    {
        if (PrometheusTools.Missing(PrometheusTools.Promtool, PrometheusTools.Busybox) is { Count: > 0 } missing)
            return ([], $"{string.Join(" and ", missing)} not on PATH (README: Prerequisites)");
        var findings = new List<Finding>();
        try
        {
            await CheckEachAsync(context, findings, ct);
        }
        finally
        {
            var scratch = Path.Combine(Session.Current.Temp, Id);
            if (Directory.Exists(scratch))
                foreach (var folder in Directory.EnumerateDirectories(scratch, $"{Environment.ProcessId}-*"))
                    Directory.Delete(folder, recursive: true);
        }
        return (findings, null);
    }

    static async Task CheckEachAsync(VerifyContext context, List<Finding> findings, CancellationToken ct)
    {
        var inputs = context.Overlays("observability").Select(o => PrometheusRule.RenderInputs(o.Directory)).OfType<(ManifestObject
            Template, string Text, string? Script)>().DistinctBy(i => (i.Text, i.Script)).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            var (template, text, script) = inputs[i];
            if (script is null)
            {
                findings.Add(Finding.For(template, Id, $"no ConfigMap the init container mounts holds {PrometheusRule.ScriptFile}",
                    $"mount the ConfigMap generated from {PrometheusRule.ScriptFile}"));
                continue;
            }
            // One folder per run: builds started side by side on one tree must not check each other's files.
            var folder = Path.Combine(Session.Current.Temp, Id, $"{Environment.ProcessId}-{i}");
            var rendered = await ConfigRender.RenderAsync(script, text, SampleUrl, folder, ct);
            if (!rendered.Succeeded)
            {
                findings.Add(Finding.For(template, Id, $"{PrometheusRule.ScriptFile} render fails under busybox sh: {rendered.Log}",
                    "run it yourself: busybox sh platform/observability/base/render-prometheus-config.sh render (its paths from " +
                        "PROMETHEUS_TEMPLATE, REMOTE_WRITE_URL_FILE, PROMETHEUS_CONFIG)"));
                continue;
            }
            var verdict = await PromtoolCheck.RunAsync(rendered.Config, folder, ct);
            if (!verdict.Passed)
            {
                var adapted = string.Join("; ", verdict.Adapted.Select(a => OlderPrometheus.Adaptations[a]));
                findings.Add(Finding.For(template, Id, $"promtool {verdict.Version} rejects the rendered config: {verdict.Message}" +
                    (adapted.Length > 0 ? $" (checked with {adapted})" : ""),
                    "fix the template: the pod's Prometheus would refuse this config and keep restarting"));
            }
        }
    }
}
