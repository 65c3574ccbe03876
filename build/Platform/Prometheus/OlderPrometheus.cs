using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Trinity.Build.Platform.Manifests;

namespace Trinity.Build.Platform.Prometheus;

/// <summary>What a local Prometheus may lack that the platform's (v3) has, and how a config is adapted to be checked
/// or run by it anyway (docs/prometheus.md). Debian's 2.42 knows no basic_auth.username_file (added in 2.49) and is
/// built without Kubernetes service discovery. An adaptation is made only for a field the local tool names as unknown,
/// and every one is named where the result is reported: the rest of the config is checked as it is.</summary>
public static partial class OlderPrometheus
{
    public const string UsernameFile = "username_file", KubernetesDiscovery = "kubernetes_sd_configs";

    /// <summary>Each adaptation, as the reports name it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Adaptations = new Dictionary<string, string>
    {
        [UsernameFile] = "basic_auth.username_file (Prometheus 2.49+) as a literal username",
        [KubernetesDiscovery] = "kubernetes_sd_configs (not in this build) as empty static_configs, relabelling kept",
    };

    /// <summary>The literal that stands for the username a newer Prometheus reads from its file.</summary>
    public const string UsernameStandIn = "read-from-username-file";

    /// <summary>Prometheus 2.49 added basic_auth.username_file.</summary>
    public static readonly Version UsernameFileSince = new(2, 49);

    [GeneratedRegex(@"field (\w+) not found in type")]
    private static partial Regex UnknownField();

    /// <summary>The fields a YAML error of promtool or prometheus names as unknown and that an adaptation exists for.</summary>
    public static IReadOnlyList<string> Adaptable(string error) =>
        [.. UnknownField().Matches(error).Select(m => m.Groups[1].Value).Where(Adaptations.ContainsKey).Distinct()];

    /// <summary>The config with the adaptations made, as JSON (which every Prometheus reads as YAML).</summary>
    public static string Adapt(string yaml, IReadOnlyCollection<string> fields)
    {
        var config = Yaml.Documents(yaml) is [JsonObject first, ..] ? first : throw new InvalidOperationException("not a YAML mapping");
        if (fields.Contains(UsernameFile))
            foreach (var auth in Each(config, "remote_write", "basic_auth").Concat(Each(config, "scrape_configs", "basic_auth")))
                if (auth.Remove(UsernameFile)) auth["username"] = UsernameStandIn;
        if (fields.Contains(KubernetesDiscovery))
            foreach (var job in (config["scrape_configs"] as JsonArray ?? []).OfType<JsonObject>())
                if (job.Remove(KubernetesDiscovery)) job["static_configs"] ??= new JsonArray();
        return config.ToJsonString();
    }

    static IEnumerable<JsonObject> Each(JsonObject config, string list, string field) =>
        (config[list] as JsonArray ?? []).OfType<JsonObject>().Select(e => e[field]).OfType<JsonObject>();
}
