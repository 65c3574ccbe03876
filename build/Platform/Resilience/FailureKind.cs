using System.Net;
using System.Net.Sockets;
using k8s.Autorest;

namespace Trinity.Build.Platform.Resilience;

/// <summary>How a failed call to a cluster or a cloud is treated (docs/failure-classes.md): transient ones and an
/// unreachable server are tried again with backoff; the others fail at once, with the real message.</summary>
public enum FailureKind
{
    /// <summary>5xx, 429, a reset connection, a cloud finishing an earlier change: it will likely pass again.</summary>
    Transient,
    /// <summary>Connection refused, no such host, timed out: the server is not there (yet).</summary>
    Unreachable,
    /// <summary>401: the credentials are not accepted (expired, wrong).</summary>
    Unauthorized,
    /// <summary>403: the identity is known but may not do this.</summary>
    Forbidden,
    NotFound,
    /// <summary>A bad request, a refusal, anything else: trying again cannot help.</summary>
    Permanent,
}

public static class Failures
{
    public static FailureKind Classify(Exception e) => e switch
    {
        HttpOperationException h => Of(h.Response.StatusCode),
        HttpRequestException { StatusCode: { } code } => Of(code),
        HttpRequestException { InnerException: SocketException s } => Of(s),
        HttpRequestException { InnerException: IOException } => FailureKind.Transient,
        HttpRequestException => FailureKind.Unreachable,
        SocketException s => Of(s),
        IOException => FailureKind.Transient,
        TimeoutException => FailureKind.Unreachable,
        _ => FailureKind.Permanent,
    };

    public static FailureKind Of(HttpStatusCode code) => code switch
    {
        HttpStatusCode.Unauthorized => FailureKind.Unauthorized,
        HttpStatusCode.Forbidden => FailureKind.Forbidden,
        HttpStatusCode.NotFound => FailureKind.NotFound,
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => FailureKind.Transient,
        >= HttpStatusCode.InternalServerError => FailureKind.Transient,
        _ => FailureKind.Permanent,
    };

    static FailureKind Of(SocketException s) => s.SocketErrorCode switch
    {
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => FailureKind.Transient,
        _ => FailureKind.Unreachable,
    };

    /// <summary>What an az (Key Vault) error says, from its text: Key Vault finishes deletes, purges and recoveries in
    /// the background and answers 409 "currently being …; retry later" meanwhile; throttling and 5xx pass too.</summary>
    public static FailureKind OfAzError(string text) =>
        Transients.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)) ? FailureKind.Transient
        : text.Contains("(Forbidden)", StringComparison.Ordinal) ? FailureKind.Forbidden
        : FailureKind.Permanent;

    static readonly string[] Transients =
        ["currently being deleted", "currently being recovered", "ObjectIsBeingDeleted", "ObjectIsBeingRecovered", "retry later",
         "(TooManyRequests)", "(ServiceUnavailable)", "(InternalServerError)", "Connection aborted", "timed out"];

    public static bool IsRetried(FailureKind kind) => kind is FailureKind.Transient or FailureKind.Unreachable;
}
