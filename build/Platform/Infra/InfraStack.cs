using Engine;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>One cloud's Pulumi stack, stack &lt;environment&gt;: the cluster stack (project trinity-&lt;cloud&gt; in
/// infra/pulumi/&lt;cloud&gt;) or the foundation (trinity-foundation-&lt;cloud&gt; in infra/pulumi/foundation-&lt;cloud&gt;),
/// which outlives clusters and which the cluster stack references. Per-cloud project names keep the stacks apart in one
/// backend (a stack name is unique per project).</summary>
public sealed record InfraStack(PlatformNames Names, bool IsFoundation = false)
{
    /// <summary>The foundation of the cloud and environment <paramref name="names"/> name.</summary>
    public static InfraStack Foundation(PlatformNames names) => new(names, IsFoundation: true);

    public string DisplayDirectory => IsFoundation ? $"infra/pulumi/foundation-{Names.CloudName}" : $"infra/pulumi/{Names.CloudName}";

    /// <summary>project/stack, as pulumi names it.</summary>
    public string DisplayName => $"{(IsFoundation ? "trinity-foundation-" : "trinity-")}{Names.CloudName}/{Names.Environment}";

    /// <summary>The committed stack config file, Pulumi.&lt;environment&gt;.yaml, relative to the root.</summary>
    public string ConfigFile => $"{DisplayDirectory}/Pulumi.{Names.Environment}.yaml";

    public string Directory => Path.Combine(Session.Current.Root, DisplayDirectory);

    public Pulumi Pulumi => new(Directory, Names.Environment);

    /// <summary>The root Application's kustomization in Git, which the stack applies.</summary>
    public string RootsDirectory => Naming.EnvironmentFiles.RootFolder(Names);

    /// <summary>Where the Kubeconfig target writes the cluster's credentials: at the root, gitignored, mode 0600.</summary>
    public string KubeconfigFile => Path.Combine(Session.Current.Root, Names.KubeconfigFileName);
}
