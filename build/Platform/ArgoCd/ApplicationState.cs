using System.Text.Json.Nodes;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>What one Argo CD Application says about itself, parsed once (docs/argocd.md#application-status): sync,
/// health, the operation, the conditions, and the resources still out of sync.</summary>
public sealed record ApplicationState(
    string Name,
    int Wave,
    Observed<SyncStatus> Sync,
    Observed<HealthStatus> Health,
    string? HealthMessage,
    bool OperationInFlight,
    Observed<OperationPhase>? Operation,
    string? OperationMessage,
    DateTimeOffset? OperationFinishedAt,
    DateTimeOffset? ReconciledAt,
    string? Revision,
    IReadOnlyList<(string Type, string Message)> Conditions,
    IReadOnlyList<string> OutOfSync)
{
    /// <summary>Conditions whose type ends in "Error" are errors; the others (…Warning) are not.</summary>
    public IEnumerable<(string Type,
        string Message)> ErrorConditions => Conditions.Where(c => c.Type.EndsWith("Error", StringComparison.Ordinal));

    public bool IsSyncedAndHealthy => Sync.Is(SyncStatus.Synced) && Health.Is(HealthStatus.Healthy);

    public static ApplicationState From(JsonNode app)
    {
        var status = app["status"];
        var operation = status?["operationState"];
        return new ApplicationState(
            Name: Text(app["metadata"]?["name"]) ?? "",
            Wave: int.TryParse(Text(app["metadata"]?["annotations"]?[ArgoCdKinds.WaveAnnotation]), out var w) ? w : 0,
            Sync: Observed.Parse<SyncStatus>(Text(status?["sync"]?["status"])),
            Health: Observed.Parse<HealthStatus>(Text(status?["health"]?["status"])),
            HealthMessage: Text(status?["health"]?["message"]),
            OperationInFlight: app["operation"] is not null,
            Operation: Text(operation?["phase"]) is { } phase ? Observed.Parse<OperationPhase>(phase) : null,
            OperationMessage: Text(operation?["message"]),
            OperationFinishedAt: Time(operation?["finishedAt"]),
            ReconciledAt: Time(status?["reconciledAt"]),
            Revision: Text(status?["sync"]?["revision"]),
            Conditions: [.. (status?["conditions"] as JsonArray ?? []).Select(c => (Text(c?["type"]) ?? "", Text(c?["message"]) ?? ""))],
            OutOfSync: [.. (status?["resources"] as JsonArray ?? [])
                .Where(r => Observed.Parse<SyncStatus>(Text(r?["status"])) is var s && !s.Is(SyncStatus.Synced) && s.Raw is not null)
                .Select(r => $"{Text(r?["kind"])}/{(Text(r?["namespace"]) is { Length: > 0 } ns ? ns + "/" : "")}{Text(r?["name"])}")]);
    }

    static string? Text(JsonNode? node) => KubernetesObjects.Text(node);

    static DateTimeOffset? Time(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
}
