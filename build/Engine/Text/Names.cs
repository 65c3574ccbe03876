using System.Text;

namespace Engine.Text;

/// <summary>The spellings one name takes on the command line, in the environment and in JSON files.</summary>
public static class Names
{
    /// <summary>WaveTimeout → wave-timeout; HTTPServer → http-server. A member that wants another spelling
    /// (GitHubToken → github-token) says so with <c>[Parameter(Name = ...)]</c>.</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-' or ' ')
            {
                if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
                continue;
            }
            if (char.IsUpper(c) && i > 0 && sb.Length > 0 && sb[^1] != '-')
            {
                var prev = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(prev) || char.IsDigit(prev) || (char.IsUpper(prev) && nextIsLower)) sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString().Trim('-');
    }

    /// <summary>wave-timeout → WAVE_TIMEOUT.</summary>
    public static string EnvironmentVariable(string kebab) => kebab.Replace('-', '_').ToUpperInvariant();

    /// <summary>Comparison key that ignores case and dashes, as the command line promises ("wait-for-sync" = "WaitForSync").</summary>
    public static string Key(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
}
