using System.Text.Json.Nodes;
using Fakes.Clouds;

namespace Build.Tests.SecretBackends;

public sealed class MotoFixture : IAsyncLifetime
{
    public MotoServer Moto { get; private set; } = null!;
    public async ValueTask InitializeAsync() => Moto = await MotoServer.StartAsync();
    public ValueTask DisposeAsync() => Moto.DisposeAsync();
}

/// <summary>AWS Secrets Manager through the real aws CLI against moto_server on 127.0.0.1.</summary>
public sealed class AwsBackendTests(MotoFixture fixture) : IClassFixture<MotoFixture>
{
    async Task<FakeInfra> Fresh()
    {
        await fixture.Moto.ResetAsync(TestContext.Current.CancellationToken);
        return BackendRun.Infra(fixture.Moto.Environment);
    }

    async Task<JsonArray> ListAsync()
    {
        var psi = new System.Diagnostics.ProcessStartInfo("aws",
            ["secretsmanager", "list-secrets", "--include-planned-deletion", "--region", "us-east-1", "--output",
                "json"]) { RedirectStandardOutput = true };
        foreach (var (k, v) in fixture.Moto.Environment) if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(psi)!;
        var text = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return JsonNode.Parse(text)!["SecretList"]!.AsArray();
    }

    [Fact]
    public async Task Apply_creates_then_changes_nothing_then_updates_only_what_differs()
    {
        var infra = await Fresh();
        var first = await infra.RunAsync("SecretBackendsApply", "--cloud", "aws");
        first.ExitCode.ShouldBe(0, first.All);
        foreach (var name in BackendRun.Names("aws")) BackendRun.Action(infra, "aws", name).ShouldBe("created");
        (await ListAsync()).Count.ShouldBe(4);

        var second = await infra.RunAsync("SecretBackendsApply", "--cloud", "aws");
        second.ExitCode.ShouldBe(0, second.All);
        foreach (var name in BackendRun.Names("aws")) BackendRun.Action(infra, "aws", name).ShouldBe("unchanged");
        second.Out.ShouldNotContain("create-secret");
        second.Out.ShouldNotContain("put-secret-value");
        second.Out.ShouldMatch(@"(?m)^\s+└─ aws\s+Succeeded\s+\S+\s+nothing changed");

        infra.Config["aws"]["trinity:secretsDemoValue"] = FakeInfra.Entry("hello-again-from-aws", secret: true);
        var third = await infra.RunAsync("SecretBackendsApply", "--cloud", "aws");
        BackendRun.Action(infra, "aws", "trinity-dev-aws-secrets-demo").ShouldBe("updated");
        BackendRun.Action(infra, "aws", "trinity-dev-aws-grafana-cloud-remote-write-url").ShouldBe("unchanged");
        foreach (var run in new[] { first, second, third }) run.All.ShouldNotContain(FakeInfra.ConfigCanary);
    }

    [Fact]
    public async Task Delete_schedules_with_the_window_and_apply_restores()
    {
        var infra = await Fresh();
        (await infra.RunAsync("SecretBackendsApply", "--cloud", "aws")).ExitCode.ShouldBe(0);
        var delete = await infra.RunAsync("SecretBackendsDelete", "--cloud", "aws", "--confirm", "trinity-dev-aws", "--recovery-window",
            "7");
        delete.ExitCode.ShouldBe(0, delete.All);
        delete.Out.ShouldContain("deleting (recoverably) from Secrets Manager us-east-1: trinity-dev-aws-secrets-demo, ");
        BackendRun.Action(infra, "aws", "trinity-dev-aws-secrets-demo")
            .ShouldBe("scheduled for deletion in 7 days (restorable until then)");
        (await ListAsync()).ShouldAllBe(s => s!["DeletedDate"] != null);

        var apply = await infra.RunAsync("SecretBackendsApply", "--cloud", "aws");
        apply.ExitCode.ShouldBe(0, apply.All);
        BackendRun.Action(infra, "aws", "trinity-dev-aws-secrets-demo").ShouldBe("restored, value unchanged");
        BackendRun.Found(infra, "aws", "trinity-dev-aws-secrets-demo").ShouldStartWith("scheduled for deletion (since");
        (await ListAsync()).ShouldAllBe(s => s!["DeletedDate"] == null);
    }

    [Fact]
    public async Task Purge_removes_for_good_only_with_both_confirmations()
    {
        var infra = await Fresh();
        (await infra.RunAsync("SecretBackendsApply", "--cloud", "aws")).ExitCode.ShouldBe(0);

        var refused = await infra.RunAsync("SecretBackendsDelete", "--cloud", "aws", "--confirm", "trinity-dev-aws", "--purge");
        refused.ExitCode.ShouldBe(2);
        refused.Error.Trim()
            .ShouldBe("SecretBackendsDelete: --purge is permanent: refusing without --confirm-purge trinity-dev-aws as well (nothing was " +
                "deleted)");
        (await ListAsync()).Count.ShouldBe(4);

        var purge = await infra.RunAsync("SecretBackendsDelete", "--cloud", "aws", "--confirm", "trinity-dev-aws", "--purge",
            "--confirm-purge", "trinity-dev-aws");
        purge.ExitCode.ShouldBe(0, purge.All);
        BackendRun.Action(infra, "aws", "trinity-dev-aws-grafana-cloud-remote-write-url").ShouldBe("purged (permanent)");
        (await ListAsync()).ShouldBeEmpty();
    }

    static readonly (string[] Args, string Expected)[] Refusals =
    [
        (["--cloud", "aws"], "SecretBackendsDelete: refusing without --confirm trinity-dev-aws (nothing was deleted)"),
        (["--cloud", "aws", "--confirm", "trinity-dev-gcp"],
            "SecretBackendsDelete: refusing without --confirm trinity-dev-aws (nothing was deleted)"),
        (["--cloud", "aws", "--confirm", "trinity-dev-aws", "--recovery-window", "45"],
            "SecretBackendsDelete: --recovery-window: 45 is not between 7 and 30 days"),
        (["--cloud", "all", "--confirm", "trinity-dev-aws"],
            "SecretBackendsDelete: deletes one cloud's backend at a time: pass exactly one --cloud"),
    ];

    [Fact]
    public async Task Refusals_are_one_line_exit_2_and_touch_nothing()
    {
        var infra = await Fresh();
        (await infra.RunAsync("SecretBackendsApply", "--cloud", "aws")).ExitCode.ShouldBe(0);
        var calls = infra.Calls.Count;
        foreach (var (args, expected) in Refusals)
        {
            var run = await infra.RunAsync(["SecretBackendsDelete", .. args]);
            run.ExitCode.ShouldBe(2, string.Join(' ', args));
            run.Error.Trim().ShouldBe(expected);
            run.Out.ShouldBeEmpty();
            infra.Calls.Count.ShouldBe(calls, $"not even the config was read ({string.Join(' ', args)})");
        }
        var listed = await ListAsync();
        listed.Count.ShouldBe(4);
        listed.ShouldAllBe(s => s!["DeletedDate"] == null);
    }

    [Fact]
    public async Task A_missing_config_key_names_the_key_and_the_command_and_touches_nothing()
    {
        var infra = await Fresh();
        infra.Config["aws"].Remove("trinity:grafanaCloudPrometheusUsername");
        var run = await infra.RunAsync("SecretBackendsApply", "--cloud", "aws");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("pulumi config for infra/pulumi/aws lacks trinity:grafanaCloudPrometheusUsername");
        run.Out.ShouldContain("→ pulumi -C infra/pulumi/aws config set --stack dev --secret trinity:grafanaCloudPrometheusUsername " +
            "<value>");
        (await ListAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dry_run_reads_the_config_and_the_backend_and_plans_every_change_touching_nothing()
    {
        var infra = await Fresh();
        var run = await infra.RunAsync("SecretBackendsApply", "--cloud", "aws", "--dry-run");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("reading (runs in a dry run too): pulumi config --json --show-secrets --stack dev --non-interactive  (in " +
            "infra/pulumi/aws)");
        run.Out.ShouldContain("reading (runs in a dry run too): aws secretsmanager list-secrets --include-planned-deletion --filters " +
            "Key=name,Values=trinity-dev-aws- --region us-east-1 --output json");
        run.Out.ShouldContain("would run: aws secretsmanager create-secret --name trinity-dev-aws-secrets-demo --secret-string " +
            "file:///dev/stdin --region us-east-1 --output json");
        run.Out.ShouldMatch(@"trinity-dev-aws-secrets-demo\s+absent\s+created \(dry run: not done\)");
        run.Out.ShouldMatch(@"(?m)^\s+└─ aws\s+Succeeded\s+\S+\s+4 would change \(dry run\)");
        infra.Calls.ShouldAllBe(c => c.Argv[0] == "config");
        (await ListAsync()).ShouldBeEmpty();
        run.All.ShouldNotContain(FakeInfra.ConfigCanary);
    }
}
