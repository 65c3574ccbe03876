using System.Text.Json.Nodes;

namespace Fakes.Kubernetes;

/// <summary>A failed request as the API server answers it: an HTTP code and a <c>Status</c> body
/// (k8s.io/apimachinery <c>pkg/api/errors</c>). Thrown anywhere inside the fake, written by the pipeline.</summary>
sealed class ApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>Seconds for a <c>Retry-After</c> header (429, and the server's own 503s).</summary>
    public int? RetryAfterSeconds { get; init; }

    public JsonObject Status() => StatusBody(Code, Reason, Message, Details?.DeepClone().AsObject());

    public static JsonObject StatusBody(int code, string reason, string message, JsonObject? details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = code,
    };

    static JsonObject ResourceDetails(ResourceType type, string name)
    {
        // StatusDetails.kind is the resource (plural), group is omitted for the core group: errors.NewNotFound.
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Plural;
        return details;
    }

    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", ResourceDetails(type, name));

    public static ApiError NotFound(string qualifiedResource, string group, string plural, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0) details["group"] = group;
        details["kind"] = plural;
        return new(404, "NotFound", $"{qualifiedResource} \"{name}\" not found", details);
    }

    /// <summary>An unknown path or resource: the server's generic 404.</summary>
    public static ApiError NoRoute() =>
        new(404, "NotFound", "the server could not find the requested resource", []);

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", ResourceDetails(type, name));

    public static ApiError Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your " +
                $"changes to the latest version and try again", ResourceDetails(type, name));

    public static ApiError Invalid(ResourceType type, string name, string field, string causeReason, string detail)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = causeReason, ["message"] = detail, ["field"] = field });
        return new(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {field}: {detail}", details);
    }

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Expired(string message) => new(410, "Expired", message);

    public static ApiError MethodNotAllowed() => new(405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource");

    public static ApiError UnsupportedMediaType(IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    public static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary>What <see cref="FakeKubernetes.FailNext"/> answers: the reason the server uses for that code.</summary>
    public static ApiError Injected(int code) => code switch
    {
        429 => new(429, "TooManyRequests", "Too many requests, please try again later.",
            new JsonObject { ["retryAfterSeconds"] = 1 }) { RetryAfterSeconds = 1 },
        503 => new(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
        504 => new(504, "Timeout",
            "the server was unable to return a response in the time allotted, but may still be processing the request"),
        401 => Unauthorized(),
        403 => new(403, "Forbidden", "forbidden: injected by FakeKubernetes.FailNext"),
        _ when code >= 500 => new(code, "InternalError", "Internal error occurred: injected by FakeKubernetes.FailNext",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = "injected by FakeKubernetes.FailNext" }) }),
        _ => new(code, "BadRequest", "injected by FakeKubernetes.FailNext"),
    };
}
