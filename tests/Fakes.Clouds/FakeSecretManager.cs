using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fakes.Clouds;

/// <summary>
/// Google Secret Manager v1 over HTTP/JSON on 127.0.0.1, the subset the real <c>gcloud secrets</c> uses, with secret
/// versions and their states. Point gcloud at it with <see cref="Environment"/>.
/// </summary>
/// <remarks>
/// Semantics follow the v1 REST reference and docs/secret-backends.md#gcp-secret-manager:
/// <list type="bullet">
/// <item>Resource names in answers use the project <em>number</em> (<c>projects/123456789012/secrets/S</c>) whether a
///   request named the project by id or number, as the real API does.</item>
/// <item>Versions are numbered from 1 and never reused; <c>latest</c> is the newest version whatever its state, so
///   accessing it fails when that version is disabled or destroyed.</item>
/// <item>Errors are Google JSON errors: <c>{"error":{"code":404,"message":"…","status":"NOT_FOUND"}}</c>.
///   A missing secret (or one without versions, for <c>latest</c>): 404 "Secret [projects/N/secrets/S] not found or has
///   no versions."; a missing version: 404 "Secret Version [projects/N/secrets/S/versions/V] not found."; create of an
///   existing id: 409 ALREADY_EXISTS "Secret [projects/N/secrets/S] already exists."; access of a disabled or
///   destroyed version, and enable/disable/destroy of a destroyed one: 400 FAILED_PRECONDITION
///   "Secret Version [projects/N/secrets/S/versions/V] is in DISABLED state." (or DESTROYED); another project:
///   403 PERMISSION_DENIED "Permission 'secretmanager.x.y' denied for resource 'projects/P/…' (or it may not exist).".</item>
/// <item>Access answers carry <c>payload.dataCrc32c</c> (CRC-32C as a decimal string), which gcloud verifies;
///   addVersion checks a <c>dataCrc32c</c> the client sends.</item>
/// <item>Not modelled: locations (regional secrets), etags as preconditions, IAM, rotation, TTLs, delayed destroy,
///   PATCH (answers 501 UNIMPLEMENTED).</item>
/// </list>
/// What gcloud 528.0.0 sends (every path carries <c>?alt=json</c>; P is the project id from CLOUDSDK_CORE_PROJECT):
/// <list type="bullet">
/// <item><c>secrets describe S</c>: GET v1/projects/P/secrets/S.</item>
/// <item><c>secrets create S --replication-policy=automatic --data-file=-</c>: POST v1/projects/P/secrets?secretId=S
///   with <c>{"annotations": {}, "replication": {"automatic": {}}}</c>, then POST v1/projects/P/secrets/S:addVersion with
///   <c>{"payload": {"data": base64, "dataCrc32c": "decimal"}}</c>; prints "Created version [1] of the secret [S]." on
///   stderr. Without --data-file only the first call.</item>
/// <item><c>secrets versions add S --data-file=-</c>: the addVersion call alone.</item>
/// <item><c>secrets versions access latest|N --secret=S</c>: GET …/secrets/S/versions/latest:access; prints the payload
///   bytes as they are (no newline added) after checking dataCrc32c.</item>
/// <item><c>secrets versions list S</c>: GET …/secrets/S/versions?pageSize=0, newest first; <c>[]</c> for <c>{}</c>.</item>
/// <item><c>secrets versions disable|enable|destroy N --secret=S --quiet</c>: POST …/versions/N:disable (body <c>{}</c>);
///   prints "Disabled version [N] of the secret [S]." (Enabled, Destroyed).</item>
/// <item><c>secrets delete S --quiet</c>: GET …/secrets/S/versions?pageSize=0 (for its prompt), then DELETE
///   …/secrets/S; prints "Deleted secret [S]."</item>
/// <item><c>secrets list</c>: GET v1/projects/P/secrets?pageSize=100.</item>
/// <item>On an error gcloud exits 1 with stdout empty and one stderr line
///   <c>ERROR: (gcloud.secrets.versions.access) STATUS: message</c>. For NOT_FOUND (and other auth-relevant codes) it
///   appends " This command is unauthenticated because the [auth/disable_credentials] property is True." (with real
///   credentials: "This command is authenticated as …"); for FAILED_PRECONDITION it appends nothing. ALREADY_EXISTS
///   reads <c>ERROR: (gcloud.secrets.create) Resource in projects [P] is the subject of a conflict: Secret [...] already
///   exists.</c> Argument errors exit 2.</item>
/// </list>
/// </remarks>
public sealed class FakeSecretManager : IAsyncDisposable
{
    public const string DefaultProjectId = "trinity-test";
    public const long DefaultProjectNumber = 123456789012;

    readonly WebApplication _app;
    readonly Lock _gate = new();
    readonly SortedDictionary<string, Secret> _secrets = new(StringComparer.Ordinal);
    readonly List<RecordedRequest> _requests = [];
    long _clock;
    int _disposed;

    FakeSecretManager(WebApplication app, string projectId, long projectNumber)
    {
        _app = app;
        ProjectId = projectId;
        ProjectNumber = projectNumber;
        ConfigDirectory = Scratch.NewDirectory("gcloud-config");
    }

    public string ProjectId { get; }

    public long ProjectNumber { get; }

    /// <summary>http://127.0.0.1:PORT/ (with the trailing slash gcloud needs: it appends <c>v1/…</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>An isolated gcloud configuration directory, removed on dispose.</summary>
    public string ConfigDirectory { get; }

    /// <summary>
    /// Variables for the real gcloud; a null value means "remove from the inherited environment". Besides the
    /// endpoint override, the project and no credentials, they switch off everything that would reach the network
    /// or prompt: the GCE metadata probe, usage reporting, the update check and surveys.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER"] = BaseAddress.ToString(),
        ["CLOUDSDK_AUTH_DISABLE_CREDENTIALS"] = "true",
        ["CLOUDSDK_CORE_PROJECT"] = ProjectId,
        ["CLOUDSDK_CONFIG"] = ConfigDirectory,
        ["CLOUDSDK_CORE_DISABLE_PROMPTS"] = "1",
        ["CLOUDSDK_CORE_CHECK_GCE_METADATA"] = "false",
        ["CLOUDSDK_CORE_DISABLE_USAGE_REPORTING"] = "true",
        ["CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK"] = "true",
        ["CLOUDSDK_SURVEY_DISABLE_PROMPTS"] = "true",
        ["CLOUDSDK_CORE_ACCOUNT"] = null,
        ["CLOUDSDK_ACTIVE_CONFIG_NAME"] = null,
        ["CLOUDSDK_AUTH_ACCESS_TOKEN_FILE"] = null,
        ["CLOUDSDK_AUTH_IMPERSONATE_SERVICE_ACCOUNT"] = null,
        ["NO_PROXY"] = "127.0.0.1,localhost",
        ["no_proxy"] = "127.0.0.1,localhost",
    };

    /// <summary>Starts the server on 127.0.0.1 and a free port.</summary>
    public static async Task<FakeSecretManager> StartAsync(string projectId = DefaultProjectId,
        long projectNumber = DefaultProjectNumber, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeSecretManager(app, projectId, projectNumber);
        app.Run(fake.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            fake.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Scratch.Remove(ConfigDirectory);
    }

    // ---- Test API: seed and inspect -------------------------------------------------------------------------

    /// <summary>Creates a secret with automatic replication and no versions.</summary>
    public void CreateSecret(string secretId, IReadOnlyDictionary<string, string>? labels = null)
    {
        lock (_gate)
        {
            if (_secrets.ContainsKey(secretId)) throw new InvalidOperationException($"secret {secretId} already exists");
            _secrets[secretId] = new Secret(secretId, Now(), new Dictionary<string, string>(labels ?? new Dictionary<string, string>()));
        }
    }

    /// <summary>Adds a version (creating the secret if needed) in the given state; returns its number.</summary>
    public int AddVersion(string secretId, string payload, SecretVersionState state = SecretVersionState.Enabled) =>
        AddVersion(secretId, Encoding.UTF8.GetBytes(payload), state);

    public int AddVersion(string secretId, byte[] payload, SecretVersionState state = SecretVersionState.Enabled)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(secretId, out var secret))
                _secrets[secretId] = secret = new Secret(secretId, Now(), []);
            var version = secret.Add(payload, Now(), clientChecksum: false);
            if (state != SecretVersionState.Enabled) version.Move(state, Now());
            return version.Number;
        }
    }

    /// <summary>Moves a version to another state, as enable/disable/destroy would (destroy drops the payload).</summary>
    public void SetVersionState(string secretId, int version, SecretVersionState state)
    {
        lock (_gate) Find(secretId).Versions.Single(v => v.Number == version).Move(state, Now());
    }

    public void DeleteSecret(string secretId)
    {
        lock (_gate) _secrets.Remove(secretId);
    }

    public IReadOnlyList<SecretSnapshot> Secrets
    {
        get { lock (_gate) return [.. _secrets.Values.Select(Snapshot)]; }
    }

    public SecretSnapshot? FindSecret(string secretId)
    {
        lock (_gate) return _secrets.TryGetValue(secretId, out var s) ? Snapshot(s) : null;
    }

    /// <summary>Every HTTP call served so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public void ClearRequests()
    {
        lock (_gate) _requests.Clear();
    }

    /// <summary>The resource name the API uses: <c>projects/NUMBER/secrets/ID</c>.</summary>
    public string SecretName(string secretId) => $"projects/{ProjectNumber}/secrets/{secretId}";

    public string VersionName(string secretId, int version) => $"{SecretName(secretId)}/versions/{version}";

    // ---- HTTP ------------------------------------------------------------------------------------------------

    async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync(context.RequestAborted);
        int status;
        JsonNode answer;
        try
        {
            lock (_gate) answer = Dispatch(request.Method, request.Path.Value ?? "/", request.Query, body);
            status = 200;
        }
        catch (Exception e) when (e is GoogleApiException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // A request the fake cannot handle is answered like a server error, and still recorded, to show up in tests.
            var error = e as GoogleApiException ?? new GoogleApiException(500, "INTERNAL", $"fake Secret Manager: {e.Message}");
            status = error.Code;
            answer = new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["status"] = error.Status },
            };
        }
        lock (_gate) _requests.Add(new RecordedRequest(request.Method, request.Path.Value + request.QueryString.Value, body, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    JsonNode Dispatch(string method, string path, IQueryCollection query, string body)
    {
        var parts = path.Trim('/').Split('/');
        var (last, verb) = SplitVerb(parts[^1]);
        parts[^1] = last;
        if (parts.Length < 4 || parts[0] != "v1" || parts[1] != "projects" || parts[3] != "secrets")
            throw GoogleApiException.NotFound($"fake Secret Manager: no route for {method} {path}");
        var project = parts[2];

        switch (parts.Length, method, verb)
        {
            case (4, "GET", null):
                Authorize(project, "secretmanager.secrets.list", $"projects/{project}");
                return ListSecrets(query);
            case (4, "POST", null):
                Authorize(project, "secretmanager.secrets.create", $"projects/{project}");
                return CreateSecret(query["secretId"].ToString(), body);
        }
        if (parts.Length < 5) throw GoogleApiException.NotFound($"fake Secret Manager: no route for {method} {path}");
        var secretId = parts[4];
        var secretResource = $"projects/{project}/secrets/{secretId}";
        switch (parts.Length, method, verb)
        {
            case (5, "GET", null):
                Authorize(project, "secretmanager.secrets.get", secretResource);
                return SecretJson(Find(secretId));
            case (5, "DELETE", null):
                Authorize(project, "secretmanager.secrets.delete", secretResource);
                Find(secretId);
                _secrets.Remove(secretId);
                return new JsonObject();
            case (5, "POST", "addVersion"):
                Authorize(project, "secretmanager.versions.add", secretResource);
                return AddVersion(Find(secretId), body);
            case (5, "PATCH", null):
                throw GoogleApiException.Unimplemented("fake Secret Manager: secrets.patch is not implemented");
            case (6, "GET", null) when parts[5] == "versions":
                Authorize(project, "secretmanager.versions.list", secretResource);
                return ListVersions(Find(secretId), query);
        }
        if (parts.Length != 7
            || parts[5] != "versions") throw GoogleApiException.NotFound($"fake Secret Manager: no route for {method} {path}");
        var versionResource = $"{secretResource}/versions/{parts[6]}";
        switch (method, verb)
        {
            case ("GET", null):
                Authorize(project, "secretmanager.versions.get", versionResource);
                return VersionJson(Resolve(secretId, parts[6]));
            case ("GET", "access"):
                Authorize(project, "secretmanager.versions.access", versionResource);
                return Access(Resolve(secretId, parts[6]));
            case ("POST", "enable" or "disable" or "destroy"):
                Authorize(project, $"secretmanager.versions.{verb}", versionResource);
                return Transition(Resolve(secretId, parts[6]), verb);
        }
        throw GoogleApiException.NotFound($"fake Secret Manager: no route for {method} {path}");
    }

    static (string Id, string? Verb) SplitVerb(string segment)
    {
        var colon = segment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (segment, null) : (segment[..colon], segment[(colon + 1)..]);
    }

    void Authorize(string project, string permission, string resource)
    {
        if (project != ProjectId && project != ProjectNumber.ToString(CultureInfo.InvariantCulture))
            throw GoogleApiException.PermissionDenied($"Permission '{permission}' denied for resource '{resource}' (or it may not exist).");
    }

    Secret Find(string secretId) =>
        _secrets.TryGetValue(secretId, out var secret)
            ? secret
            : throw GoogleApiException.NotFound($"Secret [{SecretName(secretId)}] not found or has no versions.");

    Version Resolve(string secretId, string version)
    {
        var secret = Find(secretId);
        if (version == "latest")
            return secret.Versions.Count > 0
                ? secret.Versions[^1]
                : throw GoogleApiException.NotFound($"Secret [{SecretName(secretId)}] not found or has no versions.");
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            throw GoogleApiException.InvalidArgument($"Invalid resource field value in the request: version [{version}] is neither a " +
                $"positive number nor latest.");
        return secret.Versions.FirstOrDefault(v => v.Number == number)
            ?? throw GoogleApiException.NotFound($"Secret Version [{VersionName(secretId, number)}] not found.");
    }

    JsonObject ListSecrets(IQueryCollection query)
    {
        var all = _secrets.Values.ToList();
        return Page(all, query, "secrets", SecretJson);
    }

    JsonNode CreateSecret(string secretId, string body)
    {
        if (secretId.Length == 0 || secretId.Length > 255 || !secretId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw GoogleApiException.InvalidArgument($"The provided Secret ID [{secretId}] does not match the expected format " +
                $"[[a-zA-Z_0-9]+]");
        var json = ParseBody(body);
        if (json["replication"] is not JsonObject replication || (replication["automatic"] is null && replication["userManaged"] is null))
            throw GoogleApiException.InvalidArgument("Secret.replication is required.");
        if (_secrets.ContainsKey(secretId))
            throw GoogleApiException.AlreadyExists($"Secret [{SecretName(secretId)}] already exists.");
        var labels = new Dictionary<string, string>();
        if (json["labels"] is JsonObject given)
            foreach (var (key, value) in given) labels[key] = value?.GetValue<string>() ?? "";
        var secret = new Secret(secretId, Now(), labels) { Replication = replication.DeepClone() };
        _secrets[secretId] = secret;
        return SecretJson(secret);
    }

    JsonNode AddVersion(Secret secret, string body)
    {
        var payload = ParseBody(body)["payload"] as JsonObject
            ?? throw GoogleApiException.InvalidArgument("SecretPayload.data is required.");
        byte[] data;
        try { data = Convert.FromBase64String(payload["data"]?.GetValue<string>() ?? ""); }
        catch (FormatException) { throw GoogleApiException.InvalidArgument("Invalid value at 'payload.data' (TYPE_BYTES), Base64 " +
            "decoding failed."); }
        if (data.Length > 64 * 1024)
            throw GoogleApiException.InvalidArgument("Secret Payload cannot exceed 65536 bytes.");
        var checksum = payload["dataCrc32c"]?.ToString();
        if (checksum is not null && checksum != Crc32C.Compute(data).ToString(CultureInfo.InvariantCulture))
            throw GoogleApiException.InvalidArgument("Checksum mismatch: the dataCrc32c in the request does not match the payload data.");
        return VersionJson(secret.Add(data, Now(), clientChecksum: checksum is not null));
    }

    JsonObject ListVersions(Secret secret, IQueryCollection query)
    {
        // Newest first, as the API lists them. Only the simple server-side filter "state:X" is applied; gcloud filters
        // its --filter client-side as well, so ignoring anything richer loses nothing.
        var versions = Enumerable.Reverse(secret.Versions);
        var filter = query["filter"].ToString().Replace(" ", "", StringComparison.Ordinal);
        var match = System.Text.RegularExpressions.Regex.Match(filter, "^state[:=]([A-Za-z]+)$");
        if (match.Success) versions = versions.Where(v => StateName(v.State)
            .Equals(match.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
        return Page(versions.ToList(), query, "versions", VersionJson);
    }

    static JsonObject Page<T>(List<T> items, IQueryCollection query, string field, Func<T, JsonNode> render)
    {
        var size = int.TryParse(query["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? Math.Min(s, 25000)
            : 25000;
        var start = int.TryParse(query["pageToken"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0;
        var page = items.Skip(start).Take(size).ToList();
        var answer = new JsonObject();
        // proto3 JSON leaves out empty lists and zero numbers: an empty list is "{}".
        if (page.Count > 0) answer[field] = new JsonArray([.. page.Select(render)]);
        if (start + page.Count < items.Count) answer["nextPageToken"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        if (items.Count > 0) answer["totalSize"] = items.Count;
        return answer;
    }

    JsonObject Access(Version version)
    {
        if (version.State != SecretVersionState.Enabled)
            throw GoogleApiException.FailedPrecondition($"Secret Version [{VersionName(version.SecretId, version.Number)}] is in " +
                $"{StateName(version.State)} state.");
        return new JsonObject
        {
            ["name"] = VersionName(version.SecretId, version.Number),
            ["payload"] = new JsonObject
            {
                ["data"] = Convert.ToBase64String(version.Payload!),
                ["dataCrc32c"] = Crc32C.Compute(version.Payload).ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    JsonNode Transition(Version version, string verb)
    {
        if (version.State == SecretVersionState.Destroyed)
            throw GoogleApiException.FailedPrecondition($"Secret Version [{VersionName(version.SecretId, version.Number)}] is in " +
                $"DESTROYED state.");
        version.Move(verb switch
        {
            "enable" => SecretVersionState.Enabled,
            "disable" => SecretVersionState.Disabled,
            _ => SecretVersionState.Destroyed,
        }, Now());
        return VersionJson(version);
    }

    static JsonObject ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return [];
        try { return JsonNode.Parse(body) as JsonObject ?? throw GoogleApiException.InvalidArgument("Invalid JSON payload received."); }
        catch (System.Text.Json.JsonException) { throw GoogleApiException.InvalidArgument("Invalid JSON payload received."); }
    }

    JsonNode SecretJson(Secret secret)
    {
        var json = new JsonObject
        {
            ["name"] = SecretName(secret.Id),
            ["replication"] = secret.Replication.DeepClone(),
            ["createTime"] = Timestamp(secret.CreateTime),
        };
        if (secret.Labels.Count > 0) json["labels"] = new JsonObject(secret.Labels.Select(l => KeyValuePair.Create(l.Key,
            (JsonNode?)l.Value)));
        json["etag"] = Etag(secret.CreateTime);
        return json;
    }

    JsonNode VersionJson(Version version)
    {
        var json = new JsonObject
        {
            ["name"] = VersionName(version.SecretId, version.Number),
            ["createTime"] = Timestamp(version.CreateTime),
        };
        if (version.DestroyTime is { } destroyed) json["destroyTime"] = Timestamp(destroyed);
        json["state"] = StateName(version.State);
        json["replicationStatus"] = new JsonObject { ["automatic"] = new JsonObject() };
        json["etag"] = Etag(version.UpdateTime);
        if (version.ClientChecksum) json["clientSpecifiedPayloadChecksum"] = true;
        return json;
    }

    static string StateName(SecretVersionState state) => state.ToString().ToUpperInvariant();

    static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
        CultureInfo.InvariantCulture);

    static string Etag(DateTimeOffset time) => $"\"{time.Ticks / 10:x}\"";

    /// <summary>Wall-clock time, made strictly increasing so that every change gets its own etag and order.</summary>
    DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow.Ticks;
        _clock = Math.Max(now, _clock + 10);
        return new DateTimeOffset(_clock, TimeSpan.Zero);
    }

    SecretSnapshot Snapshot(Secret secret) => new(
        secret.Id, SecretName(secret.Id), secret.CreateTime, new Dictionary<string, string>(secret.Labels),
        [.. secret.Versions.Select(v => new SecretVersionSnapshot(v.Number, VersionName(v.SecretId, v.Number), v.State,
            v.CreateTime, v.DestroyTime, v.Payload?.ToArray()))]);

    sealed class Secret(string id, DateTimeOffset createTime, Dictionary<string, string> labels)
    {
        public string Id { get; } = id;
        public DateTimeOffset CreateTime { get; } = createTime;
        public Dictionary<string, string> Labels { get; } = labels;
        public JsonNode Replication { get; init; } = new JsonObject { ["automatic"] = new JsonObject() };
        public List<Version> Versions { get; } = [];

        public Version Add(byte[] payload, DateTimeOffset now, bool clientChecksum)
        {
            var version = new Version(Id, Versions.Count + 1, now, payload) { ClientChecksum = clientChecksum };
            Versions.Add(version);
            return version;
        }
    }

    sealed class Version(string secretId, int number, DateTimeOffset createTime, byte[] payload)
    {
        public string SecretId { get; } = secretId;
        public int Number { get; } = number;
        public DateTimeOffset CreateTime { get; } = createTime;
        public DateTimeOffset UpdateTime { get; private set; } = createTime;
        public DateTimeOffset? DestroyTime { get; private set; }
        public SecretVersionState State { get; private set; } = SecretVersionState.Enabled;
        public byte[]? Payload { get; private set; } = payload;
        public bool ClientChecksum { get; init; }

        public void Move(SecretVersionState state, DateTimeOffset now)
        {
            if (State == SecretVersionState.Destroyed && state != SecretVersionState.Destroyed)
                throw new InvalidOperationException($"version {Number} of {SecretId} is destroyed");
            State = state;
            UpdateTime = now;
            if (state != SecretVersionState.Destroyed) return;
            DestroyTime = now;
            Payload = null;
        }
    }
}
