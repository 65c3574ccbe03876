using System.Text;

namespace Fakes.Clouds;

/// <summary>The state of one Secret Manager secret version.</summary>
public enum SecretVersionState { Enabled, Disabled, Destroyed }

/// <summary>A copy of one secret as the fake holds it, for assertions.</summary>
/// <param name="SecretId">The short id, e.g. <c>trinity-dev-gcp-secrets-demo</c>.</param>
/// <param name="Name">The resource name as the API returns it: <c>projects/NUMBER/secrets/ID</c>.</param>
public sealed record SecretSnapshot(
    string SecretId,
    string Name,
    DateTimeOffset CreateTime,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<SecretVersionSnapshot> Versions)
{
    /// <summary>What the API resolves <c>latest</c> to: the newest version, whatever its state.</summary>
    public SecretVersionSnapshot? Latest => Versions.Count == 0 ? null : Versions[^1];

    public SecretVersionSnapshot Version(int number) => Versions.Single(v => v.Number == number);
}

/// <summary>A copy of one version. <paramref name="Payload"/> is null once destroyed.</summary>
public sealed record SecretVersionSnapshot(
    int Number,
    string Name,
    SecretVersionState State,
    DateTimeOffset CreateTime,
    DateTimeOffset? DestroyTime,
    byte[]? Payload)
{
    public string? Text => Payload is null ? null : Encoding.UTF8.GetString(Payload);
}

/// <summary>One HTTP call the fake served, as gcloud sent it.</summary>
/// <param name="Target">Path and query, e.g. <c>/v1/projects/p/secrets/s/versions/latest:access?alt=json</c>.</param>
public sealed record RecordedRequest(string Method, string Target, string Body, int StatusCode)
{
    public string Path => Target.Split('?')[0];

    public override string ToString() => $"{Method} {Target} -> {StatusCode}";
}

/// <summary>A status the fake answers with, shaped like a Google API error.</summary>
sealed class GoogleApiException(int code, string status, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Status { get; } = status;

    public static GoogleApiException NotFound(string message) => new(404, "NOT_FOUND", message);
    public static GoogleApiException AlreadyExists(string message) => new(409, "ALREADY_EXISTS", message);
    public static GoogleApiException FailedPrecondition(string message) => new(400, "FAILED_PRECONDITION", message);
    public static GoogleApiException InvalidArgument(string message) => new(400, "INVALID_ARGUMENT", message);
    public static GoogleApiException PermissionDenied(string message) => new(403, "PERMISSION_DENIED", message);
    public static GoogleApiException Unimplemented(string message) => new(501, "UNIMPLEMENTED", message);
}
