using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fakes.Clouds;

/// <summary>One Key Vault secret in the fake's state (active or soft-deleted), for assertions.</summary>
public sealed record KeyVaultSecret(
    string Vault,
    string Name,
    IReadOnlyList<KeyVaultSecretVersion> Versions,
    DateTimeOffset? DeletedDate,
    DateTimeOffset? ScheduledPurgeDate)
{
    public bool IsDeleted => DeletedDate is not null;

    /// <summary>The value of the newest version.</summary>
    public string Value => Versions[^1].Value;
}

public sealed record KeyVaultSecretVersion(
    string Id,
    string Value,
    bool Enabled,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? ContentType,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>One invocation of the fake az: its arguments and exit code.</summary>
public sealed record AzCall(IReadOnlyList<string> Arguments, int ExitCode)
{
    public override string ToString() => $"az {string.Join(' ', Arguments)} -> {ExitCode}";
}

/// <summary>
/// Installs the fake <c>az</c> (a python3 script with Key Vault secret semantics, see the script's header) into a
/// temporary bin directory and owns its JSON state file: seed vaults and secrets, set the clock and the
/// "still settling" windows, read back what the commands did.
/// </summary>
public sealed class FakeAz : IDisposable
{
    readonly string _directory;

    FakeAz(string directory)
    {
        _directory = directory;
        BinDirectory = Path.Combine(directory, "bin");
        ExecutablePath = Path.Combine(BinDirectory, "az");
        StatePath = Path.Combine(directory, "state.json");
    }

    public string BinDirectory { get; }

    /// <summary>The installed script; run it directly or put <see cref="BinDirectory"/> first on PATH.</summary>
    public string ExecutablePath { get; }

    public string StatePath { get; }

    /// <summary>
    /// PATH with the fake first, the state file, and an isolated AZURE_CONFIG_DIR; AZURE_CORE_OUTPUT and
    /// AZURE_CORE_ONLY_SHOW_ERRORS are removed (null) so the user's az defaults cannot change what is printed.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PATH"] = BinDirectory + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
        ["FAKE_AZ_STATE"] = StatePath,
        ["AZURE_CONFIG_DIR"] = Path.Combine(_directory, "azure-config"),
        ["AZURE_CORE_OUTPUT"] = null,
        ["AZURE_CORE_ONLY_SHOW_ERRORS"] = null,
    };

    /// <summary>Writes the script and an empty state (no vaults) into a new temporary directory.</summary>
    /// <param name="python">The interpreter for the shebang; the default finds python3 on PATH.</param>
    public static FakeAz Install(string python = "/usr/bin/env python3")
    {
        var fake = new FakeAz(Scratch.NewDirectory("az"));
        Directory.CreateDirectory(fake.BinDirectory);
        using (var resource = typeof(FakeAz).Assembly.GetManifestResourceStream("Fakes.Clouds.az")
            ?? throw new InvalidOperationException("the az script is not embedded"))
        using (var reader = new StreamReader(resource))
        {
            var script = reader.ReadToEnd();
            var firstLine = script.IndexOf('\n', StringComparison.Ordinal);
            File.WriteAllText(fake.ExecutablePath, $"#!{python}{script[firstLine..]}");
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(fake.ExecutablePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(fake.StatePath, new JsonObject
        {
            ["subscriptionId"] = "00000000-0000-0000-0000-000000000000",
            ["tenantId"] = "11111111-1111-1111-1111-111111111111",
            ["resourceGroup"] = "trinity-rg",
            ["location"] = "westeurope",
            ["behaviour"] = new JsonObject { ["deletingCalls"] = 0, ["recoveringCalls"] = 0, ["purgingCalls"] = 0 },
            ["now"] = null,
            ["vaults"] = new JsonObject(),
            ["calls"] = new JsonArray(),
        }.ToJsonString());
        return fake;
    }

    public void Dispose() => Scratch.Remove(_directory);

    // ---- Seeding ---------------------------------------------------------------------------------------------

    /// <summary>A vault as <c>az keyvault show</c> describes it. Soft delete is always on for new vaults in Azure;
    /// <paramref name="softDelete"/> false models an old vault whose deletes are permanent.</summary>
    public FakeAz AddVault(string name, bool purgeProtection = false, int softDeleteRetentionInDays = 90,
        bool softDelete = true, string location = "westeurope")
    {
        if (softDeleteRetentionInDays is < 7 or > 90)
            throw new ArgumentOutOfRangeException(nameof(softDeleteRetentionInDays), "Key Vault allows 7 to 90 days");
        Update(state => state["vaults"]![name.ToLowerInvariant()] = new JsonObject
        {
            ["name"] = name,
            ["location"] = location,
            ["enablePurgeProtection"] = purgeProtection,
            ["enableSoftDelete"] = softDelete,
            ["softDeleteRetentionInDays"] = softDeleteRetentionInDays,
            ["secrets"] = new JsonObject(),
            ["purging"] = new JsonObject(),
        });
        return this;
    }

    /// <summary>Adds a version to an active secret (creating it), like <c>az keyvault secret set</c> would.</summary>
    public FakeAz SetSecret(string vault, string name, string value, bool enabled = true)
    {
        Update(state =>
        {
            var secrets = Vault(state, vault)["secrets"]!.AsObject();
            var secret = secrets[name.ToLowerInvariant()] as JsonObject;
            if (secret?["deleted"] is JsonObject) throw new InvalidOperationException($"{name} is soft-deleted");
            if (secret is null)
                secrets[name.ToLowerInvariant()] = secret = new JsonObject
                {
                    ["name"] = name, ["versions"] = new JsonArray(), ["deleted"] = null, ["pending"] = new JsonObject(),
                };
            secret["versions"]!.AsArray().Add(NewVersion(state, value, enabled));
        });
        return this;
    }

    /// <summary>A secret in the vault's recycle bin, as if deleted at <paramref name="deletedDate"/> (default: now).</summary>
    public FakeAz AddDeletedSecret(string vault, string name, string value, DateTimeOffset? deletedDate = null)
    {
        Update(state =>
        {
            var v = Vault(state, vault);
            var deleted = (deletedDate ?? Clock(state)).ToUnixTimeSeconds();
            var days = v["softDeleteRetentionInDays"]!.GetValue<int>();
            v["secrets"]![name.ToLowerInvariant()] = new JsonObject
            {
                ["name"] = name,
                ["versions"] = new JsonArray(NewVersion(state, value, enabled: true)),
                ["deleted"] = new JsonObject { ["deletedDate"] = deleted, ["scheduledPurgeDate"] = deleted + days * 86400L },
                ["pending"] = new JsonObject(),
            };
        });
        return this;
    }

    /// <summary>After a delete, this many purge/recover calls on that secret fail with "currently being deleted".</summary>
    public int DeletingCalls { get => Behaviour("deletingCalls"); set => SetBehaviour("deletingCalls", value); }

    /// <summary>After a recover, this many set calls on that secret fail with ObjectIsBeingRecovered.</summary>
    public int RecoveringCalls { get => Behaviour("recoveringCalls"); set => SetBehaviour("recoveringCalls", value); }

    /// <summary>After a purge, this many set calls on that name fail with "being deleted and cannot be re-created".</summary>
    public int PurgingCalls { get => Behaviour("purgingCalls"); set => SetBehaviour("purgingCalls", value); }

    /// <summary>A fixed clock for the fake (whole seconds), or null for the wall clock. Moving it past a deleted
    /// secret's scheduledPurgeDate purges that secret on the next call, as the service would.</summary>
    public DateTimeOffset? Now
    {
        get => Read()["now"] is JsonValue v ? DateTimeOffset.FromUnixTimeSeconds(v.GetValue<long>()) : null;
        set => Update(state => state["now"] = value?.ToUnixTimeSeconds());
    }

    // ---- Inspection ------------------------------------------------------------------------------------------

    public KeyVaultSecret? FindSecret(string vault, string name)
    {
        var state = Read();
        return Vault(state, vault)["secrets"]![name.ToLowerInvariant()] is JsonObject secret ? Snapshot(vault, secret) : null;
    }

    public IReadOnlyList<KeyVaultSecret> Secrets(string vault) =>
        [.. Vault(Read(), vault)["secrets"]!.AsObject().Select(kv => Snapshot(vault, kv.Value!.AsObject()))];

    /// <summary>Every az invocation so far, oldest first.</summary>
    public IReadOnlyList<AzCall> Calls =>
        [.. Read()["calls"]!.AsArray().Select(c => new AzCall(
            [.. c!["argv"]!.AsArray().Select(a => a!.GetValue<string>())], c["exitCode"]!.GetValue<int>()))];

    // ---- State file ------------------------------------------------------------------------------------------

    static JsonObject Vault(JsonObject state, string vault) =>
        state["vaults"]![vault.ToLowerInvariant()] as JsonObject
            ?? throw new InvalidOperationException($"no vault {vault}; AddVault first");

    static DateTimeOffset Clock(JsonObject state) =>
        state["now"] is JsonValue v ? DateTimeOffset.FromUnixTimeSeconds(v.GetValue<long>()) : DateTimeOffset.UtcNow;

    static JsonObject NewVersion(JsonObject state, string value, bool enabled)
    {
        var t = Clock(state).ToUnixTimeSeconds();
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("n"),
            ["value"] = value,
            ["contentType"] = null,
            ["tags"] = new JsonObject { ["file-encoding"] = "utf-8" },
            ["enabled"] = enabled,
            ["created"] = t,
            ["updated"] = t,
        };
    }

    static KeyVaultSecret Snapshot(string vault, JsonObject secret)
    {
        var deleted = secret["deleted"] as JsonObject;
        return new KeyVaultSecret(
            vault,
            secret["name"]!.GetValue<string>(),
            [.. secret["versions"]!.AsArray().Select(v => new KeyVaultSecretVersion(
                v!["id"]!.GetValue<string>(),
                v["value"]!.GetValue<string>(),
                v["enabled"]!.GetValue<bool>(),
                DateTimeOffset.FromUnixTimeSeconds(v["created"]!.GetValue<long>()),
                DateTimeOffset.FromUnixTimeSeconds(v["updated"]!.GetValue<long>()),
                v["contentType"]?.GetValue<string>(),
                v["tags"] is JsonObject tags ? tags.ToDictionary(t => t.Key, t => t.Value!.GetValue<string>()) : []))],
            deleted is null ? null : DateTimeOffset.FromUnixTimeSeconds(deleted["deletedDate"]!.GetValue<long>()),
            deleted is null ? null : DateTimeOffset.FromUnixTimeSeconds(deleted["scheduledPurgeDate"]!.GetValue<long>()));
    }

    int Behaviour(string key) => Read()["behaviour"]![key]!.GetValue<int>();

    void SetBehaviour(string key, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Update(state => state["behaviour"]![key] = value);
    }

    JsonObject Read()
    {
        using var _ = Lock();
        return JsonNode.Parse(File.ReadAllText(StatePath))!.AsObject();
    }

    void Update(Action<JsonObject> change)
    {
        using var _ = Lock();
        var state = JsonNode.Parse(File.ReadAllText(StatePath))!.AsObject();
        change(state);
        File.WriteAllText(StatePath + ".tmp", state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(StatePath + ".tmp", StatePath, overwrite: true);
    }

    /// <summary>The script holds flock(LOCK_EX) on state.json.lock while it runs; .NET's FileShare.None takes the same
    /// advisory lock on Unix, without waiting, so retry until the running az call is done.</summary>
    FileStream Lock()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try { return new FileStream(StatePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(10); }
        }
    }
}
