using System.Globalization;
using Engine.Text;

namespace Engine.Parameters;

/// <summary>Turns the words a user gave into the member's typed value, or says in one phrase what is wrong.</summary>
internal static class ValueParser
{
    public static bool TryParse(ParameterModel p, IReadOnlyList<string> words, out object? value, out string error)
    {
        value = null;
        error = "";
        if (!p.IsArray)
        {
            if (words.Count == 0)
            {
                if (p.Kind == ParameterKind.Bool) { value = true; return true; }
                error = "a value is required" + Expectation(p);
                return false;
            }
            if (words.Count > 1)
            {
                error = $"takes one value, got {words.Count}";
                return false;
            }
            return TryParseOne(p, words[0], out value, out error);
        }

        var items = new List<object>();
        foreach (var word in words)
        {
            if (p.AllowAll && Names.Key(word) == "all")
            {
                items.AddRange(Choices.Of(p.ElementType).Select(c => c.Value));
                continue;
            }
            if (!TryParseOne(p, word, out var item, out error)) return false;
            items.Add(item!);
        }
        // Choice lists read the same however they were typed: declaration order, no repeats.
        var distinct = items.Distinct().ToArray();
        if (p.Kind == ParameterKind.Choice)
        {
            var order = Choices.Of(p.ElementType).Select(c => c.Value).ToList();
            distinct = [.. distinct.OrderBy(order.IndexOf)];
        }
        var array = Array.CreateInstance(p.ElementType, distinct.Length);
        for (var i = 0; i < distinct.Length; i++) array.SetValue(distinct[i], i);
        value = array;
        return true;
    }

    static bool TryParseOne(ParameterModel p, string word, out object? value, out string error)
    {
        value = null;
        error = "";
        var shown = p.IsSecret ? "the value" : $"'{word}'";
        switch (p.Kind)
        {
            case ParameterKind.Bool:
                if (bool.TryParse(word, out var b)) { value = b; return true; }
                if (word is "1" or "0") { value = word == "1"; return true; }
                error = $"{shown} is not true or false";
                return false;
            case ParameterKind.Int:
                if (int.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) { value = i; return true; }
                error = $"{shown} is not a whole number";
                return false;
            case ParameterKind.Duration:
                if (Durations.TryParse(word, out var d)) { value = d; return true; }
                error = $"{shown} is not {Durations.Hint}";
                return false;
            case ParameterKind.Choice:
                var match = Choices.Of(p.ElementType).FirstOrDefault(c => Names.Key(c.Name) == Names.Key(word));
                if (match.Value is not null) { value = match.Value; return true; }
                error = $"{shown} is not one of {string.Join(", ", p.AllowedValues)}";
                return false;
            default:
                if (p.Pattern is not null && !p.Pattern.IsMatch(word))
                {
                    error = $"{shown} is not {p.PatternHint ?? "matching " + p.Pattern}";
                    return false;
                }
                value = word;
                return true;
        }
    }

    static string Expectation(ParameterModel p) => p.Kind switch
    {
        ParameterKind.Choice => $" ({string.Join(", ", p.AllowedValues)})",
        ParameterKind.Duration => $" ({Durations.Hint})",
        ParameterKind.Int => " (a whole number)",
        _ when p.PatternHint is not null => $" ({p.PatternHint})",
        _ => "",
    };

    /// <summary>How a value reads in --help, --plan and the schema: enums in kebab case, durations as 10m.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        TimeSpan t => Durations.Format(t),
        Enum or IChoice => Choices.NameOf(value),
        Array a => string.Join(" ", a.Cast<object>().Select(Format)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        Array a => a.Length == 0,
        _ => false,
    };
}
