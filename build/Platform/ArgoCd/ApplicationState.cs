using System.Text.Json.Nodes;
using Trinity.Build.Platform.Kubernetes;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>What one Argo CD Application says about itself, parsed once (docs/argocd.md#application-status): sync,
/// health, the operation, the conditions, and the resources still out of sync.</summary>
/// <param name="OutOfSync">status.resources entries whose status is not Synced.</param>
/// <param name="RetryCount">status.operationState.retryCount: how often the current (or last) sync was tried again.</param>
/// <param name="SourcePath">spec.source.path (or the first source's): what the app deploys from Git; null for a chart.</param>
/// <param name="Namespace">spec.destination.namespace: where it deploys.</param>
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
    IReadOnlyList<ApplicationResource> OutOfSync,
    int RetryCount = 0,
    string? SourcePath = null,
    string? Namespace = null)
{
    /// <summary>Conditions whose type ends in "Error" are errors; the others (…Warning) are not.</summary>
    public IEnumerable<(string Type,
        string Message)> ErrorConditions => Conditions.Where(c => c.Type.EndsWith("Error", StringComparison.Ordinal));

    public bool IsSyncedAndHealthy => Sync.Is(SyncStatus.Synced) && Health.Is(HealthStatus.Healthy);

    /// <summary>The last sync failed and is not tried again: Argo CD puts a failed operation back to Running while it
    /// retries, so a final Failed or Error with nothing in flight means the retries ran out (docs/argocd.md#retries).</summary>
    public bool GaveUp => Operation is { Value: OperationPhase.Failed or OperationPhase.Error } && !OperationInFlight;

    /// <summary>A failed sync waiting for its next attempt (phase Running, retried at least once).</summary>
    public bool Retrying => Operation is { Value: OperationPhase.Running } && RetryCount > 0;

    public static ApplicationState From(JsonNode app)
    {
        var status = app["status"];
        var operation = status?["operationState"];
        return new ApplicationState(
            Name: KubernetesObjects.Name(app),
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
            OutOfSync: [.. (status?["resources"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(r => Observed.Parse<SyncStatus>(Text(r["status"])) is var s && !s.Is(SyncStatus.Synced) && s.Raw is not null)
                .Select(r => new ApplicationResource(Text(r["group"]) ?? "", Text(r["version"]), Text(r["kind"]) ?? "",
                    Text(r["namespace"]) is { Length: > 0 } ns ? ns : null, Text(r["name"]) ?? "",
                    Number(r["syncWave"]) ?? 0))],
            RetryCount: Number(operation?["retryCount"]) ?? 0,
            SourcePath: Text((app["spec"]?["source"] ?? (app["spec"]?["sources"] as JsonArray)?.FirstOrDefault())?["path"]),
            Namespace: Text(app["spec"]?["destination"]?["namespace"]));
    }

    static string? Text(JsonNode? node) => KubernetesObjects.Text(node);

    /// <summary>A whole number, as JSON writes it (syncWave, retryCount are int64 in the CRD).</summary>
    static int? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? (int)n : null;

    static DateTimeOffset? Time(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
}

/// <summary>An object an Application manages, as its status.resources names it, with its sync wave (syncWave: known
/// from Git even while the object is missing).</summary>
public sealed record ApplicationResource(string Group, string? Version, string Kind, string? Namespace, string Name, int Wave = 0)
{
    /// <summary>Kind/name, or Kind/namespace/name.</summary>
    public string Id => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    public override string ToString() => Id;
}
