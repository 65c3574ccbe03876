using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Trinity.Build.Platform.Manifests.Rules;

/// <summary>The observability overlays: the remote-write URL placeholder stands once in the template the init
/// container renders, every basic_auth *_file is a key the synced Secret really has, and external_labels resolve
/// to this cluster's cloud, cluster and platform, and a sidecar renders the URL again when the Secret changes.</summary>
public static partial class PrometheusRule
{
    public const string PlaceholderId = "prometheus-placeholder", FilesId = "prometheus-files", LabelsId = "external-labels";
    public const string Placeholder = "__GRAFANA_CLOUD_REMOTE_WRITE_URL__";
    public const string RenderContainer = "render-prometheus-config", ReloadContainer = "reload-prometheus-config";
    public const string ReloadId = "prometheus-reload";
    public const string ScriptFile = Prometheus.ConfigRender.ScriptFile;
    const string Lifecycle = "--web.enable-lifecycle";

    [GeneratedRegex(@"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")]
    private static partial Regex Variable();

    public static IEnumerable<Finding> Check(VerifyContext context)
    {
        foreach (var (cloud, overlay) in context.Overlays("observability"))
        {
            var objects = overlay.Objects;
            var workload = objects.FirstOrDefault(o => o.Kind is "Deployment" or "StatefulSet" && Containers(o, "initContainers")
                .Any(c => Name(c) == RenderContainer));
            if (workload is null)
            {
                yield return new Finding(overlay.Directory + "/kustomization.yaml", "-", PlaceholderId,
                    $"no Deployment or StatefulSet has the init container {RenderContainer}",
                    "render prometheus.yml from the template in an init container of that name");
                continue;
            }
            var templates = Templates(workload, objects);
            if (templates.Count != 1)
            {
                yield return Finding.For(workload, PlaceholderId,
                    $"the init container mounts {templates.Count} ConfigMaps with a remote_write template, not one",
                        "mount exactly one template ConfigMap");
                continue;
            }
            var (template, text) = templates[0];
            var count = Regex.Count(text, Regex.Escape(Placeholder));
            if (count != 1)
                yield return Finding.For(template, PlaceholderId,
                    $"the template holds {Placeholder} {count} times, not once: the init container would render " +
                        $"{(count == 0 ? "no URL" : "the URL into several places")}",
                    "keep the placeholder exactly once, as remote_write[0].url");

            var (config, error) = Parse(text);
            if (error is not null) yield return Finding.For(template, PlaceholderId, $"the template is not YAML: {error}",
                "fix the template's YAML");
            if (config is null) continue;

            var prometheus = Containers(workload, "containers").FirstOrDefault();
            foreach (var finding in Reload(workload, prometheus)) yield return finding;
            foreach (var finding in Files(overlay, workload, prometheus, template, config)) yield return finding;
            foreach (var finding in Labels(context, cloud, overlay, prometheus, template, config)) yield return finding;
        }
    }

    /// <summary>What the init container and the reload sidecar run: the template and the script, from the ConfigMaps
    /// they mount (null when the overlay has no single template).</summary>
    public static (ManifestObject Template, string Text, string? Script)? RenderInputs(RenderedDirectory overlay)
    {
        var workload = overlay.Objects.FirstOrDefault(o => o.Kind is "Deployment" or "StatefulSet" && Containers(o, "initContainers")
            .Any(c => Name(c) == RenderContainer));
        if (workload is null || Templates(workload, overlay.Objects) is not [var (template, text)]) return null;
        var script = MountedData(workload, overlay.Objects, RenderContainer).Select(d => d.Entry)
            .FirstOrDefault(d => d.Key == ScriptFile).Value;
        return (template, text, script);
    }

    /// <summary>The mounted ConfigMap entries of the init container that hold a remote_write template (the script that
    /// renders it mentions remote_write too, and is not one).</summary>
    static List<(ManifestObject ConfigMap, string Text)> Templates(ManifestObject workload, IReadOnlyList<ManifestObject> objects) =>
        [.. MountedData(workload, objects, RenderContainer)
            .Where(d => !d.Entry.Key.EndsWith(".sh", StringComparison.Ordinal)
                && d.Entry.Value.Contains("remote_write", StringComparison.Ordinal))
            .Select(d => (d.ConfigMap, d.Entry.Value))];

    static IEnumerable<(ManifestObject ConfigMap, KeyValuePair<string, string> Entry)> MountedData(ManifestObject workload,
        IReadOnlyList<ManifestObject> objects, string container) =>
        Containers(workload, "initContainers").Concat(Containers(workload, "containers")).Where(c => Name(c) == container)
            .SelectMany(Mounts).Select(m => Volume(workload, m.Name)?["configMap"]?["name"]?.GetValue<string>()).OfType<string>()
            .Select(n => objects.FirstOrDefault(o => o.Kind == "ConfigMap" && o.Name == n)).OfType<ManifestObject>()
            .SelectMany(cm => (cm.At("data") as JsonObject ?? [])
                .Select(d => (cm, new KeyValuePair<string, string>(d.Key, d.Value?.GetValue<string>() ?? ""))));

    /// <summary>The URL is rendered once at start; without the sidecar that renders it again and Prometheus accepting
    /// its /-/reload, a URL ESO refreshes is never loaded (docs/prometheus.md).</summary>
    static IEnumerable<Finding> Reload(ManifestObject workload, JsonObject? prometheus)
    {
        var sidecar = Containers(workload, "containers").FirstOrDefault(c => Name(c) == ReloadContainer);
        var command = string.Join(" ", (sidecar?["command"] as JsonArray ?? []).Concat(sidecar?["args"] as JsonArray ?? [])
            .Select(a => a?.ToString()));
        if (sidecar is null || !command.Contains(ScriptFile, StringComparison.Ordinal)
            || !command.EndsWith(" watch", StringComparison.Ordinal))
            yield return Finding.For(workload, ReloadId,
                $"no container {ReloadContainer} runs {ScriptFile} watch: a remote_write URL that ESO refreshes would never be loaded",
                $"add the sidecar {ReloadContainer} with the init container's mounts");
        var args = (prometheus?["args"] as JsonArray ?? []).Select(a => a?.ToString());
        if (!args.Contains(Lifecycle))
            yield return Finding.For(workload, ReloadId,
                $"the Prometheus container lacks {Lifecycle}: the sidecar's POST /-/reload is refused",
                $"add {Lifecycle} to its args");
    }

    static IEnumerable<Finding> Files(RenderedDirectory overlay, ManifestObject workload, JsonObject? container, ManifestObject template,
        JsonNode config)
    {
        var entries = config["remote_write"] as JsonArray ?? [];
        for (var i = 0; i < entries.Count; i++)
        foreach (var field in new[] { "username_file", "password_file" })
        {
            if (entries[i]?["basic_auth"]?[field]?.GetValue<string>() is not { } file) continue;
            var where = $"remote_write[{i}].basic_auth.{field}";
            var mount = container is null ? default : Mounts(container)
                .Where(m => file.StartsWith(m.Path.TrimEnd('/') + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Path.Length)
                    .FirstOrDefault();
            if (mount.Name is null)
            {
                yield return Finding.For(template, FilesId, $"{where} {file} is in no volume the Prometheus container mounts",
                    "mount the Secret grafana-cloud-remote-write at that directory");
                continue;
            }
            var fileName = file[(mount.Path.TrimEnd('/').Length + 1)..];
            var secret = Volume(workload, mount.Name)?["secret"];
            var secretName = secret?["secretName"]?.GetValue<string>();
            var key = secret?["items"] is JsonArray items
                ? items.FirstOrDefault(it => it?["path"]?.GetValue<string>() == fileName)?["key"]?.GetValue<string>() : fileName;
            var external = overlay.Objects.FirstOrDefault(o => o.Kind == "ExternalSecret"
                && (o.TextAt("spec", "target", "name") ?? o.Name) == secretName);
            var keys = (external?.At("spec", "data") as JsonArray ?? []).Select(d => d?["secretKey"]?.GetValue<string>()).OfType<string>()
                .ToList();
            if (secretName is null || key is null || !keys.Contains(key))
                yield return Finding.For(template, FilesId,
                    $"{where} {file} maps to {(secretName is null ? "no Secret volume" : $"key '{key ?? fileName}' of Secret " +
                        $"{secretName}")}, which the ExternalSecret does not sync (keys: {string.Join(", ", keys)})",
                    "point the file at a synced key (url, username, password) through the volume's items");
        }
    }

    static IEnumerable<Finding> Labels(VerifyContext context, Clouds.Cloud cloud, RenderedDirectory overlay, JsonObject? container,
        ManifestObject template, JsonNode config)
    {
        var names = context.Names(cloud);
        var expected = new Dictionary<string,
            string> { ["cloud"] = names.CloudName, ["cluster"] = names.Cluster, ["platform"] = "trinity" };
        var labels = config["global"]?["external_labels"] as JsonObject ?? [];
        foreach (var (label, want) in expected)
        {
            var raw = labels[label] is JsonValue v ? v.ToString() : null;
            if (raw is null)
            {
                yield return Finding.For(template, LabelsId, $"global.external_labels has no '{label}' (expected {want})",
                    $"add {label}: {want}");
                continue;
            }
            var (value, source) = Resolve(overlay, container, raw);
            if (value != want)
                yield return Finding.For(template, LabelsId,
                    $"external_labels.{label} resolves to '{value ?? "nothing"}' ({source}), expected '{want}' for {names.Cluster}",
                    source.StartsWith("ConfigMap", StringComparison.Ordinal)
                        ? $"set it to {want} in {overlay.Directory}/kustomization.yaml"
                        : $"set it to {want}");
        }
    }

    /// <summary>A literal, or ${VAR} from the container's env: a value or a ConfigMap key in the overlay.</summary>
    static (string? Value, string Source) Resolve(RenderedDirectory overlay, JsonObject? container, string raw)
    {
        var match = Variable().Match(raw);
        if (!match.Success) return (raw, "literal");
        var variable = match.Groups[1].Value;
        var env = (container?["env"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => e["name"]?.GetValue<string>() == variable);
        if (env is null) return (null, $"${{{variable}}} is not set on the Prometheus container");
        if (env["value"] is JsonValue literal) return (literal.ToString(), $"env {variable}");
        var reference = env["valueFrom"]?["configMapKeyRef"];
        var mapName = reference?["name"]?.GetValue<string>();
        var key = reference?["key"]?.GetValue<string>();
        var map = overlay.Objects.FirstOrDefault(o => o.Kind == "ConfigMap" && o.Name == mapName);
        return (map?.TextAt("data", key ?? ""), $"ConfigMap {mapName} key {key}");
    }

    static (JsonNode? Config, string? Error) Parse(string text)
    {
        try { return (Yaml.Documents(text) is [var first, ..] ? first : null, null); }
        catch (YamlException e) { return (null, e.Message); }
    }

    static IEnumerable<JsonObject> Containers(ManifestObject workload, string field) =>
        (workload.At("spec", "template", "spec", field) as JsonArray ?? []).OfType<JsonObject>();

    static string? Name(JsonObject container) => container["name"]?.GetValue<string>();

    static IEnumerable<(string Name, string Path)> Mounts(JsonObject container) =>
        (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>()
        .Select(m => (m["name"]?.GetValue<string>() ?? "", m["mountPath"]?.GetValue<string>() ?? ""));

    static JsonObject? Volume(ManifestObject workload, string name) =>
        (workload.At("spec", "template", "spec", "volumes") as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(v => v["name"]?.GetValue<string>() == name);
}
