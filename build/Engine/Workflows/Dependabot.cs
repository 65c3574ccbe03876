using YamlDotNet.RepresentationModel;

namespace Engine.Workflows;

/// <summary>.github/dependabot.yml, typed: one entry per package ecosystem with the folders that hold its manifests.
/// Minor and patch updates of an ecosystem arrive as one grouped pull request a week; majors one by one, so a
/// breaking release is reviewed on its own. (docs.github.com, "Dependabot options reference".)</summary>
public sealed record Dependabot(IReadOnlyList<DependabotUpdate> Updates)
{
    public const string File = ".github/dependabot.yml";

    public string Write(string header)
    {
        var updates = new YamlSequenceNode();
        foreach (var update in Updates)
        {
            var node = new YamlMappingNode { { "package-ecosystem", update.Ecosystem } };
            if (update.Directories.Count == 1) node.Add("directory", update.Directories[0]);
            else node.Add("directories", new YamlSequenceNode([.. update.Directories.Select(d => (YamlNode)new YamlScalarNode(d))]));
            node.Add("schedule", new YamlMappingNode { { "interval", update.Interval } });
            node.Add("groups", new YamlMappingNode
            {
                {
                    $"{update.Ecosystem}-minor-and-patch", new YamlMappingNode
                    {
                        { "patterns", new YamlSequenceNode(new YamlScalarNode("*") { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted }) },
                        { "update-types", new YamlSequenceNode(new YamlScalarNode("minor"), new YamlScalarNode("patch")) },
                    }
                },
            });
            updates.Add(node);
        }
        var root = new YamlMappingNode
        {
            { "version", new YamlScalarNode("2") { Style = YamlDotNet.Core.ScalarStyle.Plain } },
            { "updates", updates },
        };
        return WorkflowWriter.Document(root, header);
    }
}

/// <summary>One ecosystem (github-actions, npm, nuget) and the folders, from the repository root, Dependabot looks in.</summary>
public sealed record DependabotUpdate(string Ecosystem, IReadOnlyList<string> Directories)
{
    public string Interval { get; init; } = "weekly";
}
