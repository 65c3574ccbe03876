using System.Text.Json.Nodes;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>`gcloud secrets` for one project. Payloads go through stdin (--data-file=-).</summary>
public sealed class GcloudSecrets(string project)
{
    static Tool Cli => CloudClis.Gcloud;

    public string Project { get; } = project;

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken ct)
    {
        var result = await ReadAsync(["secrets", "list", $"--filter=name:{prefix}", "--format=json"], ct);
        // Names come back as projects/P/secrets/NAME; the filter is a substring match, so check the prefix again.
        return [.. (Json(result.Output) as JsonArray ?? []).Select(s => s?["name"]?.GetValue<string>()?.Split('/')[^1]).OfType<string>()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>The versions, newest first (by version number), with their state.</summary>
    public async Task<IReadOnlyList<(int Version, string State)>> VersionsAsync(string secret, CancellationToken ct)
    {
        var result = await ReadAsync(["secrets", "versions", "list", secret, "--format=json"], ct);
        return [.. (Json(result.Output) as JsonArray ?? [])
            .Select(v =>
                (Version: int.Parse(v?["name"]?.GetValue<string>()?.Split('/')[^1] ?? "0",
                    System.Globalization.CultureInfo.InvariantCulture), State: v?["state"]?.GetValue<string>() ?? ""))
            .OrderByDescending(v => v.Version)];
    }

    /// <summary>The payload as gcloud prints it (no newline of its own; the line capture adds one, removed here).</summary>
    public async Task<string> AccessAsync(string secret, int version, CancellationToken ct)
    {
        var output = (await ReadAsync(["secrets", "versions", "access", version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"--secret={secret}"], ct)).Output;
        return output.EndsWith('\n') ? output[..^1] : output;
    }

    public Task<ToolResult> CreateAsync(string secret, string value, CancellationToken ct) =>
        ChangeAsync(["secrets", "create", secret, "--replication-policy=automatic", "--data-file=-"], ct, value);

    public Task<ToolResult> AddVersionAsync(string secret, string value, CancellationToken ct) =>
        ChangeAsync(["secrets", "versions", "add", secret, "--data-file=-"], ct, value);

    public Task<ToolResult> DisableAsync(string secret, int version, CancellationToken ct) =>
        ChangeAsync(["secrets", "versions", "disable", version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"--secret={secret}", "--quiet"], ct);

    public Task<ToolResult> DeleteAsync(string secret, CancellationToken ct) => ChangeAsync(["secrets", "delete", secret, "--quiet"], ct);

    Task<ToolResult> ReadAsync(string[] args, CancellationToken ct) =>
        Cli.RunAsync([.. args, $"--project={Project}"], new ToolOptions { EchoOutput = false, ReadOnly = true }, ct);

    Task<ToolResult> ChangeAsync(string[] args, CancellationToken ct, string? stdin = null) =>
        Cli.RunAsync([.. args, $"--project={Project}"], new ToolOptions { EchoOutput = false, StandardInput = stdin }, ct);

    static JsonNode? Json(string text) => string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
}
