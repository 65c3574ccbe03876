using Fakes.Clouds;

namespace Build.Tests.SecretBackends;

/// <summary>GCP Secret Manager through the real gcloud against a local Secret Manager (versions with states).</summary>
public sealed class GcpBackendTests
{
    const string Demo = "trinity-dev-gcp-secrets-demo";

    [Fact]
    public async Task Apply_creates_and_a_disabled_newest_version_gets_an_enabled_one()
    {
        await using var fake = await FakeSecretManager.StartAsync("trinity-platform-dev",
            cancellationToken: TestContext.Current.CancellationToken);
        var infra = BackendRun.Infra(fake.Environment);
        var first = await infra.RunAsync("SecretBackendsApply", "--cloud", "gcp");
        first.ExitCode.ShouldBe(0, first.All);
        foreach (var name in BackendRun.Names("gcp")) BackendRun.Action(infra, "gcp", name).ShouldBe("created");
        fake.FindSecret(Demo)!.Latest!.Text.ShouldBe("hello-from-gcp");

        // "latest" is the newest version whatever its state: disabled, every reader fails.
        fake.SetVersionState(Demo, 1, SecretVersionState.Disabled);
        var second = await infra.RunAsync("SecretBackendsApply", "--cloud", "gcp");
        second.ExitCode.ShouldBe(0, second.All);
        BackendRun.Found(infra, "gcp", Demo).ShouldBe("newest version 1 DISABLED");
        BackendRun.Action(infra, "gcp", Demo).ShouldBe("new enabled version added");
        BackendRun.Action(infra, "gcp", "trinity-dev-gcp-grafana-cloud-remote-write-url").ShouldBe("unchanged");
        fake.FindSecret(Demo)!.Latest!.State.ShouldBe(SecretVersionState.Enabled);
        fake.FindSecret(Demo)!.Versions.Count.ShouldBe(2);
        (first.All + second.All).ShouldNotContain(FakeInfra.ConfigCanary);
    }

    [Fact]
    public async Task Delete_disables_every_version_and_purge_deletes_the_secrets()
    {
        await using var fake = await FakeSecretManager.StartAsync("trinity-platform-dev",
            cancellationToken: TestContext.Current.CancellationToken);
        foreach (var name in BackendRun.Names("gcp")) { fake.CreateSecret(name); fake.AddVersion(name, "old"); fake.AddVersion(name,
            "current"); }
        var infra = BackendRun.Infra(fake.Environment);

        var delete = await infra.RunAsync("SecretBackendsDelete", "--cloud", "gcp", "--confirm", "trinity-dev-gcp");
        delete.ExitCode.ShouldBe(0, delete.All);
        BackendRun.Action(infra, "gcp", Demo).ShouldBe("every version disabled (recoverable)");
        fake.FindSecret(Demo)!.Versions.ShouldAllBe(v => v.State == SecretVersionState.Disabled);

        var purge = await infra.RunAsync("SecretBackendsDelete", "--cloud", "gcp", "--confirm", "trinity-dev-gcp", "--purge",
            "--confirm-purge", "trinity-dev-gcp");
        purge.ExitCode.ShouldBe(0, purge.All);
        fake.Secrets.ShouldBeEmpty();
    }
}
