using System.Text.Json.Nodes;
using Engine.Processes;

namespace Trinity.Build.Tools;

/// <summary>`az keyvault` for one vault. Values go through stdin (--file /dev/stdin).</summary>
public sealed class AzKeyVault(string vault)
{
    static Tool Cli => CloudClis.Az;

    public string Vault { get; } = vault;

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct) =>
        Names(await ReadAsync(["keyvault", "secret", "list", "--vault-name", Vault], ct));

    public async Task<IReadOnlyList<string>> ListDeletedAsync(CancellationToken ct) =>
        Names(await ReadAsync(["keyvault", "secret", "list-deleted", "--vault-name", Vault], ct));

    public async Task<string> ValueAsync(string name, CancellationToken ct) =>
        Json((await ReadAsync(["keyvault", "secret", "show", "--vault-name", Vault, "--name", name],
            ct)).Output)?["value"]?.GetValue<string>() ?? "";

    public Task<ToolResult> SetAsync(string name, string value, CancellationToken ct) =>
        ChangeAsync(["keyvault", "secret", "set", "--vault-name", Vault, "--name", name, "--file", "/dev/stdin", "--encoding", "utf-8"], ct,
            value);

    public Task<ToolResult> DeleteAsync(string name,
        CancellationToken ct) => ChangeAsync(["keyvault", "secret", "delete", "--vault-name", Vault, "--name", name], ct);

    public Task<ToolResult> RecoverAsync(string name,
        CancellationToken ct) => ChangeAsync(["keyvault", "secret", "recover", "--vault-name", Vault, "--name", name], ct);

    public Task<ToolResult> PurgeAsync(string name,
        CancellationToken ct) => ChangeAsync(["keyvault", "secret", "purge", "--vault-name", Vault, "--name", name], ct);

    /// <summary>`az keyvault secret show` as a result, not an exception: used to wait out "being recovered".</summary>
    public Task<ToolResult> TryShowAsync(string name, CancellationToken ct) =>
        Cli.RunAsync(["keyvault", "secret", "show", "--vault-name", Vault, "--name", name, "--output", "json"],
            new ToolOptions { EchoOutput = false, EchoErrors = false, AllowFailure = true, ReadOnly = true }, ct);

    public async Task<bool> PurgeProtectedAsync(CancellationToken ct) =>
        Json((await ReadAsync(["keyvault", "show", "--name", Vault],
            ct)).Output)?["properties"]?["enablePurgeProtection"]?.GetValue<bool>() == true;

    static Task<ToolResult> ReadAsync(string[] args, CancellationToken ct) =>
        Cli.RunAsync([.. args, "--output", "json"], new ToolOptions { EchoOutput = false, ReadOnly = true }, ct);

    static Task<ToolResult> ChangeAsync(string[] args, CancellationToken ct, string? stdin = null) =>
        Cli.RunAsync([.. args, "--output", "json"], new ToolOptions { EchoOutput = false, StandardInput = stdin }, ct);

    static IReadOnlyList<string> Names(ToolResult result) =>
        [.. (Json(result.Output) as JsonArray ?? []).Select(s => s?["name"]?.GetValue<string>()).OfType<string>()];

    static JsonNode? Json(string text) => string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
}
