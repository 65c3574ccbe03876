using Engine.Output;

namespace Engine.Parameters;

/// <summary>Fills the build's parameter members. Precedence: command line, environment,
/// <c>parameters.&lt;profile&gt;.json</c> (later profiles first), <c>parameters.json</c>, the member's own default.</summary>
internal static class ParameterBinder
{
    /// <returns>Parameter name → where its value came from, for the parameters that did not keep their default.</returns>
    public static IReadOnlyDictionary<string, string> Bind(
        object build, IReadOnlyList<ParameterModel> parameters, CommandLine line, Func<string, string?> environment, string root,
            Masker masker)
    {
        var files = new List<ParameterFile>();
        if (ParameterFile.Load(root, "parameters.json", required: false, parameters) is { } main) files.Add(main);
        files.AddRange(line.Profiles.Select(profile => ParameterFile.Load(root, $"parameters.{profile}.json", required: true,
            parameters)!));
        files.Reverse();

        var sources = new Dictionary<string, string>();
        foreach (var p in parameters)
        {
            if (Find(p, line, environment, files) is not var (label, words)) continue;
            if (p.IsArray) words = [.. words.SelectMany(w => w.Split([',', ' '],
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
            if (!ValueParser.TryParse(p, words, out var value, out var error)) throw new BuildInputException($"{label}: {error}");
            if (p.IsSecret) foreach (var w in words) masker.Register(w);
            p.Set(build, value);
            sources[p.Name] = label;
        }
        return sources;
    }

    static (string Label, List<string> Words)? Find(ParameterModel p, CommandLine line, Func<string, string?> environment,
        List<ParameterFile> files)
    {
        if (line.Values.TryGetValue(p.Name, out var cli)) return (p.Flag, cli);
        if (environment(p.EnvironmentVariable) is { Length: > 0 } env) return (p.EnvironmentVariable, p.IsArray ? [env] : [env.Trim()]);
        foreach (var file in files)
        {
            if (!file.Values.TryGetValue(p.Name, out var json)) continue;
            var label = $"{file.DisplayPath}: {p.Name}";
            return ParameterFile.Words(json) is { } words
                ? (label, words)
                : throw new BuildInputException($"{label}: expected {(p.IsArray ? "a string or an array of strings" : "a string, number " +
                    "or boolean")}");
        }
        return null;
    }
}
