using System.Linq.Expressions;
using System.Reflection;
using Engine.Parameters;

namespace Engine;

/// <summary>A build class read by reflection: its targets (Target properties), its parameters and its defaults.</summary>
internal sealed class BuildModel
{
    public required BuildBase Instance { get; init; }
    public required IReadOnlyList<TargetDefinition> Targets { get; init; }
    public required IReadOnlyList<ParameterModel> Parameters { get; init; }
    public required IReadOnlyList<string> Defaults { get; init; }

    /// <summary>Each parameter's value before binding: the member's own default, shown by --help and the schema.</summary>
    public required IReadOnlyDictionary<string, object?> DefaultValues { get; init; }

    public static BuildModel Create<T>(IEnumerable<Expression<Func<T, Target>>> defaults) where T : BuildBase, new()
    {
        var instance = new T();
        var parameters = ParameterModel.Discover(typeof(T), instance.EnvironmentPrefix);
        var properties = typeof(T).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Target))
            .OrderBy(p => p.MetadataToken)
            .ToList();

        // A target is known by its lambda's method: every read of the property yields a delegate to the same one.
        var delegates = properties.ToDictionary(p => p.Name, p => (Target)p.GetValue(instance)!);
        var byMethod = delegates.ToDictionary(d => d.Value.Method, d => d.Key);
        string NameOf(Target t) => byMethod.TryGetValue(t.Method, out var n) ? n
            : throw new InvalidOperationException($"{t.Method.Name} is not a target property of {typeof(T).Name}");

        var targets = properties.Select((p, i) =>
        {
            var definition = new TargetDefinition { Name = p.Name, Order = i };
            delegates[p.Name](definition);
            return definition;
        }).ToList();
        foreach (var t in targets) t.ResolveEdges(NameOf);

        return new BuildModel
        {
            Instance = instance,
            Targets = targets,
            Parameters = parameters,
            Defaults = [.. defaults.Select(d => ((MemberExpression)d.Body).Member.Name)],
            DefaultValues = parameters.ToDictionary(p => p.Name, p => p.Get(instance)),
        };
    }
}
