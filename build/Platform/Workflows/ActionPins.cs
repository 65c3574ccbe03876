using System.Text.RegularExpressions;
using Engine.Workflows;

namespace Trinity.Build.Platform.Workflows;

/// <summary>Every action the generated workflows use, in one table: the current release of each, on Node 24 (its
/// action.yml says `using: node24`; runners removed Node 20 on 2026-09-16), pinned to the commit its tag pointed at
/// when read from the action's own repository (`git rev-parse vX.Y.Z^{commit}`). A tag can be moved, a commit cannot;
/// the version stands beside it as a comment. Bump a row by reading both again there.</summary>
public static partial class ActionPins
{
    /// <summary>Where the table lives, for the line that tells a reviewer of a Dependabot bump what to change.</summary>
    public const string Source = "build/Platform/Workflows/ActionPins.cs";

    public sealed record Pin(string Action, string Version, string Commit)
    {
        /// <summary>A step that runs this action at its pinned commit.</summary>
        public Step Step(string name) => new(name) { Uses = $"{Action}@{Commit}", UsesVersion = Version };
    }

    public static Pin Checkout { get; } = new("actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1");
    public static Pin SetupDotnet { get; } = new("actions/setup-dotnet", "v6.0.0", "a98b56852c35b8e3190ac28c8c2271da59106c68");
    public static Pin SetupNode { get; } = new("actions/setup-node", "v7.0.0", "820762786026740c76f36085b0efc47a31fe5020");
    public static Pin Cache { get; } = new("actions/cache", "v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae");
    public static Pin UploadArtifact { get; } = new("actions/upload-artifact", "v7.0.0", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f");
    public static Pin Pulumi { get; } = new("pulumi/actions", "v7.0.0", "8e5e406f4007fca908480587cb9893c07090f58d");
    public static Pin AwsCredentials { get; } =
        new("aws-actions/configure-aws-credentials", "v6.2.3", "e6de054238d6b7531b4efff3b6587d9aade6a06c");
    public static Pin GoogleAuth { get; } = new("google-github-actions/auth", "v3.0.0", "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093");
    public static Pin SetupGcloud { get; } =
        new("google-github-actions/setup-gcloud", "v3.0.1", "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db");
    public static Pin AzureLogin { get; } = new("azure/login", "v3.0.1", "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca");

    public static IReadOnlyList<Pin> All { get; } =
        [Checkout, SetupDotnet, SetupNode, Cache, UploadArtifact, Pulumi, AwsCredentials, GoogleAuth, SetupGcloud, AzureLogin];

    [GeneratedRegex(@"uses: (?<action>[\w.-]+/[\w.-]+)@(?<commit>[0-9a-f]{40})(?: # (?<version>\S+))?")]
    private static partial Regex PinnedUse();

    /// <summary>Pins in a committed file that differ from the table: what a Dependabot pull request for github-actions
    /// does (it edits the generated file, not the table). One line per action naming the row to copy it into.</summary>
    public static IEnumerable<string> Bumps(string path, string committed) =>
        PinnedUse().Matches(committed)
            .Select(m => (Action: m.Groups["action"].Value, Commit: m.Groups["commit"].Value, Version: m.Groups["version"].Value))
            .Distinct()
            .Select(use => (use, pin: All.FirstOrDefault(p => p.Action == use.Action)))
            .Where(x => x.pin is not null && x.pin.Commit != x.use.Commit)
            .Select(x => $"{path}: {x.use.Action} is at {x.use.Commit} ({Or(x.use.Version)}) there and at {x.pin!.Commit} " +
                $"({x.pin.Version}) in {Source}; if this is a Dependabot bump, put its commit and version into that row " +
                "and regenerate");

    static string Or(string version) => version.Length > 0 ? version : "no version comment";
}
