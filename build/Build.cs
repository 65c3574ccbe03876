using System.Linq.Expressions;
using Engine;
using Engine.Processes;
using Engine.Workflows;
using Trinity.Build.Platform.Advice;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build;

/// <summary>trinity delivery: one build for the three clusters. Each leg of the delivery lives in its own partial
/// file (Build.Verify.cs, Build.Test.cs, …); the logic they call lives in Platform/.</summary>
public sealed partial class Build : BuildBase
{
    /// <summary>What <c>./build.sh</c> runs when no target is named: the offline verification.</summary>
    public static readonly Expression<Func<Build, Target>> DefaultTarget = x => x.Verify;

    public static Task<int> Main(string[] args) => BuildRunner.ExecuteAsync(args, DefaultTarget);

    public override string Title => "trinity delivery — the build that delivers the platform to AWS, GCP and Azure";

    /// <summary>TRINITY_CLOUD, TRINITY_ENVIRONMENT, …: a machine's own CLOUD or ENVIRONMENT never reaches the build.</summary>
    public override string EnvironmentPrefix => "TRINITY_";

    [Parameter("Clouds to act on; 'all' means aws, gcp and azure.", Name = "cloud", AllowAll = true)]
    public Cloud[] Clouds { get; set; } = [];

    [Parameter("Every name derives from it: trinity-<environment>-<cloud>.", Name = "environment",
        Pattern = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?", PatternHint = "a lowercase DNS label (a-z, 0-9, '-'; starts with a letter)")]
    public string EnvironmentName { get; set; } = "dev";

    PlatformNames Names(Cloud cloud) => new(EnvironmentName, cloud);

    InfraStack Stack(Cloud cloud) => new(Names(cloud));

    InfraStack Foundation(Cloud cloud) => InfraStack.Foundation(Names(cloud));

    static string? Blank(string value) => value.Length == 0 ? null : value;

    /// <summary>What advice names: these targets, with the cloud and whatever the user chose that changes their
    /// meaning (--environment; --kubeconfig for the cluster leg), so a remedy runs as the user's own command did.</summary>
    Remedies Remedies => RemediesFor(null);

    /// <summary>Advice about <paramref name="environment"/> when it is not the --environment in force (Promote reads the
    /// clusters of --from).</summary>
    Remedies RemediesFor(string? environment) => new(
        new RemedyTargets(nameof(Up), nameof(Kubeconfig), nameof(WaitForSync), nameof(SecretBackendsApply), nameof(Verify),
            nameof(Bootstrap), nameof(AddEnvironment)),
        (target, cloud) => BuildCommands.Run([target],
        [
            .. cloud is null ? [] : new[] { ("cloud", cloud.Name) },
            .. environment is null ? [] : new[] { ("environment", environment) },
            .. BuildCommands.InForce(target == nameof(WaitForSync) ? ["environment", "kubeconfig"] : ["environment"])
                .Where(p => environment is null || p.Parameter != "environment")
                .Select(p => (p.Parameter, CommandText.Quote(p.Value))),
        ]),
        KubeconfigShown);
}
