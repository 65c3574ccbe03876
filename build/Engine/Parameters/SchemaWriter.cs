using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Parameters;

/// <summary><c>.nuke/build.schema.json</c>: the parameters as a JSON schema, so editors complete and check
/// <c>.nuke/parameters*.json</c>. Generated from the same models the command line uses.</summary>
internal static class SchemaWriter
{
    public static string Write(BuildModel model)
    {
        var properties = new JsonObject { ["$schema"] = new JsonObject { ["type"] = "string" } };
        foreach (var p in model.Parameters)
        {
            var item = Item(p);
            var property = p.IsArray ? new JsonObject { ["type"] = "array", ["items"] = item } : item;
            var description = p.Description + (p.IsSecret ? " Secret: prefer the environment variable " + p.EnvironmentVariable + "." : "");
            property["description"] = description;
            var fallback = model.DefaultValues[p.Name];
            if (!p.IsSecret && !ValueParser.IsEmpty(fallback)) property["default"] = Default(fallback);
            properties[p.Name] = property;
        }

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Build parameters",
            ["description"] = "Generated from the build's [Parameter] members by ./build.sh GenerateSchema; do not edit.",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    static JsonObject Item(ParameterModel p) => p.Kind switch
    {
        ParameterKind.Bool => new JsonObject { ["type"] = "boolean" },
        ParameterKind.Int => new JsonObject { ["type"] = "integer" },
        ParameterKind.Duration => new JsonObject { ["type"] = "string", ["pattern"] = @"^(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$|^\d\d:\d\d:\d\d$" },
        ParameterKind.Choice => new JsonObject { ["type"] = "string",
            ["enum"] = new JsonArray([.. p.AllowedValues.Select(v => (JsonNode)JsonValue.Create(v))]) },
        _ when p.Pattern is not null => new JsonObject { ["type"] = "string", ["pattern"] = p.Pattern.ToString() },
        _ => new JsonObject { ["type"] = "string" },
    };

    static JsonNode? Default(object? value) => value switch
    {
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        Array a => new JsonArray([.. a.Cast<object>().Select(v => (JsonNode?)JsonValue.Create(ValueParser.Format(v)))]),
        _ => JsonValue.Create(ValueParser.Format(value)),
    };
}
