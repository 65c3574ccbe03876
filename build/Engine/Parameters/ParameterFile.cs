using System.Text.Json;
using Engine.Text;

namespace Engine.Parameters;

/// <summary>One of <c>.nuke/parameters.json</c> and <c>.nuke/parameters.&lt;profile&gt;.json</c>: name → value.</summary>
internal sealed record ParameterFile(string DisplayPath, IReadOnlyDictionary<string, JsonElement> Values)
{
    public static ParameterFile? Load(string root, string fileName, bool required, IReadOnlyList<ParameterModel> parameters)
    {
        var display = Path.Combine(".nuke", fileName).Replace('\\', '/');
        var path = Path.Combine(root, ".nuke", fileName);
        if (!File.Exists(path))
            return required ? throw new BuildInputException($"{display} does not exist (named by --profile)") : null;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BuildInputException($"{display}: invalid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new BuildInputException($"{display}: expected a JSON object of parameter names and values");

        var byKey = parameters.ToDictionary(p => Names.Key(p.Name));
        var values = new Dictionary<string, JsonElement>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "$schema") continue;
            if (!byKey.TryGetValue(Names.Key(property.Name), out var p))
                throw new BuildInputException($"{display}: unknown parameter '{property.Name}'{Suggestions.DidYouMean(property.Name, parameters.Select(x => x.Name))}");
            values[p.Name] = property.Value.Clone();
        }
        return new ParameterFile(display, values);
    }

    /// <summary>The words a JSON value stands for; null when its shape cannot hold a parameter value.</summary>
    public static List<string>? Words(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())],
        _ => null,
    };

    // System.Text.Json appends "Path: $ | LineNumber: …" to its messages; the line above already says where.
    static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message.TrimEnd('.', ' ', '|');
    }
}
