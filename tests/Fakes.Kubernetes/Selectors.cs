using System.Text;
using System.Text.Json.Nodes;

namespace Fakes.Kubernetes;

/// <summary>labelSelector and fieldSelector as the API server parses them (k8s.io/apimachinery pkg/labels and
/// pkg/fields). A selector that does not parse, or a field label the kind does not support, is a 400.</summary>
static class Selectors
{
    public static Func<JsonObject, bool> Compile(ResourceType type, string? labelSelector, string? fieldSelector)
    {
        var labels = string.IsNullOrWhiteSpace(labelSelector) ? [] : ParseLabels(labelSelector);
        var fields = string.IsNullOrWhiteSpace(fieldSelector) ? [] : ParseFields(type, fieldSelector);
        if (labels.Count == 0 && fields.Count == 0) return _ => true;
        return obj =>
        {
            var objectLabels = obj["metadata"]?["labels"] as JsonObject;
            foreach (var requirement in labels)
                if (!requirement(objectLabels)) return false;
            foreach (var (path, op, value) in fields)
                if ((Patches.FieldText(obj, path) == value) != (op == "=")) return false;
            return true;
        };
    }

    // ---- labels ----------------------------------------------------------------------------------------------

    static List<Func<JsonObject?, bool>> ParseLabels(string selector)
    {
        var requirements = new List<Func<JsonObject?, bool>>();
        foreach (var raw in SplitTopLevel(selector))
        {
            var text = raw.Trim();
            if (text.Length == 0) throw ApiError.BadRequest($"unable to parse requirement: found '', expected: identifier in " +
                $"\"{selector}\"");
            requirements.Add(ParseRequirement(text, selector));
        }
        return requirements;
    }

    static Func<JsonObject?, bool> ParseRequirement(string text, string selector)
    {
        static string? Value(JsonObject? labels, string key) => labels?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        if (text.StartsWith('!'))
        {
            var key = Key(text[1..].Trim(), selector);
            return labels => Value(labels, key) is null;
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at < 0) continue;
            var key = Key(text[..at].Trim(), selector);
            var value = text[(at + op.Length)..].Trim();
            CheckValue(value, selector);
            return op == "!=" ? labels => Value(labels, key) != value : labels => Value(labels, key) == value;
        }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && text.EndsWith(')'))
        {
            var head = text[..open].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length == 2 && head[1] is "in" or "notin")
            {
                var key = Key(head[0], selector);
                var values = text[(open + 1)..^1].Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                foreach (var v in values) CheckValue(v, selector);
                return head[1] == "in"
                    ? labels => Value(labels, key) is { } v && values.Contains(v)
                    : labels => Value(labels, key) is not { } v || !values.Contains(v);
            }
        }
        if (text.Contains(' ', StringComparison.Ordinal) || text.Contains('<', StringComparison.Ordinal)
            || text.Contains('>', StringComparison.Ordinal))
            throw ApiError.BadRequest($"unable to parse requirement: {text} in \"{selector}\" (the fake supports =, ==, !=, in, notin, " +
                $"exists and !exists)");
        var exists = Key(text, selector);
        return labels => Value(labels, exists) is not null;
    }

    static string Key(string key, string selector)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
            throw ApiError.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in \"{selector}\"");
        return key;
    }

    static void CheckValue(string value, string selector)
    {
        if (value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw ApiError.BadRequest($"unable to parse requirement: invalid label value: \"{value}\" in \"{selector}\"");
    }

    /// <summary>Splits on commas outside parentheses (<c>a in (x,y),b=c</c>).</summary>
    static List<string> SplitTopLevel(string selector)
    {
        var parts = new List<string>();
        var depth = 0;
        var current = new StringBuilder();
        foreach (var c in selector)
        {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }

    // ---- fields ----------------------------------------------------------------------------------------------

    /// <summary>Requirements as (dotted path, "=" or "!=", value). A backslash escapes a comma or an equals sign in a
    /// value, as fields.ParseSelector allows.</summary>
    static List<(string Path, string Op, string Value)> ParseFields(ResourceType type, string selector)
    {
        var result = new List<(string, string, string)>();
        foreach (var term in SplitEscaped(selector))
        {
            var (label, op, value) = IndexOfUnescaped(term, "!=") is var ne and >= 0 ? (term[..ne], "!=", term[(ne + 2)..])
                : IndexOfUnescaped(term, "==") is var eq2 and >= 0 ? (term[..eq2], "=", term[(eq2 + 2)..])
                : IndexOfUnescaped(term, "=") is var eq and >= 0 ? (term[..eq], "=", term[(eq + 1)..])
                : throw ApiError.BadRequest($"invalid selector: '{selector}'; can't understand '{term}'");
            label = label.Trim();
            var path = label switch
            {
                "metadata.name" or "metadata.namespace" => label,
                _ when type.FieldLabels?.TryGetValue(label, out var mapped) == true => mapped,
                _ => throw ApiError.BadRequest($"field label not supported: {label}"),
            };
            result.Add((path, op, Unescape(value)));
        }
        return result;
    }

    static int IndexOfUnescaped(string text, string op)
    {
        for (var i = 0; i + op.Length <= text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }
            if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0) return i;
        }
        return -1;
    }

    static List<string> SplitEscaped(string selector)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '\\' && i + 1 < selector.Length)
            {
                current.Append(selector[i]).Append(selector[i + 1]);
                i++;
                continue;
            }
            if (selector[i] == ',')
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(selector[i]);
        }
        parts.Add(current.ToString());
        return [.. parts.Where(p => p.Trim().Length > 0)];
    }

    static string Unescape(string value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) i++;
            result.Append(value[i]);
        }
        return result.ToString();
    }
}
