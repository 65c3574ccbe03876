using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine;

/// <summary>Files a build writes for people and machines to read afterwards, as JSON. Masked, written whole or not
/// at all, and (like every file) only said in a dry run.</summary>
public static class Reports
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new ChoiceConverter() },
    };

    /// <summary>Writes the value as indented JSON; returns the full path.</summary>
    public static string WriteJson<T>(string path, T value)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(Session.Current.Root, path);
        Files.Write(full, Serialize(value) + "\n");
        return full;
    }

    /// <summary>The value as a report writes it (indented, camelCase, enums kebab-case), for output that is JSON too.</summary>
    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>A choice value reads as its name in a report, as on the command line.</summary>
    sealed class ChoiceConverter : JsonConverter<IChoice>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IChoice).IsAssignableFrom(typeToConvert);

        public override IChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("reports are written, not read");

        public override void Write(Utf8JsonWriter writer, IChoice value,
            JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
