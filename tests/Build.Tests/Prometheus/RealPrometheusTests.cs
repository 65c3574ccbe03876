using System.Text;
using Build.Tests.Cluster;

namespace Build.Tests.Prometheus;

/// <summary>Validate's Prometheus checks against the real server: the platform's template rendered by the platform's
/// script under busybox sh, Prometheus on 127.0.0.1 writing to a receiver the test controls, reached through the fake
/// API server's service proxy. /-/ready, the loaded config, its version and the sample counters all come from the
/// real server. Skipped, with the install line, where the Debian packages are not installed.</summary>
public sealed class RealPrometheusTests
{
    const string UrlCanary = "canary-remote-write-url-Jd62Ne";
    const string Rendered = "Prometheus config rendered", Sending = "remote write sending";
    static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Validate_sees_the_real_server_send_then_fail_after_the_sidecar_reloads_a_refreshed_url()
    {
        if (LocalPrometheus.MissingTools() is { } why) Assert.Skip(why);
        await using var receiver = await RemoteWriteReceiver.StartAsync();
        await using var cluster = await PlatformCluster.StartAsync();
        await using var prometheus = await LocalPrometheus.StartAsync(new Uri(receiver.Url, $"/accept?t={UrlCanary}").ToString(),
            cluster.Cloud, cluster.Cluster, receiver.CertificatePem);
        cluster.Api.MapServiceProxy("observability", "prometheus", "9090", prometheus.Url);
        cluster.Api.SetLog("observability", PlatformCluster.PrometheusPodName, "render-prometheus-config", prometheus.RenderLog);

        (await prometheus.WaitForAsync(async () => receiver.Accepted > 0
                && await prometheus.QueryAsync("sum(rate(prometheus_remote_storage_samples_total[5m]))") > 0, Bound))
            .ShouldBeTrue($"no samples sent within {Bound}: {prometheus.ServerLog}");
        var sending = await ClusterRun.RunAsync(cluster, "Validate");
        sending.Check("gcp", Rendered).Verdict.ShouldBe("pass", sending.Out);
        sending.Check("gcp", Rendered).Evidence.ShouldContain("(Prometheus 2.");
        sending.Check("gcp", Rendered).Evidence.ShouldContain("external_labels cloud=gcp, cluster=trinity-dev-gcp, platform=trinity");
        sending.Check("gcp", Sending).Verdict.ShouldBe("pass", sending.Out);
        sending.Check("gcp", Sending).Evidence.ShouldMatch(@"^[0-9.]+ samples/s sent, none failed$");

        // ESO refreshes the Secret with a URL whose writes are refused; the kubelet updates the mounted file.
        var sidecarLog = new StringBuilder();
        prometheus.StartSidecar(sidecarLog);
        await prometheus.SetUrlAsync(new Uri(receiver.Url, $"/reject?t={UrlCanary}").ToString());
        (await prometheus.WaitForAsync(async () => (await prometheus.LoadedConfigAsync()).Contains("/reject", StringComparison.Ordinal)
                && receiver.Rejected > 0
                && await prometheus.QueryAsync("sum(rate(prometheus_remote_storage_samples_failed_total[5m]))") > 0, Bound))
            .ShouldBeTrue($"the refreshed URL was not loaded and failing within {Bound}: {sidecarLog} {prometheus.ServerLog}");
        var failing = await ClusterRun.RunAsync(cluster, "Validate");
        failing.ExitCode.ShouldBe(1);
        failing.Check("gcp", Rendered).Verdict.ShouldBe("pass", failing.Out);
        var (verdict, evidence, remedy) = failing.Check("gcp", Sending);
        verdict.ShouldBe("fail");
        evidence.ShouldStartWith("samples failing at ");
        remedy.ShouldNotBeNull().ShouldContain("./build.sh SecretBackendsApply --cloud gcp");

        lock (sidecarLog) sidecarLog.ToString().ShouldContain("reloaded Prometheus");
        foreach (var output in new[] { sending.Out, failing.Out, prometheus.RenderLog, sidecarLog.ToString() })
            foreach (var canary in new[] { UrlCanary, LocalPrometheus.UsernameCanary, LocalPrometheus.PasswordCanary })
                output.ShouldNotContain(canary);
    }

    [Theory]
    [InlineData("http://" + UrlCanary + ".example/api/prom/push", "is not an https:// URL")]
    [InlineData("https://" + UrlCanary + ".example/api/prom/push\nhttps://second.example", "spans several lines")]
    public async Task The_render_script_refuses_a_bad_url_naming_the_Secret_and_never_printing_it(string url, string reason)
    {
        if (LocalPrometheus.MissingTools() is { } why) Assert.Skip(why);
        var folder = Directory.CreateTempSubdirectory("trinity-render-").FullName;
        try
        {
            File.Copy(Script, Path.Combine(folder, "render-prometheus-config.sh"));
            File.Copy(Template, Path.Combine(folder, "prometheus.yml.tmpl"));
            await File.WriteAllTextAsync(Path.Combine(folder, "url"), url, TestContext.Current.CancellationToken);
            var render = await LocalPrometheus.ScriptAsync(folder, "render");
            render.ExitCode.ShouldBe(1);
            render.StandardError.Trim().ShouldBe($"url key of Secret grafana-cloud-remote-write {reason}");
            render.StandardOutput.ShouldBeEmpty();
            File.Exists(Path.Combine(folder, "prometheus.yml")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static string Script => Path.Combine(Base, "render-prometheus-config.sh");
    static string Template => Path.Combine(Base, "prometheus.yml.tmpl");
    static string Base => Path.Combine(global::Testing.Harness.RepositoryRoot(), "platform/observability/base");
}
