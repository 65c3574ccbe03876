using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>What one Argo CD Application says about itself (FACTS 1.1): sync, health, the operation, the
/// conditions, and the resources still out of sync.</summary>
public sealed record ApplicationState(
    string Name,
    int Wave,
    string Sync,
    string Health,
    string? HealthMessage,
    bool OperationInFlight,
    string? OperationPhase,
    string? OperationMessage,
    DateTimeOffset? OperationFinishedAt,
    DateTimeOffset? ReconciledAt,
    string? Revision,
    IReadOnlyList<(string Type, string Message)> Conditions,
    IReadOnlyList<string> OutOfSync)
{
    public IEnumerable<(string Type, string Message)> ErrorConditions => Conditions.Where(c => c.Type.EndsWith("Error", StringComparison.Ordinal));

    public static ApplicationState From(JsonNode app)
    {
        var status = app["status"];
        var operation = status?["operationState"];
        return new ApplicationState(
            Name: app["metadata"]?["name"]?.GetValue<string>() ?? "",
            Wave: int.TryParse(app["metadata"]?["annotations"]?["argocd.argoproj.io/sync-wave"]?.GetValue<string>(), out var w) ? w : 0,
            Sync: Text(status?["sync"]?["status"]) ?? "Unknown",
            Health: Text(status?["health"]?["status"]) ?? "Unknown",
            HealthMessage: Text(status?["health"]?["message"]),
            OperationInFlight: app["operation"] is not null,
            OperationPhase: Text(operation?["phase"]),
            OperationMessage: Text(operation?["message"]),
            OperationFinishedAt: Time(operation?["finishedAt"]),
            ReconciledAt: Time(status?["reconciledAt"]),
            Revision: Text(status?["sync"]?["revision"]),
            Conditions: [.. (status?["conditions"] as JsonArray ?? []).Select(c => (Text(c?["type"]) ?? "", Text(c?["message"]) ?? ""))],
            OutOfSync: [.. (status?["resources"] as JsonArray ?? [])
                .Where(r => Text(r?["status"]) is { } s && s != "Synced")
                .Select(r => $"{Text(r?["kind"])}/{(Text(r?["namespace"]) is { Length: > 0 } ns ? ns + "/" : "")}{Text(r?["name"])}")]);
    }

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static DateTimeOffset? Time(JsonNode? node) => Text(node) is { } s && DateTimeOffset.TryParse(s, out var t) ? t : null;
}
