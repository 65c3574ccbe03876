using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Trinity.Build.Platform.Prometheus;

namespace Build.Tests.Prometheus;

/// <summary>The real Prometheus server (Debian's package here) run on 127.0.0.1 from the platform's own template,
/// rendered by the platform's own script under busybox sh, as the pod does it. Three things differ from the pod, and
/// only these: the pod's mount points are folders of a scratch directory, the self-scrape target is this server's
/// port, and what this Prometheus names as unknown is adapted as Verify adapts it (<see cref="OlderPrometheus"/>).</summary>
internal sealed class LocalPrometheus : IAsyncDisposable
{
    public const string UsernameCanary = "canary-remote-write-user-Lp40Qz", PasswordCanary = "canary-remote-write-token-Wm71Rd";
    static readonly string[] Tools = ["prometheus", "promtool", "busybox"];

    readonly List<Process> _processes = [];
    readonly StringBuilder _log = new();
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    LocalPrometheus(string folder) => Folder = folder;

    public Uri Url { get; private set; } = null!;
    public string RenderLog { get; private set; } = "";
    public string Folder { get; }
    public string ServerLog { get { lock (_log) return _log.ToString(); } }

    /// <summary>Null when the tools are here; else why the test cannot run, with the install line.</summary>
    public static string? MissingTools()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        var missing = Tools.Where(t => !path.Any(p => File.Exists(Path.Combine(p, t)))).ToList();
        return missing.Count == 0 ? null
            : $"needs {string.Join(", ", missing)} on PATH (README: Prerequisites: apt-get install prometheus busybox)";
    }

    /// <summary>Renders the template with <paramref name="url"/> and starts the server with this cluster's labels, trusting
    /// <paramref name="certificatePem"/> for remote write.</summary>
    public static async Task<LocalPrometheus> StartAsync(string url, string cloud, string cluster, string certificatePem)
    {
        var folder = Directory.CreateTempSubdirectory("trinity-prometheus-").FullName;
        var prometheus = new LocalPrometheus(folder);
        var platform = Path.Combine(global::Testing.Harness.RepositoryRoot(), "platform", "observability", "base");
        await File.WriteAllTextAsync(Path.Combine(folder, ConfigRender.ScriptFile),
            await File.ReadAllTextAsync(Path.Combine(platform, ConfigRender.ScriptFile)));
        Directory.CreateDirectory(Path.Combine(folder, "auth"));
        await File.WriteAllTextAsync(Path.Combine(folder, "auth", "username"), UsernameCanary);
        await File.WriteAllTextAsync(Path.Combine(folder, "auth", "password"), PasswordCanary);
        await File.WriteAllTextAsync(Path.Combine(folder, "ca.pem"), certificatePem);

        for (var attempt = 1; ; attempt++)
        {
            var port = global::Testing.LoopbackListener.FreePort();
            var template = await TemplateAsync(Path.Combine(platform, ConfigRender.TemplateFile), folder, port);
            await File.WriteAllTextAsync(Path.Combine(folder, ConfigRender.TemplateFile), template);
            await prometheus.SetUrlAsync(url);
            var render = await prometheus.ScriptAsync("render");
            render.ExitCode.ShouldBe(0, render.StandardError);
            prometheus.RenderLog = render.StandardOutput + render.StandardError;
            prometheus.Url = new Uri($"http://127.0.0.1:{port}");
            var server = prometheus.Start("prometheus", [
                $"--config.file={Path.Combine(folder, ConfigRender.ConfigFile)}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle", "--enable-feature=expand-external-labels",
            ], new() { ["TRINITY_CLOUD"] = cloud, ["TRINITY_CLUSTER"] = cluster, ["SSL_CERT_FILE"] = Path.Combine(folder, "ca.pem") });
            if (await prometheus.WaitForAsync(async () => server.HasExited || await prometheus.ReadyAsync(), TimeSpan.FromSeconds(60))
                && !server.HasExited) return prometheus;
            // A port found free can be taken before the server binds it (suites run side by side).
            attempt.ShouldBeLessThan(3, $"Prometheus did not start: {prometheus.ServerLog}");
        }
    }

    /// <summary>The platform's template with the pod's mounts in the scratch folder and the adaptations this
    /// promtool asks for, decided on a sample render.</summary>
    static async Task<string> TemplateAsync(string file, string folder, int port)
    {
        var template = (await File.ReadAllTextAsync(file))
            .Replace("/etc/grafana-cloud/auth/", Path.Combine(folder, "auth") + "/", StringComparison.Ordinal)
            .Replace("localhost:9090", $"127.0.0.1:{port}", StringComparison.Ordinal);
        var sample = Path.Combine(folder, "sample.yml");
        await File.WriteAllTextAsync(sample, template.Replace(
            Trinity.Build.Platform.Manifests.Rules.PrometheusRule.Placeholder, "https://127.0.0.1/sample", StringComparison.Ordinal));
        var check = await Cli.Wrap("promtool").WithArguments(["check", "config", sample]).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        var fields = OlderPrometheus.Adaptable(check.StandardOutput + check.StandardError);
        return fields.Count == 0 ? template : OlderPrometheus.Adapt(template, fields);
    }

    /// <summary>What the kubelet does when ESO changes the Secret: the mounted url file gets the new value.</summary>
    public Task SetUrlAsync(string url) => File.WriteAllTextAsync(Path.Combine(Folder, ConfigRender.UrlFile), url);

    public Task<BufferedCommandResult> ScriptAsync(string mode) => ScriptAsync(Folder, mode);

    /// <summary>The script in <paramref name="folder"/> under busybox sh, its paths all in that folder.</summary>
    public static Task<BufferedCommandResult> ScriptAsync(string folder, string mode) =>
        Cli.Wrap("busybox").WithArguments(["sh", Path.Combine(folder, ConfigRender.ScriptFile), mode])
            .WithEnvironmentVariables(ConfigRender.Variables(folder)).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    /// <summary>The reload sidecar, polling every second; its output goes to <paramref name="log"/>.</summary>
    public Process StartSidecar(StringBuilder log) => Start("busybox", ["sh", Path.Combine(Folder, ConfigRender.ScriptFile), "watch"],
        ConfigRender.Variables(Folder, new Uri(Url, "/-/reload").ToString(), watchSeconds: 1), log);

    Process Start(string executable, IEnumerable<string> arguments, Dictionary<string, string?> environment, StringBuilder? log = null)
    {
        log ??= _log;
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    async Task<bool> ReadyAsync()
    {
        try { return (await _http.GetAsync(new Uri(Url, "/-/ready"))).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    /// <summary>The loaded config as /api/v1/status/config shows it.</summary>
    public async Task<string> LoadedConfigAsync() =>
        JsonNode.Parse(await _http.GetStringAsync(new Uri(Url, "/api/v1/status/config")))?["data"]?["yaml"]?.GetValue<string>() ?? "";

    /// <summary>One instant query's first value; 0 for an empty result.</summary>
    public async Task<double> QueryAsync(string promql)
    {
        var body = await _http.GetStringAsync(new Uri(Url, "/api/v1/query?query=" + Uri.EscapeDataString(promql)));
        return JsonNode.Parse(body)?["data"]?["result"] is JsonArray { Count: > 0 } result
            ? double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return true;
            await Task.Delay(250);
        }
        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        _http.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
