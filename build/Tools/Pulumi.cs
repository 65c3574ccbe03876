using System.Text.Json.Nodes;
using Engine;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>The pulumi CLI for one stack: always --non-interactive and --stack, run in the project's folder, its
/// progress streamed (pulumi writes diagnostics to stderr; that is not an error). Secret values it reveals are
/// registered with the masker before anything else sees them.</summary>
public sealed class Pulumi(string projectDirectory, string stack)
{
    public static Tool Cli { get; } = new("pulumi");

    public string ProjectDirectory { get; } = projectDirectory;
    public string Stack { get; } = stack;

    public Task PreviewAsync(CancellationToken ct) => RunAsync(["preview", "--diff"], echo: true, readOnly: false, ct);

    public Task UpAsync(CancellationToken ct) => RunAsync(["up", "--yes", "--diff"], echo: true, readOnly: false, ct);

    /// <summary><c>pulumi destroy --yes</c> of this stack, its progress streamed. With
    /// <paramref name="clusterUnreachable"/>, the Kubernetes provider drops the resources of a cluster it cannot reach
    /// from the state instead of failing on them (PULUMI_K8S_DELETE_UNREACHABLE, docs/teardown.md#a-cluster-already-gone).</summary>
    public Task<ToolResult> DestroyAsync(bool clusterUnreachable, CancellationToken ct) =>
        RunToolAsync(["destroy", "--yes"], new ToolOptions
        {
            EchoOutput = true,
            Environment = clusterUnreachable ? new Dictionary<string, string?> { [DeleteUnreachable] = "true" } : null,
        }, ct);

    /// <summary>The Kubernetes provider's switch for resources on an unreachable cluster.</summary>
    public const string DeleteUnreachable = "PULUMI_K8S_DELETE_UNREACHABLE";

    /// <summary><c>pulumi preview --expect-no-changes --diff --json</c>: the preview as JSON and pulumi's exit code, which is
    /// not 0 when something would change — an answer, not a failure. No JSON at all is a failure, named by pulumi's own
    /// error line. Not echoed: the steps carry the stack's state.</summary>
    public async Task<(JsonObject Preview, int ExitCode)> PreviewJsonAsync(CancellationToken ct)
    {
        var result = await RunToolAsync(["preview", "--expect-no-changes", "--diff", "--json"],
            new ToolOptions { EchoOutput = false, EchoErrors = false, AllowFailure = true, ReadOnly = true }, ct);
        try
        {
            if (JsonNode.Parse(result.Output) is JsonObject preview) return (preview, result.ExitCode);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: pulumi failed before it previewed; its error line says why.
        }
        throw new TargetFailedException($"pulumi preview of stack {Stack} in {Session.Current.Relative(ProjectDirectory)} failed: " +
            $"{ErrorLine(result.Error) ?? $"exit code {result.ExitCode}"}");
    }

    /// <summary>The stack's outputs with secrets in plaintext. Asked twice: first without --show-secrets, which
    /// marks the secret outputs "[secret]", so their revealed values are masked from the start.</summary>
    public async Task<JsonObject> StackOutputsAsync(CancellationToken ct)
    {
        var marked = Parse(await RunAsync(["stack", "output", "--json"], echo: false, readOnly: true, ct), "pulumi stack output --json");
        var secrets = marked.Where(o => o.Value is JsonValue v && v.ToString() == "[secret]").Select(o => o.Key).ToHashSet();
        var revealed = await RunAsync(["stack", "output", "--json", "--show-secrets"], echo: false, readOnly: true, ct,
            register: text => RegisterSecrets(text, secrets));
        return Parse(revealed, "pulumi stack output --json --show-secrets");
    }

    /// <summary>The names of the stack's outputs, secrets never revealed: whether it exists and has run.</summary>
    public async Task<IReadOnlyList<string>> OutputNamesAsync(CancellationToken ct) =>
        [.. (await PlainOutputsAsync(ct)).Select(o => o.Key)];

    /// <summary>The stack's outputs with every secret one left as pulumi shows it, "[secret]": for identifiers that are
    /// meant to be seen (a role ARN, a client id).</summary>
    public async Task<JsonObject> PlainOutputsAsync(CancellationToken ct) =>
        Parse(await RunAsync(["stack", "output", "--json"], echo: false, readOnly: true, ct), "pulumi stack output --json");

    /// <summary>The stack's config; with <paramref name="showSecrets"/>, secret values in plaintext — registered with
    /// the masker as soon as they are read.</summary>
    public async Task<IReadOnlyDictionary<string, ConfigValue>> ConfigAsync(bool showSecrets, CancellationToken ct)
    {
        string[] args = showSecrets ? ["config", "--json", "--show-secrets"] : ["config", "--json"];
        var text = await RunAsync(args, echo: false, readOnly: true, ct, register: showSecrets ? RegisterSecretConfig : null);
        return Parse(text, $"pulumi {string.Join(' ', args)}").ToDictionary(
            e => e.Key,
            e => new ConfigValue(e.Value?["value"]?.GetValue<string>(), e.Value?["secret"]?.GetValue<bool>() == true));
    }

    /// <summary>How a user sets a key on this stack (the fix a missing key's error names).</summary>
    public string SetCommand(string key, bool secret) =>
        $"pulumi -C {Session.Current.Relative(ProjectDirectory)} config set --stack {Stack}{(secret ? " --secret" : "")} {key} <value>";

    public sealed record ConfigValue(string? Value, bool Secret);

    async Task<string> RunAsync(string[] command, bool echo, bool readOnly, CancellationToken ct, Action<string>? register = null)
    {
        var result = await RunToolAsync(command, new ToolOptions { EchoOutput = echo, ReadOnly = readOnly }, ct);
        register?.Invoke(result.Output);
        return result.Output;
    }

    /// <summary>Every call: this stack, never a prompt, in the project's folder.</summary>
    Task<ToolResult> RunToolAsync(string[] command, ToolOptions options, CancellationToken ct) =>
        Cli.RunAsync([.. command, "--stack", Stack, "--non-interactive"], options with { WorkingDirectory = ProjectDirectory }, ct);

    /// <summary>pulumi's own line in a failed call's message ("error: no stack named 'dev' found", or that pulumi is
    /// not installed): it says more than the command that printed it.</summary>
    public static string? ErrorLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal)) ?? lines.FirstOrDefault();
    }

    static void RegisterSecrets(string json, HashSet<string> secretKeys)
    {
        if (secretKeys.Count == 0) return;
        if (JsonNode.Parse(json) is not JsonObject outputs) return;
        foreach (var key in secretKeys)
            if (outputs[key] is { } value) Secrets.Register(value is JsonValue v && v.TryGetValue<string>(out var s) ? s
                : value.ToJsonString());
    }

    static void RegisterSecretConfig(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject config) return;
            foreach (var (_, entry) in config)
                if (entry?["secret"]?.GetValue<bool>() == true && entry["value"] is JsonValue v) Secrets.Register(v.ToString());
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: Parse below says so, without the text.
        }
    }

    static JsonObject Parse(string text, string command)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new TargetFailedException($"{command} printed JSON that is not an object");
        }
        catch (System.Text.Json.JsonException e)
        {
            // The text itself may hold secrets: only the position is named.
            throw new TargetFailedException($"{command} did not print valid JSON (line {e.LineNumber + 1}, position " +
                $"{e.BytePositionInLine + 1})");
        }
    }
}
