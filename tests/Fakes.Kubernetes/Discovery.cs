using System.Text.Json.Nodes;

namespace Fakes.Kubernetes;

/// <summary>The discovery documents (/version, /api, /apis, /api/v1, /apis/{group}/{version}) for the served
/// resources, enough for clients that look a resource up before using it.</summary>
static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "34",
        ["gitVersion"] = "v1.34.1",
        ["gitCommit"] = "fake",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-09-09T00:00:00Z",
        ["goVersion"] = "go1.24.6",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(Uri url) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = url.Authority }),
    };

    public static JsonObject Groups(IReadOnlyList<ResourceType> types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. types.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct().Order(StringComparer.Ordinal)
            .Select(g => (JsonNode)GroupBody(types, g))]),
    };

    public static JsonObject? Group(IReadOnlyList<ResourceType> types, string group)
    {
        if (!types.Any(t => t.Group == group && group.Length > 0)) return null;
        var body = GroupBody(types, group);
        body["kind"] = "APIGroup";
        body["apiVersion"] = "v1";
        return body;
    }

    static JsonObject GroupBody(IReadOnlyList<ResourceType> types, string group)
    {
        var versions = types.Where(t => t.Group == group).Select(t => t.Version).Distinct().ToList();
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Version(v))]),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    public static JsonObject? ResourceList(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var served = types.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal).ToList();
        if (served.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var type in served)
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
            });
            if (type.StatusSubresource)
                resources.Add(new JsonObject { ["name"] = $"{type.Plural}/status", ["singularName"] = "", ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind, ["verbs"] = new JsonArray("get", "patch", "update") });
            if (type.Key == ResourceTypes.Pod.Key)
                resources.Add(new JsonObject { ["name"] = "pods/log", ["singularName"] = "", ["namespaced"] = true, ["kind"] = "Pod",
                    ["verbs"] = new JsonArray("get") });
            if (type.Key == ResourceTypes.Service.Key)
                resources.Add(new JsonObject { ["name"] = "services/proxy", ["singularName"] = "", ["namespaced"] = true,
                    ["kind"] = "ServiceProxyOptions", ["verbs"] = new JsonArray("create", "delete", "get", "patch", "update") });
        }
        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = resources };
    }
}
