using System.Text.RegularExpressions;

namespace Build.Tests;

/// <summary>Gates on the source itself that no compiler rule covers.</summary>
public sealed partial class SourceTests
{
    const int Limit = 140;

    [GeneratedRegex("\"\"\"")]
    private static partial Regex RawQuote();

    /// <summary>Raw string literals are data that must stay byte for byte (JSON bodies, scripts, expected screens):
    /// a line that holds one, or lies inside one, is not measured.</summary>
    [Fact]
    public void Lines_are_at_most_140_characters_outside_raw_string_data()
    {
        var root = Harness.RepositoryRoot();
        var tooLong = new List<string>();
        foreach (var folder in new[] { "build", "tests" })
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => part is "bin" or "obj")) continue;
            var inRaw = false;
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var quotes = RawQuote().Count(line);
                if (!inRaw && quotes == 0 && line.Length > Limit) tooLong.Add($"{relative}:{number} ({line.Length})");
                if (quotes % 2 == 1) inRaw = !inRaw;
            }
        }
        tooLong.ShouldBeEmpty();
    }
}
