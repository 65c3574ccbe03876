using System.Text.Json.Nodes;
using Engine;
using Engine.Processes;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>Everything that must hold before `pulumi up` for one cloud: tools, identity, the APIs Pulumi needs,
/// the stack's config keys (never their values), and Git agreeing with the stack (the root Application's folder,
/// the ClusterSecretStore's region or project).</summary>
public static class Preflight
{
    public static async Task<IReadOnlyList<Check>> RunAsync(InfraStack stack, CancellationToken ct)
    {
        var checks = new List<Check>();
        checks.Add(await Version("pulumi", Pulumi.Cli, ["version"], "install the Pulumi CLI: https://www.pulumi.com/docs/install/", ct));
        checks.Add(await Version("node", CloudClis.Node, ["--version"], "install Node.js 20", ct));
        checks.Add(await Version("kubectl", CloudClis.Kubectl, ["version", "--client"], "install kubectl", ct));
        checks.AddRange(await Cloud(stack, ct));

        var config = await Config(stack, ct);
        checks.AddRange(config.Checks);
        checks.Add(Roots(stack));
        if (config.Values is { } values)
        {
            if (stack.Names.Cloud == Naming.Cloud.Gcp && values.GetValueOrDefault("gcp:project")?.Value is { } project) checks.Add(await GcpApis(project, ct));
            checks.AddRange(await Agreement(stack, values, ct));
        }
        return checks;
    }

    static async Task<Check> Version(string name, Tool tool, string[] args, string remedy, CancellationToken ct)
    {
        try
        {
            var result = await CloudClis.Ask(tool, args, ct);
            var first = (result.Output + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            return result.Succeeded ? Check.Pass(name, first) : Check.Fail(name, $"`{name} {string.Join(' ', args)}` exited {result.ExitCode}: {first}", remedy);
        }
        catch (TargetFailedException e)
        {
            return Check.Fail(name, e.Message, remedy);
        }
    }

    static async Task<IEnumerable<Check>> Cloud(InfraStack stack, CancellationToken ct) => stack.Names.Cloud switch
    {
        Naming.Cloud.Aws =>
        [
            await Version("aws", CloudClis.Aws, ["--version"], "install the AWS CLI v2", ct),
            await Identity("aws identity", CloudClis.Aws, ["sts", "get-caller-identity", "--output", "json"], o => $"{o["Arn"]} (account {o["Account"]})",
                "sign in: aws sso login, AWS_PROFILE, or OIDC in CI", ct),
        ],
        Naming.Cloud.Gcp =>
        [
            await Version("gcloud", CloudClis.Gcloud, ["--version"], "install the Google Cloud CLI", ct),
            await Identity("gcloud identity", CloudClis.Gcloud, ["auth", "list", "--filter=status:ACTIVE", "--format=json"],
                o => o is JsonArray { Count: > 0 } a ? a[0]?["account"]?.ToString() ?? "" : "", "sign in: gcloud auth login and gcloud auth application-default login", ct),
        ],
        _ =>
        [
            await Version("az", CloudClis.Az, ["version", "--output", "json"], "install the Azure CLI", ct),
            await Identity("az identity", CloudClis.Az, ["account", "show", "--output", "json"], o => $"{o["user"]?["name"]} (subscription {o["name"]})",
                "sign in: az login (azure/login with OIDC in CI)", ct),
        ],
    };

    static async Task<Check> Identity(string name, Tool tool, string[] args, Func<JsonNode, string> describe, string remedy, CancellationToken ct)
    {
        try
        {
            var result = await CloudClis.Ask(tool, args, ct);
            if (!result.Succeeded) return Check.Fail(name, FirstLine(result.Error), remedy);
            var who = JsonNode.Parse(result.Output) is { } node ? describe(node) : "";
            return who.Length > 0 ? Check.Pass(name, who) : Check.Fail(name, "no signed-in identity", remedy);
        }
        catch (Exception e) when (e is TargetFailedException or System.Text.Json.JsonException)
        {
            return Check.Fail(name, e is TargetFailedException ? e.Message : "its output was not JSON", remedy);
        }
    }

    /// <summary>The stack enables the APIs it uses, but only through these two; they must be on already.</summary>
    static readonly string[] BootstrapApis = ["serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com"];

    static async Task<Check> GcpApis(string project, CancellationToken ct)
    {
        const string name = "GCP APIs";
        var result = await CloudClis.Ask(CloudClis.Gcloud, ["services", "list", "--enabled", "--project", project, "--format=value(config.name)"], ct);
        if (!result.Succeeded) return Check.Fail(name, FirstLine(result.Error), $"check access to project {project}: gcloud services list --project {project}");
        var enabled = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var missing = BootstrapApis.Where(a => !enabled.Contains(a)).ToList();
        return missing.Count == 0
            ? Check.Pass(name, $"{string.Join(", ", BootstrapApis)} enabled in {project} ({enabled.Count} in all; the stack enables the rest)")
            : Check.Fail(name, $"not enabled in {project}: {string.Join(", ", missing)}", $"gcloud services enable {string.Join(' ', missing)} --project {project}");
    }

    sealed record ConfigOutcome(IReadOnlyList<Check> Checks, IReadOnlyDictionary<string, Pulumi.ConfigValue>? Values);

    /// <summary>`pulumi config --json` without --show-secrets: which keys are set, never a secret's value.</summary>
    static async Task<ConfigOutcome> Config(InfraStack stack, CancellationToken ct)
    {
        IReadOnlyDictionary<string, Pulumi.ConfigValue> values;
        try
        {
            values = await stack.Pulumi.ConfigAsync(showSecrets: false, ct);
        }
        catch (TargetFailedException e)
        {
            return new ConfigOutcome([Check.Fail("stack config", Failures(e.Message), $"create the stack: pulumi -C {stack.DisplayDirectory} stack init {stack.Names.Environment}")], null);
        }

        var checks = new List<Check>();
        var env = values.GetValueOrDefault("trinity:env")?.Value;
        checks.Add(env == stack.Names.Environment
            ? Check.Pass("trinity:env", env)
            : Check.Fail("trinity:env", env is null ? "not set" : $"'{env}', but the build runs --environment {stack.Names.Environment}", stack.Pulumi.SetCommand("trinity:env", secret: false).Replace("<value>", stack.Names.Environment)));
        foreach (var key in stack.RequiredConfig)
            checks.Add(values.GetValueOrDefault(key)?.Value is { Length: > 0 } v ? Check.Pass(key, v) : Check.Fail(key, "not set", stack.Pulumi.SetCommand(key, secret: false)));

        var missing = BackendCatalog.Entries.Select(e => e.ConfigKey).Where(k => !values.ContainsKey(k)).ToList();
        var plain = BackendCatalog.Entries.Select(e => e.ConfigKey).Where(k => values.GetValueOrDefault(k) is { Secret: false }).ToList();
        checks.Add(missing.Count > 0
            ? Check.Warn("backend secret values", $"not set: {string.Join(", ", missing)} (SecretBackendsApply needs them; Up does not)", stack.Pulumi.SetCommand(missing[0], secret: true))
            : plain.Count > 0
                ? Check.Fail("backend secret values", $"set without --secret: {string.Join(", ", plain)}", stack.Pulumi.SetCommand(plain[0], secret: true))
                : Check.Pass("backend secret values", $"{BackendCatalog.Entries.Count} keys set as secrets"));
        return new ConfigOutcome(checks, values);
    }

    static Check Roots(InfraStack stack) =>
        File.Exists(Path.Combine(Session.Current.Root, stack.RootsDirectory, "kustomization.yaml"))
            ? Check.Pass("root Application in Git", stack.RootsDirectory)
            : Check.Fail("root Application in Git", $"{stack.RootsDirectory} does not exist; the stack applies it",
                $"add {stack.RootsDirectory}/kustomization.yaml like platform/argocd/roots/dev-{stack.Names.CloudName}");

    /// <summary>The stack and Git must name the same region / project: the ClusterSecretStore comes from Git.</summary>
    static async Task<IEnumerable<Check>> Agreement(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> values, CancellationToken ct)
    {
        var overlay = $"platform/secrets-demo/overlays/{stack.Names.CloudName}";
        var rendered = await Rendering.RenderAsync(Session.Current.Root, overlay, ct);
        if (Session.Current.IsDryRun) return [];
        var store = rendered.Objects.FirstOrDefault(o => o.Kind == "ClusterSecretStore" && o.Name == stack.Names.SecretStore);
        if (store is null)
            return [Check.Fail("ClusterSecretStore in Git", $"{overlay} renders no ClusterSecretStore {stack.Names.SecretStore}", "run ./build.sh Verify")];

        (string Config, string[] Field)[] pairs = stack.Names.Cloud switch
        {
            Naming.Cloud.Aws => [("aws:region", ["spec", "provider", "aws", "region"])],
            Naming.Cloud.Gcp =>
            [
                ("gcp:project", ["spec", "provider", "gcpsm", "projectID"]),
                ("gcp:project", ["spec", "provider", "gcpsm", "auth", "workloadIdentity", "clusterProjectID"]),
                ("gcp:zone", ["spec", "provider", "gcpsm", "auth", "workloadIdentity", "clusterLocation"]),
            ],
            _ => [],
        };
        // A key the stack lacks is its own failed row already.
        return pairs.Where(p => values.GetValueOrDefault(p.Config)?.Value is not null).Select(p =>
        {
            var stackValue = values.GetValueOrDefault(p.Config)?.Value;
            var gitValue = store.TextAt(p.Field);
            var name = $"{p.Config} = store {p.Field[^1]}";
            return stackValue == gitValue
                ? Check.Pass(name, $"{stackValue}")
                : Check.Fail(name, $"stack says '{stackValue}', {store.SourceFile} says '{gitValue}'", $"make them equal: the store must read the backend in the stack's {p.Config}");
        });
    }

    static string Failures(string message) => FirstLine(message);

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
