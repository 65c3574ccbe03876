using Fakes.Clouds;

namespace Build.Tests.SecretBackends;

/// <summary>Azure Key Vault through a fake az with Key Vault's semantics (soft delete, recovery in progress, purge
/// protection). The vault is the one the foundation's committed config names (trinity:keyVaultName).</summary>
public sealed class AzureBackendTests
{
    const string Vault = "trinity-dev-x7k2";
    const string Demo = "trinity-dev-azure-secrets-demo";

    static FakeInfra Infra(FakeAz az)
    {
        var infra = BackendRun.Infra(az.Environment);
        infra.Config["foundation-azure"]["trinity:keyVaultName"] = FakeInfra.Entry(Vault);
        return infra;
    }

    [Fact]
    public async Task Apply_recovers_a_soft_deleted_secret_waiting_out_its_recovery()
    {
        using var az = FakeAz.Install().AddVault(Vault);
        az.AddDeletedSecret(Vault, Demo, "hello-from-azure");
        az.RecoveringCalls = 2;
        var infra = Infra(az);

        var run = await infra.RunAsync("SecretBackendsApply", "--cloud", "azure");
        run.ExitCode.ShouldBe(0, run.All);
        BackendRun.Found(infra, "azure", Demo).ShouldBe("soft-deleted (recoverable)");
        BackendRun.Action(infra, "azure", Demo).ShouldBe("recovered, value unchanged");
        BackendRun.Action(infra, "azure", "trinity-dev-azure-grafana-cloud-remote-write-password").ShouldBe("created");
        az.FindSecret(Vault, Demo)!.IsDeleted.ShouldBeFalse();

        var again = await infra.RunAsync("SecretBackendsApply", "--cloud", "azure");
        foreach (var name in BackendRun.Names("azure")) BackendRun.Action(infra, "azure", name).ShouldBe("unchanged");
        (run.All + again.All).ShouldNotContain(FakeInfra.ConfigCanary);
    }

    [Fact]
    public async Task Delete_is_a_soft_delete_and_purge_is_refused_under_purge_protection()
    {
        using var az = FakeAz.Install().AddVault(Vault, purgeProtection: true);
        foreach (var name in BackendRun.Names("azure")) az.SetSecret(Vault, name, "v");
        var infra = Infra(az);

        var refused = await infra.RunAsync("SecretBackendsDelete", "--cloud", "azure", "--confirm", "trinity-dev-azure", "--purge",
            "--confirm-purge", "trinity-dev-azure");
        refused.ExitCode.ShouldBe(1);
        refused.Out.ShouldContain($"Key Vault {Vault} has purge protection on: its secrets cannot be purged, only deleted (they are " +
            $"purged when the retention ends) (nothing was deleted)");
        az.Secrets(Vault).ShouldAllBe(s => !s.IsDeleted);

        var delete = await infra.RunAsync("SecretBackendsDelete", "--cloud", "azure", "--confirm", "trinity-dev-azure");
        delete.ExitCode.ShouldBe(0, delete.All);
        BackendRun.Action(infra, "azure", Demo).ShouldBe("soft-deleted (recoverable)");
        az.Secrets(Vault).ShouldAllBe(s => s.IsDeleted);
    }

    [Fact]
    public async Task Purge_without_protection_deletes_then_purges()
    {
        using var az = FakeAz.Install().AddVault(Vault);
        foreach (var name in BackendRun.Names("azure")) az.SetSecret(Vault, name, "v");
        az.DeletingCalls = 1;
        var infra = Infra(az);
        var purge = await infra.RunAsync("SecretBackendsDelete", "--cloud", "azure", "--confirm", "trinity-dev-azure", "--purge",
            "--confirm-purge", "trinity-dev-azure");
        purge.ExitCode.ShouldBe(0, purge.All);
        az.Secrets(Vault).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_backend_failing_halfway_shows_what_was_done_and_a_rerun_converges()
    {
        using var az = FakeAz.Install().AddVault(Vault);
        // The second catalog entry is disabled in the vault: its value cannot be read to compare.
        var url = "trinity-dev-azure-grafana-cloud-remote-write-url";
        az.SetSecret(Vault, url, "old", enabled: false);
        var infra = Infra(az);

        var failed = await infra.RunAsync("SecretBackendsApply", "--cloud", "azure");
        failed.ExitCode.ShouldBe(1);
        BackendRun.Action(infra, "azure", Demo).ShouldBe("created");
        BackendRun.Action(infra, "azure", url).ShouldStartWith("failed: az keyvault secret show");
        BackendRun.Action(infra, "azure", "trinity-dev-azure-grafana-cloud-remote-write-password").ShouldBe("not attempted");
        failed.Out.ShouldContain("1 backend secret failed, 2 not attempted; run again to converge");

        az.SetSecret(Vault, url, "old", enabled: true);
        var rerun = await infra.RunAsync("SecretBackendsApply", "--cloud", "azure");
        rerun.ExitCode.ShouldBe(0, rerun.All);
        BackendRun.Action(infra, "azure", Demo).ShouldBe("unchanged");
        BackendRun.Action(infra, "azure", url).ShouldBe("updated");
        BackendRun.Action(infra, "azure", "trinity-dev-azure-grafana-cloud-remote-write-password").ShouldBe("created");
        (failed.All + rerun.All).ShouldNotContain(FakeInfra.ConfigCanary);
    }
}
