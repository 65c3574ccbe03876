using System.Globalization;
using System.Text.Json.Nodes;

namespace Fakes.Clouds.Tests;

/// <summary>The fake az: Key Vault secret lifecycle, output shapes, error texts and exit codes.</summary>
public sealed class FakeAzTests : IDisposable
{
    const string Vault = "kv-trinity-dev";
    // The interpreter resolved once: a pyenv shim would double the cost of every call.
    static readonly string Python = Cli.Resolve("python3");
    readonly FakeAz _az = FakeAz.Install(Python).AddVault(Vault);

    public void Dispose() => _az.Dispose();

    // Through PATH, the way the build will find it.
    Task<CliResult> Az(params string[] args) => Cli.RunAsync("az", _az.Environment, args);

    async Task<JsonNode> Ok(params string[] args)
    {
        var result = await Az(args);
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Json;
    }

    async Task<CliResult> Fails(int exitCode, params string[] args)
    {
        var result = await Az(args);
        result.ExitCode.ShouldBe(exitCode, result.ToString());
        result.Out.ShouldBeEmpty();
        return result;
    }

    static string NotFound(string name)
    {
        var message = $"A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be " +
            $"able to recover it using the correct recovery command. For help resolving this issue, please see " +
                $"https://go.microsoft.com/fwlink/?linkid=2125182";
        return $"ERROR: (SecretNotFound) {message}\nCode: SecretNotFound\nMessage: {message}\n";
    }

    static string Conflict(string message, string inner) =>
        $"ERROR: (Conflict) {message}\nCode: Conflict\nMessage: {message}\nInner error: {{\n    \"code\": \"{inner}\"\n}}\n";

    static DateTimeOffset Date(JsonNode? node) => DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Set_show_update_list_delete_recover_and_purge()
    {
        var set = await Az("keyvault", "secret", "set", "--vault-name", Vault, "--name", "secrets-demo", "--value", "hello-from-azure");
        set.ExitCode.ShouldBe(0, set.ToString());
        set.Error.ShouldBeEmpty();
        // Sorted keys and two-space indents, as az prints JSON.
        set.Out.ShouldStartWith("{\n  \"attributes\": {\n    \"created\": \"");
        var secret = set.Json.AsObject();
        secret.Select(p => p.Key).ShouldBe(["attributes", "contentType", "id", "kid", "managed", "name", "tags", "value"]);
        secret["attributes"]!.AsObject().Select(p => p.Key)
            .ShouldBe(["created", "enabled", "expires", "notBefore", "recoverableDays", "recoveryLevel", "updated"]);
        secret["attributes"]!["created"]!.GetValue<string>().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$");
        secret["attributes"]!["enabled"]!.GetValue<bool>().ShouldBeTrue();
        secret["attributes"]!["recoverableDays"]!.GetValue<int>().ShouldBe(90);
        secret["attributes"]!["recoveryLevel"]!.GetValue<string>().ShouldBe("Recoverable+Purgeable");
        secret["id"]!.GetValue<string>().ShouldMatch("^https://kv-trinity-dev.vault.azure.net/secrets/secrets-demo/[0-9a-f]{32}$");
        secret["name"]!.GetValue<string>().ShouldBe("secrets-demo");
        secret["tags"]!["file-encoding"]!.GetValue<string>().ShouldBe("utf-8");
        secret["value"]!.GetValue<string>().ShouldBe("hello-from-azure");

        (await Ok("keyvault", "secret", "show", "--vault-name", Vault, "--name", "secrets-demo"))["value"]!.GetValue<string>()
            .ShouldBe("hello-from-azure");
        var file = Path.Combine(Path.GetTempPath(), $"az-value-{Guid.NewGuid():n}");
        await File.WriteAllTextAsync(file, "rotated ✓", TestContext.Current.CancellationToken);
        try { await Ok("keyvault", "secret", "set", "--vault-name", Vault, "-n", "secrets-demo", "--file", file, "--encoding", "utf-8"); }
        finally { File.Delete(file); }
        var show = await Az("keyvault", "secret", "show", "--vault-name", Vault, "-n", "secrets-demo", "--query", "value", "-o", "tsv");
        show.Out.ShouldBe("rotated ✓\n");
        _az.FindSecret(Vault, "secrets-demo")!.Versions.Count.ShouldBe(2);

        var list = (await Ok("keyvault", "secret", "list", "--vault-name", Vault)).AsArray();
        list.Single()!.AsObject().Select(p => p.Key).ShouldBe(["attributes", "contentType", "id", "managed", "name", "tags"]);
        list.Single()!["id"]!.GetValue<string>().ShouldBe("https://kv-trinity-dev.vault.azure.net/secrets/secrets-demo");

        var delete = await Az("keyvault", "secret", "delete", "--vault-name", Vault, "--name", "secrets-demo");
        delete.ExitCode.ShouldBe(0, delete.ToString());
        delete.Error.ShouldStartWith("WARNING: Warning! If you have soft-delete protection enabled on this key vault");
        var deleted = delete.Json;
        deleted["value"].ShouldBeNull();
        deleted["recoveryId"]!.GetValue<string>().ShouldBe("https://kv-trinity-dev.vault.azure.net/deletedsecrets/secrets-demo");
        (Date(deleted["scheduledPurgeDate"]) - Date(deleted["deletedDate"])).ShouldBe(TimeSpan.FromDays(90));

        (await Fails(3, "keyvault", "secret", "show", "--vault-name", Vault, "--name",
            "secrets-demo")).Error.ShouldBe(NotFound("secrets-demo"));
        (await Ok("keyvault", "secret", "list", "--vault-name", Vault)).AsArray().ShouldBeEmpty();
        var shown = await Ok("keyvault", "secret", "show-deleted", "--vault-name", Vault, "--name", "secrets-demo");
        shown.AsObject().Select(p => p.Key)
            .ShouldBe(["attributes", "contentType", "deletedDate", "id", "kid", "managed", "name", "recoveryId", "scheduledPurgeDate",
                "tags", "value"]);
        var binned = (await Ok("keyvault", "secret", "list-deleted", "--vault-name", Vault)).AsArray().Single()!;
        binned["recoveryId"]!.GetValue<string>().ShouldEndWith("/deletedsecrets/secrets-demo");
        binned.AsObject().ContainsKey("value").ShouldBeFalse();

        (await Fails(1, "keyvault", "secret", "set", "--vault-name", Vault, "--name", "secrets-demo", "--value",
            "again")).Error.ShouldBe(Conflict(
            "Secret secrets-demo is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the " +
                "secret can only be recovered or purged.",
            "ObjectIsDeletedButRecoverable"));

        var recovered = await Ok("keyvault", "secret", "recover", "--vault-name", Vault, "--name", "secrets-demo");
        recovered["value"].ShouldBeNull();
        recovered["id"]!.GetValue<string>().ShouldStartWith("https://kv-trinity-dev.vault.azure.net/secrets/secrets-demo/");
        (await Ok("keyvault", "secret", "show", "--vault-name", Vault, "--name", "secrets-demo"))["value"]!.GetValue<string>()
            .ShouldBe("rotated ✓");
        (await Fails(3, "keyvault", "secret", "show-deleted", "--vault-name", Vault, "--name", "secrets-demo")).Error
            .ShouldBe("ERROR: (SecretNotFound) Deleted Secret not found: secrets-demo\nCode: SecretNotFound\nMessage: Deleted Secret not " +
                "found: secrets-demo\n");

        await Ok("keyvault", "secret", "delete", "--vault-name", Vault, "--name", "secrets-demo", "--only-show-errors");
        var purge = await Az("keyvault", "secret", "purge", "--vault-name", Vault, "--name", "secrets-demo");
        purge.ExitCode.ShouldBe(0, purge.ToString());
        (purge.Out + purge.Error).ShouldBeEmpty();
        _az.FindSecret(Vault, "secrets-demo").ShouldBeNull();
        (await Fails(3, "keyvault", "secret", "purge", "--vault-name", Vault, "--name",
            "secrets-demo")).Error.ShouldContain("(SecretNotFound) Deleted Secret not found: secrets-demo");
        (await Ok("keyvault", "secret", "set", "--vault-name", Vault, "--name", "secrets-demo", "--value",
            "fresh"))["value"]!.GetValue<string>().ShouldBe("fresh");
        _az.Calls.Select(c => c.ExitCode).ShouldBe([0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 3, 0, 0, 3, 0]);
    }

    [Fact]
    public async Task Purge_protection_refuses_purge_and_the_vault_shows_its_settings()
    {
        _az.AddVault("kv-protected", purgeProtection: true);
        var vault = await Ok("keyvault", "show", "--name", "kv-protected");
        vault["properties"]!["enablePurgeProtection"]!.GetValue<bool>().ShouldBeTrue();
        vault["properties"]!["enableSoftDelete"]!.GetValue<bool>().ShouldBeTrue();
        vault["properties"]!["softDeleteRetentionInDays"]!.GetValue<int>().ShouldBe(90);
        vault["properties"]!["vaultUri"]!.GetValue<string>().ShouldBe("https://kv-protected.vault.azure.net/");
        vault["id"]!.GetValue<string>().ShouldEndWith("/providers/Microsoft.KeyVault/vaults/kv-protected");
        (await Ok("keyvault", "show", "--name", Vault))["properties"]!["enablePurgeProtection"].ShouldBeNull();

        _az.SetSecret("kv-protected", "s", "v");
        (await Ok("keyvault", "secret", "show", "--vault-name", "kv-protected", "--name",
            "s"))["attributes"]!["recoveryLevel"]!.GetValue<string>().ShouldBe("Recoverable");
        await Ok("keyvault", "secret", "delete", "--vault-name", "kv-protected", "--name", "s");
        (await Fails(1, "keyvault", "secret", "purge", "--vault-name", "kv-protected", "--name", "s")).Error.ShouldStartWith(
            "ERROR: (Forbidden) Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service " +
                "will automatically purge it after the retention period has passed.\r\nVault: kv-protected;location=westeurope\nCode: " +
                    "Forbidden\n");
        _az.FindSecret("kv-protected", "s")!.IsDeleted.ShouldBeTrue();
        await Ok("keyvault", "secret", "recover", "--vault-name", "kv-protected", "--name", "s");

        (await Fails(1, "keyvault", "show", "--name",
            "kv-nowhere")).Error.ShouldBe("ERROR: The Vault 'kv-nowhere' not found within subscription.\n");
    }

    [Fact]
    public async Task A_short_retention_is_customized_and_the_service_purges_when_it_ends()
    {
        _az.AddVault("kv-short", softDeleteRetentionInDays: 7);
        var start = DateTimeOffset.Parse("2026-11-01T10:00:00Z", CultureInfo.InvariantCulture);
        _az.Now = start;
        _az.SetSecret("kv-short", "s", "v");
        var deleted = await Ok("keyvault", "secret", "delete", "--vault-name", "kv-short", "--name", "s");
        deleted["attributes"]!["recoveryLevel"]!.GetValue<string>().ShouldBe("CustomizedRecoverable+Purgeable");
        deleted["attributes"]!["recoverableDays"]!.GetValue<int>().ShouldBe(7);
        deleted["deletedDate"]!.GetValue<string>().ShouldBe("2026-11-01T10:00:00+00:00");
        deleted["scheduledPurgeDate"]!.GetValue<string>().ShouldBe("2026-11-08T10:00:00+00:00");

        _az.Now = start.AddDays(7);
        (await Ok("keyvault", "secret", "list-deleted", "--vault-name", "kv-short")).AsArray().ShouldBeEmpty();
        _az.FindSecret("kv-short", "s").ShouldBeNull();
        (await Ok("keyvault", "secret", "set", "--vault-name", "kv-short", "--name", "s", "--value", "w"))["attributes"]!["created"]!
            .GetValue<string>().ShouldBe("2026-11-08T10:00:00+00:00");
    }

    [Fact]
    public async Task Operations_that_are_still_settling_fail_for_the_configured_number_of_calls()
    {
        _az.DeletingCalls = 2;
        _az.RecoveringCalls = 1;
        _az.PurgingCalls = 1;
        _az.SetSecret(Vault, "s", "v");

        await Ok("keyvault", "secret", "delete", "--vault-name", Vault, "--name", "s");
        var beingDeleted = Conflict("Secret s is currently being deleted.", "ObjectIsBeingDeleted");
        (await Fails(1, "keyvault", "secret", "purge", "--vault-name", Vault, "--name", "s")).Error.ShouldBe(beingDeleted);
        (await Fails(1, "keyvault", "secret", "recover", "--vault-name", Vault, "--name", "s")).Error.ShouldBe(beingDeleted);
        await Ok("keyvault", "secret", "recover", "--vault-name", Vault, "--name", "s");

        (await Fails(1, "keyvault", "secret", "set", "--vault-name", Vault, "--name", "s", "--value", "w")).Error.ShouldBe(Conflict(
            "Secret s is currently being recovered and cannot be re-created; retry later.", "ObjectIsBeingRecovered"));
        await Ok("keyvault", "secret", "set", "--vault-name", Vault, "--name", "s", "--value", "w");

        _az.DeletingCalls = 0;
        await Ok("keyvault", "secret", "delete", "--vault-name", Vault, "--name", "s");
        await Az("keyvault", "secret", "purge", "--vault-name", Vault, "--name", "s");
        (await Fails(1, "keyvault", "secret", "set", "--vault-name", Vault, "--name", "s", "--value", "x")).Error.ShouldBe(Conflict(
            "Secret s is currently being deleted and cannot be re-created; retry later.", "ObjectIsBeingDeleted"));
        (await Ok("keyvault", "secret", "set", "--vault-name", Vault, "--name", "s", "--value", "x"))["value"]!.GetValue<string>()
            .ShouldBe("x");
    }

    [Fact]
    public async Task Disabled_secrets_unknown_vaults_and_usage_errors()
    {
        _az.SetSecret(Vault, "off", "v", enabled: false);
        (await Fails(1, "keyvault", "secret", "show", "--vault-name", Vault, "--name", "off")).Error.ShouldBe(
            "ERROR: (Forbidden) Operation get is not allowed on a disabled secret.\nCode: Forbidden\nMessage: Operation get is not " +
                "allowed on a disabled secret.\nInner error: {\n    \"code\": \"SecretDisabled\"\n}\n");
        await Ok("keyvault", "secret", "set-attributes", "--vault-name", Vault, "--name", "off", "--enabled", "true");
        (await Ok("keyvault", "secret", "show", "--vault-name", Vault, "--name", "off"))["value"]!.GetValue<string>().ShouldBe("v");
        var version = _az.FindSecret(Vault, "off")!.Versions[0].Id;
        (await Fails(3, "keyvault", "secret", "show", "--vault-name", Vault, "--name", "off", "--version", "0000"))
            .Error.ShouldBe(NotFound("off/0000"));
        (await Ok("keyvault", "secret", "show", "--vault-name", Vault, "--name", "off", "--version", version))["id"]!.GetValue<string>()
            .ShouldEndWith(version);

        (await Fails(1, "keyvault", "secret", "show", "--vault-name", "kv-nowhere", "--name",
            "s")).Error.ShouldContain("Failed to resolve 'kv-nowhere.vault.azure.net'");
        (await Fails(3, "keyvault", "secret", "delete", "--vault-name", Vault, "--name", "never")).Error.ShouldBe(NotFound("never"));
        (await Fails(2, "keyvault", "secret", "show", "--vault-name",
            Vault)).Error.ShouldBe("ERROR: the following arguments are required: --name/-n\n");
        (await Fails(2, "keyvault", "secret", "set", "--vault-name", Vault, "--name",
            "s")).Error.ShouldBe("ERROR: usage error: --value VALUE | --file PATH\n");
        (await Fails(2, "keyvault", "secret", "show", "--vault-name", Vault, "--name", "s", "--bogus",
            "1")).Error.ShouldBe("ERROR: unrecognized arguments: --bogus\n");
        (await Fails(2, "keyvault", "secrets", "show")).Error.ShouldContain("is misspelled or not recognized by the system.");
        (await Az("keyvault", "secret", "list", "--vault-name", Vault, "-o", "none")).Out.ShouldBeEmpty();
        _az.Calls[^1].Arguments.ShouldBe(["keyvault", "secret", "list", "--vault-name", Vault, "-o", "none"]);
    }

    [Fact]
    public void Install_writes_an_executable_script_and_an_isolated_environment()
    {
        using (var plain = FakeAz.Install()) File.ReadAllText(plain.ExecutablePath).ShouldStartWith("#!/usr/bin/env python3\n");
        File.ReadAllText(_az.ExecutablePath).ShouldStartWith($"#!{Python}\n\"\"\"A fake `az`");
        File.GetUnixFileMode(_az.ExecutablePath).HasFlag(UnixFileMode.UserExecute).ShouldBeTrue();
        _az.Environment["PATH"]!.ShouldStartWith(_az.BinDirectory + Path.PathSeparator);
        _az.Environment["FAKE_AZ_STATE"].ShouldBe(_az.StatePath);
        _az.Environment["AZURE_CORE_OUTPUT"].ShouldBeNull();
        _az.AddDeletedSecret(Vault, "binned", "old");
        _az.FindSecret(Vault, "binned")!.IsDeleted.ShouldBeTrue();
        _az.Secrets(Vault).Select(s => s.Name).ShouldBe(["binned"]);
    }
}
