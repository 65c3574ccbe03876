using System.Text.Json;
using System.Text.Json.Nodes;

namespace Build.Tests;

/// <summary>A platform copy with fake CLIs first on PATH: pulumi (Fakes/pulumi) and, where asked, aws/gcloud/az
/// (Fakes/clouds) and a kubectl whose client version a test sets (Fakes/kubectl). Each cloud's stack and foundation
/// ("foundation-&lt;cloud&gt;") start with realistic config and outputs that a test can change; removing a state removes
/// the stack.</summary>
internal sealed class FakeInfra
{
    public const string KubeconfigCanary = "canary-kube-token-Zx81Qp";
    public const string ConfigCanary = "canary-config-secret-Lm47Vd";

    public PlatformCopy Copy { get; } = new();
    public string State { get; } = Harness.TempRoot();
    public string Bin { get; } = Harness.TempRoot();
    public Dictionary<string, string?> Environment { get; } = [];

    public FakeInfra(bool fakeClouds = false)
    {
        Install("pulumi", "pulumi");
        if (fakeClouds)
        {
            foreach (var tool in new[] { "aws", "gcloud", "az" }) Install("clouds", tool);
            Install("kubectl", "kubectl");
        }
        Environment["PATH"] = Bin + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH");
        Environment["FAKE_PULUMI_DIR"] = State;
        Environment["PULUMI_CONFIG_PASSPHRASE"] = "passed-through";
        foreach (var cloud in new[] { "aws", "gcp", "azure" })
        {
            Config[cloud] = DefaultConfig(cloud);
            Outputs[cloud] = DefaultOutputs(cloud);
            Config[$"foundation-{cloud}"] = FoundationConfig(cloud);
            Outputs[$"foundation-{cloud}"] = FoundationOutputs(cloud);
        }
    }

    public Dictionary<string, JsonObject> Config { get; } = [];
    public Dictionary<string, JsonObject> Outputs { get; } = [];

    public Task<Harness.Result> RunAsync(params string[] args) => RunAsync<Trinity.Build.Build>(args, Trinity.Build.Build.DefaultTarget);

    /// <summary>Any build (the platform's, or a test's own) with the fakes on PATH and the stacks' state written.</summary>
    public async Task<Harness.Result> RunAsync<T>(string[] args, System.Linq.Expressions.Expression<Func<T,
        Engine.Target>> defaultTarget) where T : Engine.BuildBase, new()
    {
        foreach (var (project, config) in Config)
            File.WriteAllText(Path.Combine(State, $"{project}.config.json"), config.ToJsonString());
        foreach (var (project, outputs) in Outputs)
            File.WriteAllText(Path.Combine(State, $"{project}.outputs.json"), outputs.ToJsonString());
        return await Harness.Run<T>(args, new() { Root = Copy.Root, Default = defaultTarget, Environment = Environment });
    }

    static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public sealed record Call(string[] Argv, string Cwd, Dictionary<string, string> Env);

    public IReadOnlyList<Call> Calls =>
        File.Exists(Path.Combine(State, "calls.jsonl"))
            ? [.. File.ReadAllLines(Path.Combine(State, "calls.jsonl")).Select(l => JsonSerializer.Deserialize<Call>(l, CaseInsensitive)!)]
            : [];

    public static JsonObject Entry(string value, bool secret = false) => new() { ["value"] = value, ["secret"] = secret };

    static JsonObject DefaultConfig(string cloud)
    {
        var config = new JsonObject
        {
            ["trinity:env"] = Entry("dev"),
            ["trinity:secretsDemoValue"] = Entry($"hello-from-{cloud}", secret: true),
            ["trinity:grafanaCloudRemoteWriteUrl"] = Entry("https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push", secret: true),
            ["trinity:grafanaCloudPrometheusUsername"] = Entry("123456", secret: true),
            ["trinity:grafanaCloudPrometheusPassword"] = Entry(ConfigCanary, secret: true),
        };
        foreach (var (key, value) in cloud switch
                 {
                     "aws" => new[] { ("aws:region", "us-east-1") },
                     "gcp" => [("gcp:project", "trinity-platform-dev"), ("gcp:zone", "europe-west1-b")],
                     _ => [("azure-native:location", "westeurope")],
                 })
            config[key] = Entry(value);
        return config;
    }

    static JsonObject FoundationConfig(string cloud)
    {
        var config = new JsonObject
        {
            ["trinity:env"] = Entry("dev"),
            ["trinity:githubRepository"] = Entry("trinity-platform/trinity-delivery"),
        };
        foreach (var (key, value) in cloud switch
                 {
                     "aws" => new[] { ("aws:region", "us-east-1") },
                     "gcp" => [("gcp:project", "trinity-platform-dev")],
                     _ => [("trinity:keyVaultName", "trinity-dev-kv"), ("azure-native:location", "westeurope")],
                 })
            config[key] = Entry(value);
        return config;
    }

    /// <summary>What each foundation program returns (infra/pulumi/foundation-&lt;cloud&gt;/program.ts), with realistic values.</summary>
    static JsonObject FoundationOutputs(string cloud)
    {
        var outputs = new JsonObject { ["githubRepository"] = Entry("trinity-platform/trinity-delivery") };
        foreach (var (key, value) in cloud switch
                 {
                     "aws" => new[]
                     {
                         ("region", "us-east-1"),
                         ("githubOidcProviderArn", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"),
                         ("deployRoleArn", "arn:aws:iam::123456789012:role/trinity-dev-aws-deploy"),
                         ("secretsRoleArn", "arn:aws:iam::123456789012:role/trinity-dev-aws-secrets"),
                         ("validateRoleArn", "arn:aws:iam::123456789012:role/trinity-dev-aws-validate"),
                     },
                     "gcp" =>
                     [
                         ("project", "trinity-platform-dev"), ("projectNumber", "123456789012"),
                         ("workloadIdentityProvider",
                             "projects/123456789012/locations/global/workloadIdentityPools/trinity-dev-gcp-github/providers/github"),
                         ("deployServiceAccountEmail", "trinity-dev-gcp-deploy@trinity-platform-dev.iam.gserviceaccount.com"),
                         ("secretsServiceAccountEmail", "trinity-dev-gcp-secrets@trinity-platform-dev.iam.gserviceaccount.com"),
                         ("validateServiceAccountEmail", "trinity-dev-gcp-validate@trinity-platform-dev.iam.gserviceaccount.com"),
                     ],
                     _ =>
                     [
                         ("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47"), ("subscriptionId", "0b1f6471-1bf0-4dda-aec3-111122223333"),
                         ("keyVaultName", "trinity-dev-kv"), ("deployClientId", "5e0c8a3d-1111-4a4a-9b9b-aaaabbbbcccc"),
                         ("secretsClientId", "5e0c8a3d-2222-4a4a-9b9b-aaaabbbbcccc"),
                         ("validateClientId", "5e0c8a3d-3333-4a4a-9b9b-aaaabbbbcccc"),
                     ],
                 })
            outputs[key] = Entry(value);
        return outputs;
    }

    static JsonObject DefaultOutputs(string cloud)
    {
        var outputs = new JsonObject
        {
            ["clusterName"] = Entry($"trinity-dev-{cloud}"),
            ["kubeconfig"] = Entry($"apiVersion: v1\nkind: Config\nusers:\n- name: trinity-dev-{cloud}\n  user:\n    token: " +
                $"{KubeconfigCanary}\n", secret: true),
        };
        if (cloud == "azure") outputs["keyVaultUrl"] = Entry("https://trinity-dev-kv.vault.azure.net/");
        return outputs;
    }

    void Install(string fake, string name)
    {
        var target = Path.Combine(Bin, name);
        File.Copy(Path.Combine(Harness.RepositoryRoot(), "tests", "Build.Tests", "Fakes", fake), target);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
