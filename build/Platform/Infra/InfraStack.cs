using Engine;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Tools;

namespace Trinity.Build.Platform.Infra;

/// <summary>One cloud's Pulumi stack: project trinity-&lt;cloud&gt; in infra/pulumi/&lt;cloud&gt;, stack &lt;environment&gt;.
/// Per-cloud project names keep the three stacks apart in one backend (a stack name is unique per project).</summary>
public sealed record InfraStack(PlatformNames Names)
{
    public string DisplayDirectory => $"infra/pulumi/{Names.CloudName}";

    public string Directory => Path.Combine(Session.Current.Root, DisplayDirectory);

    public Pulumi Pulumi => new(Directory, Names.Environment);

    /// <summary>The root Application's kustomization in Git, which the stack applies.</summary>
    public string RootsDirectory => $"platform/argocd/roots/{Names.Environment}-{Names.CloudName}";

    /// <summary>Where the Kubeconfig target writes the cluster's credentials: at the root, gitignored, mode 0600.</summary>
    public string KubeconfigFile => Path.Combine(Session.Current.Root, Names.KubeconfigFileName);
}
