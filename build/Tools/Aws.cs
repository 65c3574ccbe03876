using System.Text.Json.Nodes;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>`aws secretsmanager` for one region. Values go through stdin (file:///dev/stdin), so they are never on
/// a command line, in a process listing or in the logged command.</summary>
public sealed class AwsSecretsManager(string region)
{
    static Tool Cli => CloudClis.Aws;

    public string Region { get; } = region;

    /// <summary>Every secret whose name starts with the prefix, scheduled ones included (DeletedDate set).</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string prefix, CancellationToken ct)
    {
        var result = await ReadAsync(["list-secrets", "--include-planned-deletion", "--filters", $"Key=name,Values={prefix}"], ct);
        return [.. (Json(result.Output)?["SecretList"] as JsonArray ?? []).OfType<JsonObject>()];
    }

    public async Task<string> ValueAsync(string name, CancellationToken ct) =>
        Line((await ReadAsync(["get-secret-value", "--secret-id", name, "--query", "SecretString", "--output", "text"], ct)).Output);

    /// <summary>The values of several secrets in one call (BatchGetSecretValue takes up to 20 ids); a secret it could
    /// not read is an error naming it.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ValuesAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(20))
        {
            var answer = Json((await ReadAsync(["batch-get-secret-value", "--secret-id-list", .. chunk], ct)).Output);
            foreach (var secret in (answer?["SecretValues"] as JsonArray ?? []).OfType<JsonObject>())
                if (secret["Name"]?.GetValue<string>() is { } name) values[name] = secret["SecretString"]?.GetValue<string>() ?? "";
            if ((answer?["Errors"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault() is { } error)
                throw new Engine.TargetFailedException($"aws secretsmanager batch-get-secret-value: " +
                    $"{error["SecretId"]}: {error["ErrorCode"]}: {error["Message"]}");
        }
        return values;
    }

    // --output text ends the value with a newline, and so does the line capture.
    static string Line(string output) => output.EndsWith('\n') ? output[..^1] : output;

    public Task<ToolResult> CreateAsync(string name, string value, CancellationToken ct) =>
        ChangeAsync(["create-secret", "--name", name, "--secret-string", "file:///dev/stdin"], ct, stdin: value);

    public Task<ToolResult> PutAsync(string name, string value, CancellationToken ct) =>
        ChangeAsync(["put-secret-value", "--secret-id", name, "--secret-string", "file:///dev/stdin"], ct, stdin: value);

    public Task<ToolResult> RestoreAsync(string name, CancellationToken ct) => ChangeAsync(["restore-secret", "--secret-id", name], ct);

    public Task<ToolResult> ScheduleDeletionAsync(string name, int days, CancellationToken ct) =>
        ChangeAsync(["delete-secret", "--secret-id", name, "--recovery-window-in-days",
            days.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);

    public Task<ToolResult> ForceDeleteAsync(string name, CancellationToken ct) =>
        ChangeAsync(["delete-secret", "--secret-id", name, "--force-delete-without-recovery"], ct);

    Task<ToolResult> ReadAsync(string[] args, CancellationToken ct) => RunAsync(args, null, readOnly: true, ct);

    Task<ToolResult> ChangeAsync(string[] args, CancellationToken ct, string? stdin = null) => RunAsync(args, stdin, readOnly: false, ct);

    Task<ToolResult> RunAsync(string[] args, string? stdin, bool readOnly, CancellationToken ct)
    {
        string[] output = args.Contains("--output") ? [] : ["--output", "json"];
        return Cli.RunAsync(["secretsmanager", .. args, "--region", Region, .. output],
            new ToolOptions { EchoOutput = false, StandardInput = stdin, ReadOnly = readOnly }, ct);
    }

    static JsonNode? Json(string text) => string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
}
