using System.Text.Json.Nodes;

namespace Trinity.Build.Platform.Manifests.Schemas;

/// <summary>The drift guard: a field the CRD schema defaults but Git leaves out is filled in by the API server, so
/// the live object never equals Git and Argo CD shows it OutOfSync. The list is read from the schema itself: every
/// property with a default whose parent object is present in Git.</summary>
public static class CrdDefaults
{
    public sealed record Missing(string Path, JsonNode? Default);

    public static IEnumerable<Missing> Find(JsonObject schema, JsonNode? value, string path = "")
    {
        if (value is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is not JsonObject propertySchema) continue;
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                if (!obj.ContainsKey(name))
                {
                    if (propertySchema.ContainsKey("default")) yield return new Missing(childPath, propertySchema["default"]);
                    continue;
                }
                foreach (var m in Find(propertySchema, obj[name], childPath)) yield return m;
            }
        }
        if (value is JsonArray array && schema["items"] is JsonObject items)
            for (var i = 0; i < array.Count; i++)
                foreach (var m in Find(items, array[i], $"{path}[{i}]")) yield return m;
    }
}
