using System.Text;
using System.Text.Json;

namespace Engine.Output;

/// <summary>The one place that knows secret values. Everything the engine writes — console, tool output, exception
/// messages, the summary, the step summary, reports — passes through <see cref="Mask"/>.</summary>
public sealed class Masker
{
    public const string Replacement = "***";

    readonly Lock _gate = new();
    string[] _values = [];

    /// <summary>Raised once per new value form, so GitHub Actions can be told with <c>::add-mask::</c>.</summary>
    public event Action<string>? Registered;

    public void Register(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) return;
        foreach (var form in Forms(secret))
        {
            bool added;
            lock (_gate)
            {
                added = !_values.Contains(form, StringComparer.Ordinal);
                // Longest first, so a value that contains another is replaced whole.
                if (added) _values = [.. _values.Append(form).OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal)];
            }
            if (added) Registered?.Invoke(form);
        }
    }

    public string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var values = _values;
        foreach (var value in values)
            if (text.Contains(value, StringComparison.Ordinal)) text = text.Replace(value, Replacement, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The value, each line of a multi-line value (output is masked line by line), and the encodings a
    /// value commonly leaks in: JSON-escaped, base64, URL-escaped. A line that only opens a block (a YAML key whose value
    /// follows on the next lines) holds nothing secret: masking it would blank that word wherever it is printed.</summary>
    static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        var lines = secret.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > 1)
            foreach (var line in lines.Where(l => l.Length >= 4 && !l.EndsWith(':'))) yield return line;
        if (secret.Length < 8) yield break;
        var json = JsonSerializer.Serialize(secret)[1..^1];
        if (json != secret) yield return json;
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var url = Uri.EscapeDataString(secret);
        if (url != secret) yield return url;
    }
}
