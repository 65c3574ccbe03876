using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Text;

/// <summary>Durations as people type them (90s, 10m, 1h30m) and as the summary prints them (m:ss).</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex Compact();

    public const string Hint = "a duration such as 90s, 10m, 1h30m or 00:10:00";

    public static bool TryParse(string text, out TimeSpan value)
    {
        var t = text.Trim().ToLowerInvariant();
        var m = Compact().Match(t);
        if (t.Length > 0 && m.Success
            && (m.Groups["h"].Success || m.Groups["m"].Success || m.Groups["s"].Success || m.Groups["ms"].Success))
        {
            value = TimeSpan.FromHours(Num("h")) + TimeSpan.FromMinutes(Num("m")) + TimeSpan.FromSeconds(Num("s"))
                + TimeSpan.FromMilliseconds(Num("ms"));
            return true;
        }
        return TimeSpan.TryParseExact(t, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out value);

        int Num(string g) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>10m, 90s → 1m30s, 1h: the form the help and the schema show.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var parts = new List<string>();
        if (value.Hours + value.Days * 24 > 0) parts.Add($"{(int)value.TotalHours}h");
        if (value.Minutes > 0) parts.Add($"{value.Minutes}m");
        if (value.Seconds > 0) parts.Add($"{value.Seconds}s");
        if (value.Milliseconds > 0) parts.Add($"{value.Milliseconds}ms");
        return string.Concat(parts);
    }

    /// <summary>m:ss for the summary table; a run of minutes past the hour still reads as minutes (75:02).</summary>
    public static string Clock(TimeSpan value) =>
        $"{(int)value.TotalMinutes}:{value.Seconds:00}";
}
