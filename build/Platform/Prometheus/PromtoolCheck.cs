using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Prometheus;

/// <summary>`promtool check config` of a rendered config. Where the local promtool is older than the platform's
/// Prometheus, the fields it names as unknown are adapted (<see cref="OlderPrometheus"/>) and the check repeated.</summary>
public static class PromtoolCheck
{
    public sealed record Verdict(bool Passed, string Message, IReadOnlyList<string> Adapted, Version? Version);

    public static async Task<Verdict> RunAsync(string config, string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "checked-" + ConfigRender.ConfigFile);
        var version = await PrometheusTools.PromtoolVersionAsync(ct);
        var adapted = new List<string>();
        var text = config;
        while (true)
        {
            await File.WriteAllTextAsync(file, text, ct);
            var result = await PrometheusTools.CheckConfigAsync(file, ct);
            var said = (result.Output + "\n" + result.Error).Replace(file, ConfigRender.ConfigFile, StringComparison.Ordinal);
            if (result.Succeeded) return new Verdict(true, "", adapted, version);
            var more = OlderPrometheus.Adaptable(said).Except(adapted).ToList();
            if (more.Count == 0) return new Verdict(false, Reason(said), adapted, version);
            adapted.AddRange(more);
            text = OlderPrometheus.Adapt(config, adapted);
        }
    }

    /// <summary>promtool's reasons in one line, without its "Checking FILE" banner.</summary>
    static string Reason(string said) => string.Join(" / ", said
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => !l.StartsWith("Checking ", StringComparison.Ordinal)));
}
