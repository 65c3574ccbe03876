using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Trinity.Build.Platform.Manifests;

/// <summary>YAML documents as JSON nodes, typed as the API server reads them: plain scalars become booleans,
/// numbers and nulls; quoted scalars stay strings.</summary>
public static class Yaml
{
    /// <summary>Every document of a YAML stream; empty documents are skipped.</summary>
    /// <exception cref="YamlException">the text is not YAML; the exception's Start says where.</exception>
    public static IReadOnlyList<JsonNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonNode>()];
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map =>
            new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain || !scalar.Tag.IsEmpty) return JsonValue.Create(value);
        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Any(char.IsDigit)
                && !value.Contains(':') => JsonValue.Create(d),
            _ => JsonValue.Create(value),
        };
    }
}
