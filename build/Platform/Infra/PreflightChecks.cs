using System.Text.Json.Nodes;
using Engine;
using Engine.Processes;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Checks;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Manifests;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>Everything that must hold before `pulumi up` for one cloud: tools, identity, what the cloud needs on top
/// (GCP: the APIs), the stack's config keys (never their values), and Git agreeing with the stack (the root
/// Application's folder, the ClusterSecretStore's region or project). For the cluster stack also the foundation it
/// references; for the foundation (Bootstrap) the repository its trust names. Every check only reads.</summary>
public static class PreflightChecks
{
    public static async Task<IReadOnlyList<Check>> RunAsync(InfraStack stack, Remedies remedies, CancellationToken ct)
    {
        var cloud = stack.Names.Cloud;
        var checks = new List<Check>
        {
            await VersionAsync("pulumi", Pulumi.Cli, ["version"], "install the Pulumi CLI: https://www.pulumi.com/docs/install/", ct),
            await VersionAsync("node", CloudClis.Node, ["--version"], "install Node.js 20", ct),
        };
        if (!stack.IsFoundation)
        {
            checks.Add(await VersionAsync("kubectl", CloudClis.Kubectl, ["version", "--client"], "install kubectl", ct));
            checks.Add(await KubernetesVersionCheck.RunAsync(Session.Current.Root, stack.Names.Environment, ct));
        }
        checks.Add(await VersionAsync(cloud.Cli.Tool.Label, cloud.Cli.Tool, cloud.Cli.VersionArgs, cloud.Cli.Install, ct));
        checks.Add(await IdentityAsync(cloud, ct));

        var (configChecks, config) = await ConfigAsync(stack, remedies, ct);
        checks.AddRange(configChecks);
        if (stack.IsFoundation)
        {
            if (config is not null) checks.Add(await FoundationChecks.RepositoryAsync(stack, config, ct));
        }
        else
        {
            checks.Add(Roots(stack, remedies));
            checks.Add(await FoundationChecks.ExistsAsync(InfraStack.Foundation(stack.Names), remedies, ct));
        }
        if (config is not null)
        {
            checks.AddRange(await cloud.PreflightAsync(stack, config, remedies, ct));
            if (!stack.IsFoundation) checks.AddRange(await AgreementAsync(stack, config, remedies, ct));
        }
        return checks;
    }

    static async Task<Check> VersionAsync(string name, Tool tool, IReadOnlyList<string> args, string remedy, CancellationToken ct)
    {
        try
        {
            var result = await CloudClis.AskAsync(tool, args, ct);
            var first = FirstLine(result.Output + result.Error);
            return result.Succeeded ? Check.Pass(name, first)
                : Check.Fail(name, $"`{name} {string.Join(' ', args)}` exited {result.ExitCode}: {first}", remedy);
        }
        catch (TargetFailedException e)
        {
            return Check.Fail(name, e.Message, remedy);
        }
    }

    static async Task<Check> IdentityAsync(Cloud cloud, CancellationToken ct)
    {
        var name = $"{cloud.Cli.Tool.Label} identity";
        try
        {
            var result = await CloudClis.AskAsync(cloud.Cli.Tool, cloud.Cli.IdentityArgs, ct);
            if (!result.Succeeded) return Check.Fail(name, FirstLine(result.Error), cloud.Cli.SignIn);
            var who = JsonNode.Parse(result.Output) is { } node ? cloud.Cli.Identity(node) : "";
            return who.Length > 0 ? Check.Pass(name, who) : Check.Fail(name, "no signed-in identity", cloud.Cli.SignIn);
        }
        catch (Exception e) when (e is TargetFailedException or System.Text.Json.JsonException)
        {
            return Check.Fail(name, e is TargetFailedException ? e.Message : "its output was not JSON", cloud.Cli.SignIn);
        }
    }

    /// <summary>`pulumi config --json` without --show-secrets: which keys are set, never a secret's value.</summary>
    static async Task<(IReadOnlyList<Check> Checks, IReadOnlyDictionary<string, Pulumi.ConfigValue>? Values)> ConfigAsync(InfraStack stack,
        Remedies remedies,
        CancellationToken ct)
    {
        IReadOnlyDictionary<string, Pulumi.ConfigValue> values;
        try
        {
            values = await stack.Pulumi.ConfigAsync(showSecrets: false, ct);
        }
        catch (TargetFailedException e)
        {
            return ([Check.Fail("stack config", FirstLine(e.Message),
                $"create the stack: pulumi -C {stack.DisplayDirectory} stack init {stack.Names.Environment}")], null);
        }

        var checks = new List<Check>();
        var env = values.GetValueOrDefault("trinity:env")?.Value;
        checks.Add(env == stack.Names.Environment
            ? Check.Pass("trinity:env", env)
            : Check.Fail("trinity:env", env is null ? "not set" : $"'{env}', but the build runs --environment {stack.Names.Environment}",
                stack.Pulumi.SetCommand("trinity:env", secret: false)
                    .Replace("<value>", stack.Names.Environment, StringComparison.Ordinal)));
        IEnumerable<string> keys = stack.IsFoundation ? [FoundationChecks.RepositoryKey, .. stack.Names.Cloud.FoundationConfig]
            : stack.Names.Cloud.StackConfig;
        foreach (var key in keys)
            checks.Add(values.GetValueOrDefault(key)?.Value is { Length: > 0 } v ? Check.Pass(key, v)
                : Check.Fail(key, "not set", stack.Pulumi.SetCommand(key, secret: false)));
        // The backend values belong to the cluster stack's config; the foundation holds none.
        if (stack.IsFoundation) return (checks, values);

        var catalog = BackendCatalog.Entries.Select(e => e.ConfigKey).ToList();
        var missing = catalog.Where(k => !values.ContainsKey(k)).ToList();
        var plain = catalog.Where(k => values.GetValueOrDefault(k) is { Secret: false }).ToList();
        checks.Add(missing.Count > 0
            ? Check.Warn("backend secret values",
                $"not set: {string.Join(", ", missing)} ({remedies.Targets.SecretBackendsApply} needs them; " +
                    $"{remedies.Targets.Up} does not)", stack.Pulumi.SetCommand(missing[0], secret: true))
            : plain.Count > 0
                ? Check.Fail("backend secret values", $"set without --secret: {string.Join(", ", plain)}",
                    stack.Pulumi.SetCommand(plain[0], secret: true))
                : Check.Pass("backend secret values", $"{catalog.Count} keys set as secrets"));
        return (checks, values);
    }

    static Check Roots(InfraStack stack, Remedies remedies) =>
        File.Exists(Path.Combine(Session.Current.Root, stack.RootsDirectory, "kustomization.yaml"))
            ? Check.Pass("root Application in Git", stack.RootsDirectory)
            : Check.Fail("root Application in Git", $"{stack.RootsDirectory} does not exist; the stack applies it",
                $"declare the environment: {remedies.AddEnvironment()} (or add {stack.Names.CloudName} to the clouds of " +
                    $"{Naming.EnvironmentDeclaration.Folder}/{stack.Names.Environment}.yaml and run it again)");

    /// <summary>The stack and Git must name the same region / project: the ClusterSecretStore comes from Git.</summary>
    static async Task<IEnumerable<Check>> AgreementAsync(InfraStack stack, IReadOnlyDictionary<string, Pulumi.ConfigValue> values,
        Remedies remedies, CancellationToken ct)
    {
        var overlay = stack.Names.SecretsDemoOverlay;
        var rendered = await Rendering.RenderAsync(Session.Current.Root, overlay, ct);
        var store = rendered.Objects.FirstOrDefault(o => o.Kind == ExternalSecrets.EsoKinds.ClusterSecretStore.Kind
            && o.Name == stack.Names.SecretStore);
        if (store is null)
            return [Check.Fail("ClusterSecretStore in Git", $"{overlay} renders no ClusterSecretStore {stack.Names.SecretStore}",
                $"run {remedies.Verify()}")];

        // A key the stack lacks is its own failed row already; the foundation's keys are Verify's (committed config).
        return stack.Names.Cloud.Store.Agreement.Where(p => !p.InFoundation && values.GetValueOrDefault(p.ConfigKey)?.Value is not null)
            .Select(p =>
        {
            var stackValue = values.GetValueOrDefault(p.ConfigKey)?.Value;
            var gitValue = store.TextAt([.. p.Field]);
            var name = $"{p.ConfigKey} = store {p.Field[^1]}";
            return StoreAgreement.Same(p.ExpectedFrom(stackValue!), gitValue)
                ? Check.Pass(name, $"{stackValue}")
                : Check.Fail(name, $"stack says '{stackValue}', {overlay} says '{gitValue}'",
                    $"make them equal: the store must read the backend in the stack's {p.ConfigKey}");
        });
    }

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .FirstOrDefault() ?? "";
}
