namespace Build.Tests.Cluster;

/// <summary>Deploy end to end against the fakes: Preflight → Up → Kubeconfig → WaitForSync → Validate per cloud,
/// clouds side by side, one cloud's failure its own row. Never a secret backend call.</summary>
public sealed class DeployTests
{
    [Fact]
    public async Task Each_cloud_goes_through_the_chain_on_its_own_and_a_failing_cloud_stops_only_itself()
    {
        await using var gcp = await PlatformCluster.StartAsync("gcp");
        var infra = new FakeInfra(fakeClouds: true);
        infra.Outputs["gcp"]["kubeconfig"] = FakeInfra.Entry(gcp.Api.Kubeconfig(), secret: true);
        infra.Environment["FAKE_PULUMI_FAIL"] = "aws:up";

        var run = await infra.RunAsync("Deploy", "--cloud", "aws", "gcp", "--skip", "InfraDependencies");
        run.ExitCode.ShouldBe(1);
        foreach (var target in new[] { "Preflight", "Up", "Kubeconfig", "WaitForSync", "Validate" })
            run.Out.ShouldContain($"━━ {target} · gcp ━━");
        run.Out.ShouldContain("✖ Up · aws failed: pulumi up");
        run.Out.ShouldNotContain("━━ Kubeconfig · aws");
        run.Out.ShouldMatch(@"(?m)^\s+Validate\s+NotRun");
        run.Out.ShouldMatch(@"(?m)^\s+├─ aws\s+NotRun\s+\S+\s+Up \(aws\) did not succeed");
        run.Out.ShouldMatch(@"(?m)^\s+└─ gcp\s+Succeeded\s+\S+\s+9 checks passed");
        run.Out.TrimEnd().Split('\n')[^1].ShouldBe("Build failed: Up (aws).");
        infra.Calls.ShouldNotContain(c => c.Argv.Contains("--show-secrets") && c.Argv[0] == "config",
            "Deploy never reads backend secret values");
    }

    [Fact]
    public async Task The_plan_of_a_deploy_is_the_runbook_s_chain()
    {
        var run = await Harness.Run<Trinity.Build.Build>(["--plan", "Deploy", "--cloud", "gcp"],
            new() { Root = Harness.RepositoryRoot(), Default = Trinity.Build.Build.DefaultTarget });
        run.ExitCode.ShouldBe(0);
        string[] chain = ["Preflight", "Up", "Kubeconfig", "WaitForSync", "Validate", "Deploy"];
        var order = chain.Select(t => run.Out.IndexOf($"── {t} ", StringComparison.Ordinal)).ToList();
        order.ShouldAllBe(i => i >= 0);
        order.ShouldBeInOrder();
    }
}
