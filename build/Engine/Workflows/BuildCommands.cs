namespace Engine.Workflows;

/// <summary>Workflow pieces made from the build's own definitions, so a renamed target or parameter breaks the
/// generation instead of a workflow run: the `run:` line of a build call, and choice inputs from enum parameters.</summary>
public static class BuildCommands
{
    /// <summary>"./build.sh Release --region ${{ matrix.region }}": target names as declared, parameters by their
    /// command-line names (each must exist).</summary>
    public static string Run(IEnumerable<string> targets, params (string Parameter, string Value)[] parameters)
    {
        var model = Session.Current.Model!;
        var names = targets.ToList();
        foreach (var target in names.Where(t => model.Targets.All(d => d.Name != t)))
            throw new InvalidOperationException($"workflow definition: no target {target}");
        var words = new List<string> { model.Instance.Command };
        words.AddRange(names);
        foreach (var (parameter, value) in parameters)
        {
            var p = model.Parameters.FirstOrDefault(x => x.Name == parameter)
                ?? throw new InvalidOperationException($"workflow definition: no parameter --{parameter}");
            words.Add(p.Flag);
            if (value.Length > 0) words.Add(value);
        }
        return string.Join(' ', words);
    }

    /// <summary>The given parameters whose value in force differs from their default, as (name, value) with the value
    /// as typed on a command line: for advice that must repeat what the user chose (--environment prod).</summary>
    public static IReadOnlyList<(string Parameter, string Value)> InForce(params string[] parameters)
    {
        var model = Session.Current.Model!;
        var result = new List<(string, string)>();
        foreach (var name in parameters)
        {
            var p = model.Parameters.FirstOrDefault(x => x.Name == name) ?? throw new InvalidOperationException($"no parameter --{name}");
            var value = Parameters.ValueParser.Format(p.Get(model.Instance));
            if (!p.IsSecret && value != Parameters.ValueParser.Format(model.DefaultValues[p.Name])) result.Add((name, value));
        }
        return result;
    }

    /// <summary>A choice input whose options are exactly the values the parameter accepts (every enum value, and "all" where
    /// allowed).</summary>
    public static Input Choice(string parameter, string description, string? defaultValue = null)
    {
        var p = Session.Current.Model!.Parameters.FirstOrDefault(x => x.Name == parameter)
            ?? throw new InvalidOperationException($"workflow definition: no parameter --{parameter}");
        if (p.AllowedValues.Count == 0) throw new InvalidOperationException($"workflow definition: --{parameter} has no fixed values for " +
            $"a choice input");
        return new Input(parameter, description, InputType.Choice) { Required = true, Default = defaultValue, Options = p.AllowedValues };
    }

    /// <summary>A parameter's default value as typed on a command line: what a workflow falls back to when a scheduled or
    /// push run has no inputs.</summary>
    public static string Default(string parameter)
    {
        var model = Session.Current.Model!;
        if (model.Parameters.All(x => x.Name != parameter))
            throw new InvalidOperationException($"workflow definition: no parameter --{parameter}");
        return Parameters.ValueParser.Format(model.DefaultValues[parameter]);
    }

    /// <summary>The environment variable the build reads a parameter from (TRINITY_CLOUD for --cloud).</summary>
    public static string Variable(string parameter) =>
        (Session.Current.Model!.Parameters.FirstOrDefault(x => x.Name == parameter)
            ?? throw new InvalidOperationException($"workflow definition: no parameter --{parameter}")).EnvironmentVariable;

    /// <summary>The values of an enum parameter without "all" (a matrix axis).</summary>
    public static IReadOnlyList<string> Values(string parameter) =>
        [.. (Session.Current.Model!.Parameters.FirstOrDefault(x => x.Name == parameter)?.AllowedValues ?? []).Where(v => v != "all")];
}
