using System.Text.RegularExpressions;
using Trinity.Build.Platform.Workflows;

namespace Build.Tests.Workflows;

/// <summary>Every action runs at a full commit SHA from the one pin table, with its release beside it.</summary>
public sealed partial class ActionPinTests
{
    [GeneratedRegex(@"^[0-9a-f]{40}$")] private static partial Regex Sha();
    [GeneratedRegex(@"^v\d+\.\d+\.\d+$")] private static partial Regex Release();
    [GeneratedRegex(@"^\s*(?:- )?uses: (\S+)(.*)$", RegexOptions.Multiline)] private static partial Regex UsesLine();

    [Fact]
    public void Every_pin_is_a_full_commit_sha_with_an_exact_release()
    {
        ActionPins.All.ShouldNotBeEmpty();
        foreach (var pin in ActionPins.All)
        {
            Sha().IsMatch(pin.Commit).ShouldBeTrue($"{pin.Action}: '{pin.Commit}' is not a 40-character commit SHA");
            Release().IsMatch(pin.Version).ShouldBeTrue($"{pin.Action}: '{pin.Version}' is not vX.Y.Z");
        }
        ActionPins.All.Select(p => p.Action).ShouldBeUnique();
    }

    [Fact]
    public void Every_uses_line_of_the_committed_workflows_is_a_pin_with_its_version_comment()
    {
        var pins = ActionPins.All.ToDictionary(p => $"{p.Action}@{p.Commit}", p => p.Version);
        var files = Directory.GetFiles(Path.Combine(Harness.RepositoryRoot(), ".github", "workflows"), "*.yml");
        files.ShouldNotBeEmpty();
        var seen = 0;
        foreach (var file in files)
            foreach (Match line in UsesLine().Matches(File.ReadAllText(file)))
            {
                seen++;
                var uses = line.Groups[1].Value;
                pins.ShouldContainKey(uses, $"{Path.GetFileName(file)}: {uses} is not in ActionPins");
                line.Groups[2].Value.ShouldBe($" # {pins[uses]}", $"{Path.GetFileName(file)}: {uses}");
            }
        seen.ShouldBeGreaterThan(10);
    }
}
