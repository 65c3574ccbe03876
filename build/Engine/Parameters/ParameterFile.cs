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
        var bytes = File.ReadAllBytes(path);
        try
        {
            document = JsonDocument.Parse(bytes,
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var (line, what) = What(bytes, e);
            throw new BuildInputException($"{display}: line {line}: {what}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new BuildInputException($"{display}: expected a JSON object of parameter names and values");

        var byKey = parameters.ToDictionary(p => Names.Key(p.Name));
        var values = new Dictionary<string, JsonElement>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "$schema") continue;
            if (!byKey.TryGetValue(Names.Key(property.Name), out var p))
                throw new BuildInputException($"{display}: unknown parameter " +
                    $"'{property.Name}'{Suggestions.DidYouMean(property.Name, parameters.Select(x => x.Name))}");
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

    /// <summary>Where (1-based line) and what is wrong, in our words: the runtime's own messages may be bare resource
    /// keys (ZeroDepthAtEnd). A file that ends too early is named at its last line that holds anything.</summary>
    static (int Line, string What) What(byte[] bytes, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0);
        var column = (int)(e.BytePositionInLine ?? 0);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var here = line < lines.Length && column < lines[line].Length ? lines[line][column..].Trim() : "";
        if (here.Length > 0) return (line + 1, $"unexpected '{here[0]}' at position {column + 1}");
        var next = lines.Select((text, index) => (Text: text.Trim(), Index: index)).Skip(line + 1).FirstOrDefault(l => l.Text.Length > 0);
        if (next.Text is { Length: > 0 }) return (next.Index + 1, $"unexpected '{next.Text[0]}'");
        var last = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        return (last + 1, "unexpected end of file (a brace, bracket or quote is not closed)");
    }
}
