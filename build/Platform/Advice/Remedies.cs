using Trinity.Build.Platform.Clouds;

namespace Trinity.Build.Platform.Advice;

/// <summary>The targets a remedy may send a user to, named by the build from its own definitions (nameof).</summary>
public sealed record RemedyTargets(string Up, string Kubeconfig, string WaitForSync, string SecretBackendsApply, string Verify,
    string Bootstrap, string AddEnvironment);

/// <summary>The commands advice names, built from the build's definitions and the values in force: a renamed target,
/// another --environment or a given --kubeconfig shows in every remedy, so none goes stale.</summary>
/// <param name="run">The command line of a target for a cloud (null: no --cloud), with the parameters in force.</param>
/// <param name="kubeconfig">The kubeconfig file in force for a cloud, as the user would type it.</param>
public sealed class Remedies(RemedyTargets targets, Func<string, Cloud?, string> run, Func<Cloud, string> kubeconfig)
{
    /// <summary>The target names themselves, for prose that mentions one.</summary>
    public RemedyTargets Targets => targets;

    public string Up(Cloud cloud) => run(targets.Up, cloud);
    public string Kubeconfig(Cloud cloud) => run(targets.Kubeconfig, cloud);
    public string WaitForSync(Cloud cloud) => run(targets.WaitForSync, cloud);
    public string ApplySecrets(Cloud cloud) => run(targets.SecretBackendsApply, cloud);
    public string Verify() => run(targets.Verify, null);
    public string Bootstrap(Cloud cloud) => run(targets.Bootstrap, cloud);
    public string AddEnvironment() => run(targets.AddEnvironment, null);

    /// <summary>kubectl against the cluster the build talked to.</summary>
    public string Kubectl(Cloud cloud) => $"kubectl --kubeconfig {kubeconfig(cloud)}";

    /// <summary>The kubeconfig file in force, for messages.</summary>
    public string KubeconfigFile(Cloud cloud) => kubeconfig(cloud);
}
