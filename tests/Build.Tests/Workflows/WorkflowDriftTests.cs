namespace Build.Tests.Workflows;

/// <summary>Drift on a copy: a hand edit, a workflow no longer defined, and what actionlint catches.</summary>
public sealed class WorkflowDriftTests
{
    static string Copy()
    {
        var source = Harness.RepositoryRoot();
        var root = Harness.TempRoot();
        foreach (var file in Directory.GetFiles(Path.Combine(source, ".nuke"), "*.json")) File.Copy(file,
            Path.Combine(root, ".nuke", Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(root, ".github", "workflows"));
        foreach (var file in Directory.GetFiles(Path.Combine(source, ".github", "workflows"))) File.Copy(file,
            Path.Combine(root, ".github", "workflows", Path.GetFileName(file)));
        File.Copy(Path.Combine(source, ".github", "dependabot.yml"), Path.Combine(root, ".github", "dependabot.yml"));
        // The environment choices come from the declarations.
        var environments = Directory.CreateDirectory(Path.Combine(root, "platform", "environments")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(source, "platform", "environments")))
            File.Copy(file, Path.Combine(environments, Path.GetFileName(file)));
        var tools = Directory.CreateDirectory(Path.Combine(root, "tools", "node")).FullName;
        foreach (var file in new[] { "package.json", "package-lock.json" }) File.Copy(Path.Combine(source, "tools", "node", file),
            Path.Combine(tools, file));
        Directory.CreateSymbolicLink(Path.Combine(tools, "node_modules"), Path.Combine(source, "tools", "node", "node_modules"));
        return root;
    }

    static Task<Harness.Result> Run(string root, params string[] args) =>
        Harness.Run<Trinity.Build.Build>([.. args, "--skip", "ToolDependencies"],
            new() { Root = root, Default = Trinity.Build.Build.DefaultTarget });

    [Fact]
    public async Task A_hand_edited_workflow_fails_with_the_diff_and_the_command_that_regenerates_it()
    {
        var root = Copy();
        var deploy = Path.Combine(root, ".github", "workflows", "deploy.yml");
        File.WriteAllText(deploy, File.ReadAllText(deploy).Replace("cancel-in-progress: false", "cancel-in-progress: true"));
        var run = await Run(root, "CheckWorkflows");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain(".github/workflows/deploy.yml differs from its definition:");
        run.Out.ShouldContain("-      cancel-in-progress: true");
        run.Out.ShouldContain("+      cancel-in-progress: false");
        run.Out.ShouldContain("1 workflow files out of step with build/Build.Workflows.cs; run ./build.sh GenerateWorkflows and commit " +
            "the result");

        (await Run(root, "GenerateWorkflows")).ExitCode.ShouldBe(0);
        (await Run(root, "CheckWorkflows")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_Dependabot_bump_of_a_pinned_action_names_the_row_of_the_pin_table_to_change()
    {
        var root = Copy();
        var ci = Path.Combine(root, ".github", "workflows", "ci.yml");
        var pin = Trinity.Build.Platform.Workflows.ActionPins.Checkout;
        const string bumped = "0123456789abcdef0123456789abcdef01234567";
        File.WriteAllText(ci,
            File.ReadAllText(ci).Replace($"{pin.Commit} # {pin.Version}", $"{bumped} # v7.0.2", StringComparison.Ordinal));
        var run = await Run(root, "CheckWorkflows");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain($".github/workflows/ci.yml: actions/checkout is at {bumped} (v7.0.2) there and at {pin.Commit} " +
            $"({pin.Version}) in build/Platform/Workflows/ActionPins.cs; if this is a Dependabot bump, put its commit and version " +
            "into that row and regenerate");
    }

    [Fact]
    public async Task A_hand_edited_dependabot_file_is_drift_and_a_new_environment_becomes_a_choice()
    {
        var root = Copy();
        var dependabot = Path.Combine(root, ".github", "dependabot.yml");
        File.WriteAllText(dependabot,
            File.ReadAllText(dependabot).Replace("interval: weekly", "interval: daily", StringComparison.Ordinal));
        var run = await Run(root, "CheckWorkflows");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain(".github/dependabot.yml differs from its definition:");

        // A new environment's declaration: after regeneration every dispatch offers it, and nothing else changed by hand.
        File.WriteAllText(Path.Combine(root, "platform", "environments", "prod.yaml"), "revision: 3f2c1a9\nclouds: [gcp]\n");
        (await Run(root, "GenerateWorkflows")).ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(root, ".github", "workflows", "deploy.yml")).ShouldContain("          - dev\n          - prod\n");
        (await Run(root, "CheckWorkflows")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_generated_workflow_no_longer_defined_is_drift_and_regeneration_deletes_it()
    {
        var root = Copy();
        var old = Path.Combine(root, ".github", "workflows", "nightly.yml");
        File.WriteAllText(old,
            "# Generated by ./build.sh GenerateWorkflows from build/Build.Workflows.cs: do not edit.\nname: Nightly\non: push\njobs:\n  " +
                "a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n");
        var run = await Run(root, "CheckWorkflows");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain(".github/workflows/nightly.yml is generated but no longer defined");
        var regenerate = await Run(root, "GenerateWorkflows");
        regenerate.Out.ShouldContain("deleted .github/workflows/nightly.yml: generated earlier, no longer defined");
        File.Exists(old).ShouldBeFalse();
    }

    [Fact]
    public async Task Actionlint_findings_fail_the_check()
    {
        var root = Copy();
        File.WriteAllText(Path.Combine(root, ".github", "workflows", "hand-made.yml"),
            "name: Hand made\non: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ " +
                "github.event.issue.title }}\n");
        var run = await Run(root, "CheckWorkflows");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("hand-made.yml:7:");
        run.Out.ShouldContain("\"github.event.issue.title\" is potentially untrusted");
        run.Out.ShouldContain("actionlint: 1 findings in .github/workflows");
    }
}
