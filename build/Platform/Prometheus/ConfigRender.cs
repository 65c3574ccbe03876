using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Prometheus;

/// <summary>The platform's render script (platform/observability/base/render-prometheus-config.sh) run for real under
/// busybox sh, the shell of the init container and the reload sidecar, on files in a scratch folder: what the pod does,
/// offline. The script takes its paths from the environment, so nothing here rewrites it.</summary>
public static class ConfigRender
{
    public const string ScriptFile = "render-prometheus-config.sh", TemplateFile = "prometheus.yml.tmpl", ConfigFile = "prometheus.yml",
        UrlFile = "url";

    public sealed record Rendered(bool Succeeded, string Config, string Log);

    /// <summary>Writes the script, the template and the URL into <paramref name="folder"/> and runs `render`.</summary>
    public static async Task<Rendered> RenderAsync(string script, string template, string url, string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, ScriptFile), script, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, TemplateFile), template, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, UrlFile), url, ct);
        var config = Path.Combine(folder, ConfigFile);
        File.Delete(config);
        var result = await PrometheusTools.ShellAsync(Path.Combine(folder, ScriptFile), ["render"], Variables(folder), ct);
        var log = (result.Output + result.Error).Trim();
        return result.Succeeded && File.Exists(config)
            ? new Rendered(true, await File.ReadAllTextAsync(config, ct), log)
            : new Rendered(false, "", log);
    }

    /// <summary>The script's paths, all in <paramref name="folder"/>; a reload URL and interval for `watch`.</summary>
    public static Dictionary<string, string?> Variables(string folder, string? reloadUrl = null, int? watchSeconds = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["PROMETHEUS_TEMPLATE"] = Path.Combine(folder, TemplateFile),
            ["REMOTE_WRITE_URL_FILE"] = Path.Combine(folder, UrlFile),
            ["PROMETHEUS_CONFIG"] = Path.Combine(folder, ConfigFile),
        };
        if (reloadUrl is not null) variables["PROMETHEUS_RELOAD_URL"] = reloadUrl;
        if (watchSeconds is { } seconds) variables["WATCH_SECONDS"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return variables;
    }
}
