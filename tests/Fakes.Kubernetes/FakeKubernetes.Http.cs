using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Fakes.Kubernetes;

/// <summary>The HTTP surface: the request pipeline (record, latency, faults, authentication) and the REST routes
/// of /api/v1 and /apis/{group}/{version}, namespaced and cluster-scoped.</summary>
public sealed partial class FakeKubernetes
{
    static readonly string[] PatchTypes = ["application/json-patch+json", "application/merge-patch+json",
        "application/strategic-merge-patch+json", "application/apply-patch+yaml"];
    static readonly string[] CustomPatchTypes = ["application/json-patch+json", "application/merge-patch+json",
        "application/apply-patch+yaml"];

    async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value?.TrimStart('?') ?? "",
            DateTimeOffset.UtcNow);
        Fault? fault;
        TimeSpan latency;
        lock (_gate)
        {
            _requests.Add(recorded);
            latency = _latency;
            fault = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.When?.Invoke(recorded) ?? true));
            if (fault is not null) fault.Remaining--;
            _faults.RemoveAll(f => f.Remaining <= 0);
        }
        Pulse();
        var reset = fault is { Reset: true };
        // Recorded before the headers leave, so a client that has its answer always finds it recorded.
        context.Response.OnStarting(() =>
        {
            if (!reset) Answered(recorded, context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted);
            if (reset)
            {
                context.Abort();
                return;
            }
            if (fault is not null) throw ApiError.Injected(fault.Status);
            if (!Authenticated(request)) throw ApiError.Unauthorized();
            await RouteAsync(context);
        }
        catch (ApiError e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = e.Code;
            context.Response.ContentType = "application/json";
            if (e.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync(e.Status().ToJsonString(), context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
        }
    }

    void Answered(RecordedRequest recorded, int status)
    {
        lock (_gate)
        {
            for (var i = _requests.Count - 1; i >= 0; i--)
            {
                if (!ReferenceEquals(_requests[i], recorded)) continue;
                _requests[i] = recorded with { Status = status };
                break;
            }
        }
        Pulse();
    }

    bool Authenticated(HttpRequest request)
    {
        if (request.Path.Value is "/healthz" or "/livez" or "/readyz") return true;
        return request.Headers.Authorization.ToString() == $"Bearer {Token}";
    }

    async Task RouteAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "/").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) throw ApiError.NoRoute();
        switch (segments[0])
        {
            case "healthz" or "livez" or "readyz" when segments.Length == 1:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case "version" when segments.Length == 1:
                await WriteJsonAsync(context, 200, Discovery.Version());
                return;
            case "api" when segments.Length == 1:
                await WriteJsonAsync(context, 200, Discovery.CoreVersions(Url));
                return;
            case "apis" when segments.Length == 1:
                await WriteJsonAsync(context, 200, Discovery.Groups(Resources));
                return;
            case "apis" when segments.Length == 2:
                await WriteJsonAsync(context, 200, Discovery.Group(Resources, segments[1]) ?? throw ApiError.NoRoute());
                return;
        }
        var (group, version, rest) = segments[0] switch
        {
            "api" => ("", segments[1], segments[2..]),
            "apis" => (segments[1], segments[2], segments[3..]),
            _ => throw ApiError.NoRoute(),
        };
        if (rest.Length == 0)
        {
            await WriteJsonAsync(context, 200, Discovery.ResourceList(Resources, group, version) ?? throw ApiError.NoRoute());
            return;
        }

        string? ns = null;
        var isNamespaceSubresource = group.Length == 0 && rest.Length == 3 && rest[2] is "status" or "finalize";
        if (rest[0] == "namespaces" && rest.Length >= 3 && !isNamespaceSubresource)
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var type = ByResource(group, version, rest[0]) ?? throw ApiError.NoRoute();
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (type.Namespaced && ns is null && name is not null) throw ApiError.NoRoute();
        if (!type.Namespaced && ns is not null) throw ApiError.NoRoute();
        var key = type.Namespaced ? ns : "";
        var method = context.Request.Method;

        if (name is null)
        {
            switch (method)
            {
                case "GET" when IsTrue(context.Request.Query["watch"]):
                    await WatchAsync(context, type, key);
                    return;
                case "GET":
                    await WriteJsonAsync(context, 200, ListResponse(context.Request.Query, type, key));
                    return;
                case "POST" when key is not null:
                    await CreateAsync(context, type, key);
                    return;
                default:
                    throw ApiError.MethodNotAllowed();
            }
        }
        if (rest.Length > 3 && subresource != "proxy") throw ApiError.NoRoute();
        if (subresource == "status" && !type.StatusSubresource) throw ApiError.NoRoute();
        switch (subresource, method)
        {
            case (null or "status", "GET"):
                await WriteJsonAsync(context, 200, _store.Get(type, key!, name) ?? throw ApiError.NotFound(type, name));
                return;
            case (null or "status", "PUT"):
                await ReplaceAsync(context, type, key!, name, subresource is null ? WriteMode.Main : WriteMode.Status);
                return;
            case (null or "status", "PATCH"):
                await PatchAsync(context, type, key!, name, subresource is null ? WriteMode.Main : WriteMode.Status);
                return;
            case (null, "DELETE"):
                await DeleteAsync(context, type, key!, name);
                return;
            case ("log", "GET") when type.Key == ResourceTypes.Pod.Key:
                await PodLogAsync(context, key!, name);
                return;
            case ("proxy", _) when type.Key == ResourceTypes.Service.Key:
                await ServiceProxyAsync(context, key!, name);
                return;
            case (null or "status", _):
                throw ApiError.MethodNotAllowed();
            default:
                throw ApiError.NoRoute();
        }
    }

    static bool IsTrue(StringValues value) => value.ToString() is "true" or "1";

    static bool DryRun(HttpRequest request) => request.Query["dryRun"].ToString() == "All";

    static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    static async Task<JsonNode> ReadJsonAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        try
        {
            return JsonNode.Parse(text) ?? throw ApiError.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    static async Task<JsonObject> ReadObjectAsync(HttpRequest request, ResourceType type) =>
        await ReadJsonAsync(request) is JsonObject obj ? CheckKind(obj, type)
            : throw ApiError.BadRequest("the request body is not a JSON object");

    static JsonObject CheckKind(JsonObject obj, ResourceType type)
    {
        if (Patches.Text(obj["apiVersion"]) is { Length: > 0 } apiVersion && apiVersion != type.ApiVersion)
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version " +
                $"({type.ApiVersion})");
        if (Patches.Text(obj["kind"]) is { Length: > 0 } kind && kind != type.Kind)
            throw ApiError.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        return obj;
    }

    // ---- list ------------------------------------------------------------------------------------------------

    JsonObject ListResponse(IQueryCollection query, ResourceType type, string? ns)
    {
        var matches = Selectors.Compile(type, query["labelSelector"], query["fieldSelector"]);
        var compacted = _store.CompactedThrough;
        if (query["resourceVersionMatch"].ToString() == "Exact"
            && long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var exact) && exact < compacted)
            throw ApiError.Expired("The resourceVersion for the provided list is too old.");

        var (items, listVersion) = _store.List(type, ns, matches);
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            var (tokenVersion, after) = ContinueToken.Decode(token);
            if (tokenVersion < compacted)
                throw ApiError.Expired("The provided continue parameter is too old to display a consistent list result. You can start a " +
                    "new list without the continue parameter, or use the continue token in this response to retrieve the remainder of " +
                        "the results. Continuing with the provided token results in an inconsistent list - objects that were created, " +
                            "modified, or deleted between the time the first chunk was returned and now may show up in the list.");
            items = [.. items.Where(i => string.CompareOrdinal(ContinueToken.KeyOf(i), after) > 0)];
            listVersion = tokenVersion;
        }
        var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(CultureInfo.InvariantCulture) };
        if (int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            && items.Count > limit)
        {
            metadata["continue"] = ContinueToken.Encode(listVersion, ContinueToken.KeyOf(items[limit - 1]));
            metadata["remainingItemCount"] = items.Count - limit;
            items = items[..limit];
        }
        var rendered = new JsonArray();
        foreach (var item in items)
        {
            // The server writes built-in list items without kind/apiVersion; unstructured (custom) items keep them.
            if (!type.IsCustom)
            {
                item.Remove("kind");
                item.Remove("apiVersion");
            }
            rendered.Add(item);
        }
        return new JsonObject { ["kind"] = type.ListKind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata, ["items"] = rendered };
    }

    static class ContinueToken
    {
        public static string KeyOf(JsonObject item) =>
            $"{Patches.Text(item["metadata"]?["namespace"])}/{Patches.Text(item["metadata"]?["name"])}";

        public static string Encode(long resourceVersion, string after) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion,
                ["start"] = after + "\u0000" }.ToJsonString()));

        public static (long ResourceVersion, string After) Decode(string token)
        {
            try
            {
                var json = JsonNode.Parse(Convert.FromBase64String(token))!;
                return (Patches.Long(json["rv"]) ?? 0, Patches.Text(json["start"])!.TrimEnd('\u0000'));
            }
            catch (Exception e) when (e is FormatException or JsonException or NullReferenceException)
            {
                throw ApiError.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
        }
    }

    // ---- watch -----------------------------------------------------------------------------------------------

    async Task WatchAsync(HttpContext context, ResourceType type, string? ns)
    {
        var query = context.Request.Query;
        var matches = Selectors.Compile(type, query["labelSelector"], query["fieldSelector"]);
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var initialEvents = IsTrue(query["sendInitialEvents"]);
        if (initialEvents && !bookmarks)
            throw new ApiError(422, "Invalid",
                "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless " +
                    "the WatchList feature gate is enabled and allowWatchBookmarks is set to true");
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultWatchTimeout;
        using var subscription = _store.Subscribe(type, ns, matches, initialEvents ? null : query["resourceVersion"].ToString(),
            initialEvents);
        var dropped = false;
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, subscription.Dropped.Token,
                _stopping.Token);
            stop.CancelAfter(timeout);
            using var timer = bookmarks ? new Timer(_ => _store.QueueBookmark(subscription), null, BookmarkInterval, BookmarkInterval)
                : null;
            try
            {
                await foreach (var line in subscription.Lines.Reader.ReadAllAsync(stop.Token))
                {
                    await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line.Json + "\n"), stop.Token);
                    await context.Response.Body.FlushAsync(stop.Token);
                    if (line.Terminal) break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                dropped = subscription.Dropped.IsCancellationRequested && !subscription.DropGracefully;
            }
        }
        finally
        {
            _store.Unsubscribe(subscription);
        }
        if (dropped) context.Abort();
    }

    // ---- writes ----------------------------------------------------------------------------------------------

    async Task CreateAsync(HttpContext context, ResourceType type, string ns)
    {
        var body = await ReadObjectAsync(context.Request, type);
        if (type.Namespaced && Patches.Text(body["metadata"]?["namespace"]) is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        if (body["metadata"] is not JsonObject) body["metadata"] = new JsonObject();
        await WriteJsonAsync(context, 201, _store.Create(type, ns, body, WriteMode.Main, DryRun(context.Request)));
    }

    async Task ReplaceAsync(HttpContext context, ResourceType type, string ns, string name, WriteMode mode)
    {
        var body = await ReadObjectAsync(context.Request, type);
        var bodyName = Patches.Text(body["metadata"]?["name"]);
        if (bodyName != name)
            throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        var updated = _store.Update(type, ns, name, _ => body, mode,
            expectedResourceVersion: Patches.Text(body["metadata"]?["resourceVersion"]),
            requireResourceVersion: type.IsCustom,
            dryRun: DryRun(context.Request));
        await WriteJsonAsync(context, 200, updated);
    }

    async Task PatchAsync(HttpContext context, ResourceType type, string ns, string name, WriteMode mode)
    {
        var request = context.Request;
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var accepted = type.IsCustom ? CustomPatchTypes : PatchTypes;
        if (!accepted.Contains(mediaType)) throw ApiError.UnsupportedMediaType(accepted);
        var patch = await ReadJsonAsync(request);
        var dryRun = DryRun(request);

        if (mediaType == "application/apply-patch+yaml")
        {
            if (string.IsNullOrEmpty(request.Query["fieldManager"]))
                throw new ApiError(422, "Invalid",
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            if (patch is not JsonObject applied) throw ApiError.BadRequest("the apply body is not an object (the fake reads JSON apply " +
                "bodies only)");
            CheckKind(applied, type);
            if (_store.Get(type, ns, name) is null)
            {
                if (mode == WriteMode.Status) throw ApiError.NotFound(type, name);
                var created = applied.DeepClone().AsObject();
                if (created["metadata"] is not JsonObject metadata) created["metadata"] = metadata = [];
                metadata["name"] = name;
                await WriteJsonAsync(context, 201, _store.Create(type, ns, created, WriteMode.Main, dryRun));
                return;
            }
        }

        var updated = _store.Update(type, ns, name, current =>
        {
            var version = Patches.Text(current["metadata"]?["resourceVersion"]);
            var result = mediaType == "application/json-patch+json"
                ? Patches.Json(current, patch as JsonArray ?? throw ApiError.BadRequest("a json patch must be a JSON array of operations"))
                : Patches.Merge(current, patch as JsonObject ?? throw ApiError.BadRequest("a merge patch must be a JSON object"));
            if (result is not JsonObject patched) throw new ApiError(422, "Invalid", "the patch does not leave an object");
            // A resourceVersion the patch sets is a precondition, as in the API server.
            if (Patches.Text(patched["metadata"]?["resourceVersion"]) is { } wanted && wanted != version) throw ApiError.Conflict(type,
                name);
            if (Patches.Text(patched["metadata"]?["name"]) is { } renamed && renamed != name)
                throw ApiError.BadRequest($"the name of the object ({renamed}) does not match the name on the URL ({name})");
            return patched;
        }, mode, dryRun: dryRun);
        await WriteJsonAsync(context, 200, updated);
    }

    async Task DeleteAsync(HttpContext context, ResourceType type, string ns, string name)
    {
        var deleted = _store.Delete(type, ns, name, DryRun(context.Request));
        var stillThere = deleted["metadata"]?["deletionTimestamp"] is not null;
        if (stillThere || type.IsCustom || type.Key == ResourceTypes.Pod.Key)
        {
            await WriteJsonAsync(context, 200, deleted);
            return;
        }
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0) details["group"] = type.Group;
        details["kind"] = type.Plural;
        details["uid"] = deleted["metadata"]?["uid"]?.DeepClone();
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        });
    }

    // ---- pods/log --------------------------------------------------------------------------------------------

    async Task PodLogAsync(HttpContext context, string ns, string name)
    {
        var query = context.Request.Query;
        var pod = _store.Get(ResourceTypes.Pod, ns, name) ?? throw ApiError.NotFound(ResourceTypes.Pod, name);
        static List<string> Names(JsonNode? list) => [.. (list as JsonArray ?? []).Select(c => Patches.Text(c?["name"]) ?? "")];
        var containers = Names(pod["spec"]?["containers"]);
        var initContainers = Names(pod["spec"]?["initContainers"]);
        var container = query["container"].ToString();
        if (container.Length == 0)
        {
            if (containers.Count != 1)
                throw ApiError.BadRequest($"a container name must be specified for pod {name}, choose one of: " +
                    $"[{string.Join(' ', containers)}]"
                    + (initContainers.Count > 0 ? $" or one of the init containers: [{string.Join(' ', initContainers)}]" : ""));
            container = containers[0];
        }
        if (!containers.Contains(container) && !initContainers.Contains(container))
            throw ApiError.BadRequest($"container {container} is not valid for pod {name}");

        var previous = IsTrue(query["previous"]);
        string? text;
        lock (_gate) text = _logs.GetValueOrDefault((ns, name, container, previous));
        if (text is null && previous)
            throw ApiError.BadRequest($"previous terminated container \"{container}\" in pod \"{name}\" not found");
        if (text is null && WaitingReason(pod, container) is { } reason)
            throw ApiError.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start: {reason}");
        text ??= "";

        if (int.TryParse(query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var tail))
        {
            var lines = text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
            text = text.Length == 0 ? "" : string.Join('\n', lines.TakeLast(tail)) + (text.EndsWith('\n') ? "\n" : "");
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        if (int.TryParse(query["limitBytes"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            && limit < bytes.Length) bytes = bytes[..limit];
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    static string? WaitingReason(JsonObject pod, string container)
    {
        foreach (var statuses in new[] { "containerStatuses", "initContainerStatuses" })
            foreach (var status in pod["status"]?[statuses] as JsonArray ?? [])
                if (Patches.Text(status?["name"]) == container && status?["state"]?["waiting"] is JsonObject waiting)
                    return Patches.Text(waiting["reason"]) ?? "ContainerCreating";
        return null;
    }

    // ---- services/proxy --------------------------------------------------------------------------------------

    async Task ServiceProxyAsync(HttpContext context, string ns, string nameAndPort)
    {
        if (context.Request.Method is not ("GET" or "HEAD")) throw ApiError.MethodNotAllowed();
        var parts = nameAndPort.Split(':');
        var (service, port) = parts.Length switch
        {
            1 => (parts[0], (string?)null),
            2 => (parts[0], parts[1]),
            3 when parts[0] is "http" or "https" => (parts[1], parts[2]),
            _ => throw ApiError.BadRequest($"invalid service request {nameAndPort}"),
        };
        Func<string, string, CancellationToken, Task<(int Status, string Body)>>? handler;
        lock (_gate)
        {
            var candidates = _proxies.Where(p => p.Key.Namespace == ns && p.Key.Service == service && (port is null || p.Key.Port == port))
                .ToList();
            handler = candidates.Count == 1 ? candidates[0].Value : null;
        }
        if (handler is null)
        {
            if (_store.Get(ResourceTypes.Service, ns, service) is null) throw ApiError.NotFound(ResourceTypes.Service, service);
            throw new ApiError(503, "ServiceUnavailable", $"no endpoints available for service \"{nameAndPort}\"");
        }

        // The server routes on the decoded path, so an escaped "/" (%2F, as the generated ConnectGet…WithPath
        // sends it) is a path separator to the backend.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var rawPath = raw.Split('?', 2)[0];
        var marker = $"/{Uri.EscapeDataString(nameAndPort)}/proxy";
        var at = rawPath.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            marker = $"/{nameAndPort}/proxy";
            at = rawPath.IndexOf(marker, StringComparison.Ordinal);
        }
        var remainder = at < 0 ? "" : rawPath[(at + marker.Length)..];
        var path = "/" + Uri.UnescapeDataString(remainder).TrimStart('/');
        var (status, body) = await handler(path, context.Request.QueryString.Value?.TrimStart('?') ?? "", context.RequestAborted);
        context.Response.StatusCode = status;
        context.Response.ContentType = body.TrimStart().StartsWith('{') || body.TrimStart()
            .StartsWith('[') ? "application/json" : "text/plain; charset=utf-8";
        if (context.Request.Method == "GET") await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
