using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine;

/// <summary>Files a build writes for people and machines to read afterwards. Masked, and written whole or not at all.</summary>
public static class Reports
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string WriteJson<T>(string path, T value) => WriteText(path, JsonSerializer.Serialize(value, Json) + "\n");

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a report.</summary>
    public static string WriteText(string path, string text)
    {
        var session = Session.Current;
        var full = Path.IsPathRooted(path) ? path : Path.Combine(session.Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temporary, session.Output.Masker.Mask(text));
        File.Move(temporary, full, overwrite: true);
        return full;
    }
}
