using System.Reflection;
using Engine.Text;

namespace Engine.Parameters;

/// <summary>The named values of a parameter type with a closed set: an enum (members in declaration order, kebab
/// case) or an <see cref="IChoice{TSelf}"/> (its All, by Name).</summary>
internal static class Choices
{
    public static bool Apply(Type type) => type.IsEnum || typeof(IChoice).IsAssignableFrom(type);

    public static IReadOnlyList<(string Name, object Value)> Of(Type type)
    {
        if (type.IsEnum) return [.. Enum.GetValues(type).Cast<object>().Select(v => (Names.Kebab(v.ToString()!), v))];
        var all = type.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IEnumerable<IChoice>
                  ?? throw new InvalidOperationException($"{type.Name} implements IChoice but has no public static All");
        return [.. all.Select(c => (c.Name, (object)c))];
    }

    /// <summary>How a value of such a type reads: its name.</summary>
    public static string NameOf(object value) => value switch
    {
        IChoice choice => choice.Name,
        Enum e => Names.Kebab(e.ToString()),
        _ => value.ToString() ?? "",
    };
}
