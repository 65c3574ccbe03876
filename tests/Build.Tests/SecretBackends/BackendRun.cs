namespace Build.Tests.SecretBackends;

/// <summary>The platform build with the fake pulumi (its config holds the catalog values) and one backend peer's
/// environment layered on top.</summary>
internal static class BackendRun
{
    public static FakeInfra Infra(IReadOnlyDictionary<string, string?> backend)
    {
        var infra = new FakeInfra();
        foreach (var (key, value) in backend)
            infra.Environment[key] = key == "PATH" ? value + Path.PathSeparator + infra.Environment["PATH"] : value;
        return infra;
    }

    public static string[] Names(string cloud) =>
        [$"trinity-dev-{cloud}-secrets-demo", $"trinity-dev-{cloud}-grafana-cloud-remote-write-url",
         $"trinity-dev-{cloud}-grafana-cloud-remote-write-username", $"trinity-dev-{cloud}-grafana-cloud-remote-write-password"];

    /// <summary>The action done on one backend secret, from .nuke/temp/secret-backends/&lt;cloud&gt;.json.</summary>
    public static string Action(FakeInfra infra, string cloud, string name) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(infra.Copy.PathOf($".nuke/temp/secret-backends/{cloud}.json")))!.AsArray()
            .Single(r => r!["name"]!.GetValue<string>() == name)!["action"]!.GetValue<string>();

    public static string Found(FakeInfra infra, string cloud, string name) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(infra.Copy.PathOf($".nuke/temp/secret-backends/{cloud}.json")))!.AsArray()
            .Single(r => r!["name"]!.GetValue<string>() == name)!["found"]!.GetValue<string>();
}
