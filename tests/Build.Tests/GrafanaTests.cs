using System.Diagnostics;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests;

namespace Build.Tests;

/// <summary>Grafana as Git renders it: the admin password from the Secret ESO's Password generator makes (no value in Git),
/// and the dashboards as code, whose every panel's PromQL Verify parses with Prometheus's grammar.</summary>
public sealed class GrafanaTests
{
    const string Dashboards = "platform/observability/base/dashboards";
    const string ClusterDashboard = Dashboards + "/trinity-cluster.json";

    [Fact]
    public async Task The_committed_dashboards_and_the_generated_password_pass_Verify()
    {
        var verified = await new PlatformCopy().VerifyAsync();
        foreach (var rule in new[] { "dashboard", "promql", "generator", "catalog", "store" })
            verified.Of(rule).ShouldBeEmpty(rule);
        var dashboards = Directory.GetFiles(Path.Combine(Harness.RepositoryRoot(), Dashboards), "*.json");
        dashboards.Select(Path.GetFileName).ShouldBe(["trinity-cluster.json", "trinity-mandelbrot.json"], ignoreOrder: true);
        foreach (var file in dashboards)
        {
            var dashboard = Trinity.Build.Platform.Grafana.Dashboard.Read(file, File.ReadAllText(file));
            dashboard.Problem.ShouldBeNull(file);
            dashboard.Panels.ShouldAllBe(p => p.Expressions.Count > 0, file);
        }
    }

    [Fact]
    public async Task A_query_that_does_not_parse_is_named_by_file_panel_and_column()
    {
        var copy = new PlatformCopy();
        copy.Edit(ClusterDashboard, "\"expr\": \"sum by (job) (up)\"", "\"expr\": \"sum by (job (up)\"");
        copy.Edit(ClusterDashboard, "rate(prometheus_remote_storage_samples_failed_total[5m])",
            "rate(prometheus_remote_storage_samples_failed_total[$__rate_interval])");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var findings = verified.Of("promql");
        findings.ShouldAllBe(f => f.File == ClusterDashboard && f.Object == "dashboard/trinity-cluster" && f.Severity == "error");
        findings.Select(f => f.Message).ShouldBe([
            "panel \"Targets up by job\": PromQL does not parse at column 13: sum by (job (up)",
            "panel \"Samples failed\": PromQL does not parse at column 75: …heus_remote_storage_samples_failed_total" +
                "[$__rate_interval]))",
        ], ignoreOrder: true);
        verified.Run.Out.ShouldContain($"✖ {ClusterDashboard} · dashboard/trinity-cluster · promql");
    }

    [Fact]
    public async Task A_dashboard_that_is_not_JSON_has_no_panels_or_is_not_provisioned_is_an_error()
    {
        var copy = new PlatformCopy();
        copy.Write(Dashboards + "/broken.json", "{\"title\": \"broken\", \"panels\": [\n");
        copy.Write(Dashboards + "/empty.json", "{\"uid\": \"empty\", \"title\": \"empty\", \"panels\": []}\n");
        copy.Write(Dashboards + "/stray.json",
            """{"uid": "stray", "panels": [{"type": "timeseries", "title": "up", "targets": [{"expr": "up"}]}]}""");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var findings = verified.Of("dashboard").ToDictionary(f => f.File);
        findings.Keys.ShouldBe([Dashboards + "/broken.json", Dashboards + "/empty.json", Dashboards + "/stray.json"], ignoreOrder: true);
        findings[Dashboards + "/broken.json"].Message.ShouldStartWith("is not valid JSON: ");
        findings[Dashboards + "/empty.json"].Message.ShouldBe("has no panels: Grafana would show an empty dashboard");
        findings[Dashboards + "/stray.json"].Message
            .ShouldBe("no ConfigMap the platform renders carries this file: Grafana never loads it");
        verified.Of("promql").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_generator_backed_ExternalSecret_must_not_regenerate_and_must_find_its_generator()
    {
        var copy = new PlatformCopy();
        const string admin = "platform/observability/base/grafana-admin.yaml";
        copy.Edit(admin, "  refreshPolicy: CreatedOnce\n", "");
        copy.Edit(admin, "          name: grafana-admin\n", "          name: grafana-admn\n");
        copy.Edit(admin, "  encoding: raw\n", "");
        var verified = await copy.VerifyAsync();
        verified.Run.ExitCode.ShouldBe(1);
        var messages = verified.Of("generator").Select(f => f.Message).Distinct().ToList();
        messages.ShouldContain("reads a generator with refreshPolicy Periodic (the default): every 1h0m0s ESO generates a new value and " +
            "replaces the Secret");
        messages.ShouldContain(m => m.StartsWith("spec.dataFrom names generator Password 'grafana-admn', which platform/observability/",
            StringComparison.Ordinal));
        messages.ShouldContain("spec leaves out encoding, which the Password CRD requires or defaults: the API server refuses it or " +
            "fills them in, and Argo CD shows it OutOfSync");
        // No store and no remoteRef: nothing for the backend catalog to object to.
        verified.Of("store").ShouldBeEmpty();
        verified.Of("catalog").ShouldBeEmpty();
    }

    [Fact]
    public void The_Grafana_Deployment_takes_its_admin_password_from_the_generated_Secret_and_Git_holds_none()
    {
        var objects = Render("platform/observability/overlays/dev-gcp");
        var grafana = objects.Single(o => Text(o["kind"]) == "Deployment" && Text(o["metadata"]!["name"]) == "grafana");
        var env = grafana["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!["env"]!.AsArray().OfType<JsonObject>()
            .ToDictionary(e => Text(e["name"])!);
        var password = env["GF_SECURITY_ADMIN_PASSWORD"];
        password["value"].ShouldBeNull();
        Text(password["valueFrom"]!["secretKeyRef"]!["name"]).ShouldBe("grafana-admin");
        Text(password["valueFrom"]!["secretKeyRef"]!["key"]).ShouldBe("password");
        Text(env["GF_AUTH_ANONYMOUS_ORG_ROLE"]["value"]).ShouldBe("Viewer");
        env.Keys.Where(k => k.Contains("PASSWORD", StringComparison.Ordinal) || k.Contains("ADMIN_USER", StringComparison.Ordinal))
            .ShouldAllBe(k => env[k]["value"] == null);

        var es = objects.Single(o => Text(o["kind"]) == "ExternalSecret" && Text(o["spec"]!["target"]!["name"]) == "grafana-admin");
        es["spec"]!["secretStoreRef"].ShouldBeNull();
        Text(es["spec"]!["refreshPolicy"]).ShouldBe("CreatedOnce");
        var generator = es["spec"]!["dataFrom"]!.AsArray().Single()!["sourceRef"]!["generatorRef"]!;
        objects.ShouldContain(o => Text(o["apiVersion"]) == Text(generator["apiVersion"]) && Text(o["kind"]) == Text(generator["kind"])
            && Text(o["metadata"]!["name"]) == Text(generator["name"]) && Text(o["kind"]) == "Password");
        objects.ShouldNotContain(o => Text(o["kind"]) == "Secret");
    }

    static List<JsonObject> Render(string overlay)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(Harness.RepositoryRoot(), overlay)])
            { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var yaml = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
        return [.. Yaml.Documents(yaml).OfType<JsonObject>()];
    }

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
