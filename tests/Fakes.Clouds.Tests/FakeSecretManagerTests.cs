using System.Text.Json.Nodes;

namespace Fakes.Clouds.Tests;

public sealed class SecretManagerFixture : IAsyncLifetime
{
    public FakeSecretManager Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await FakeSecretManager.StartAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Shared by the two gcloud test classes, which xunit runs in parallel (gcloud takes ~1.4 s a call).</summary>
public abstract class GcloudTests(SecretManagerFixture fixture)
{
    protected FakeSecretManager Fake => fixture.Server;

    protected string Number => Fake.ProjectNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected Task<CliResult> Gcloud(params string[] args) => Cli.RunAsync("gcloud", Fake.Environment, args);

    protected Task<CliResult> Ok(params string[] args) => Succeeds(null, args);

    /// <summary>Runs gcloud with <paramref name="input"/> on stdin (for --data-file=-).</summary>
    protected Task<CliResult> Piped(string input, params string[] args) => Succeeds(input, args);

    async Task<CliResult> Succeeds(string? input, string[] args)
    {
        var result = await Cli.RunAsync("gcloud", Fake.Environment, args, input);
        result.ExitCode.ShouldBe(0, result.ToString());
        return result;
    }

    protected async Task<CliResult> Fails(string expectedError, params string[] args)
    {
        var result = await Gcloud(args);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Out.ShouldBeEmpty();
        result.Error.ShouldStartWith(expectedError, Case.Sensitive, result.ToString());
        return result;
    }

    /// <summary>The calls made since <paramref name="mark"/> as "METHOD path" (query left out).</summary>
    protected IEnumerable<string> CallsSince(int mark) => Fake.Requests.Skip(mark).Select(r => $"{r.Method} {r.Path}");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():n}"[..(prefix.Length + 13)];
}

/// <summary>The real gcloud against FakeSecretManager: the secret lifecycle, with the HTTP calls it makes.</summary>
public sealed class FakeSecretManagerLifecycleTests(SecretManagerFixture fixture) : GcloudTests(fixture),
    IClassFixture<SecretManagerFixture>
{
    [Fact]
    public void The_environment_points_gcloud_at_the_fake_without_credentials()
    {
        var env = Fake.Environment;
        env["CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER"].ShouldBe(Fake.BaseAddress.ToString());
        Fake.BaseAddress.ToString().ShouldMatch(@"^http://127\.0\.0\.1:\d+/$");
        env["CLOUDSDK_AUTH_DISABLE_CREDENTIALS"].ShouldBe("true");
        env["CLOUDSDK_CORE_PROJECT"].ShouldBe(FakeSecretManager.DefaultProjectId);
        env["CLOUDSDK_CORE_DISABLE_PROMPTS"].ShouldBe("1");
        Directory.Exists(env["CLOUDSDK_CONFIG"]).ShouldBeTrue();
    }

    [Fact]
    public async Task Create_with_data_read_add_a_version_and_delete()
    {
        var id = Unique("gcp-life");
        var mark = Fake.Requests.Count;
        var created = await Piped("hello-from-gcp", "secrets", "create", id, "--replication-policy=automatic", "--data-file=-");
        created.Error.ShouldContain($"Created version [1] of the secret [{id}].");
        CallsSince(mark).ShouldBe([
            $"POST /v1/projects/{Fake.ProjectId}/secrets",
            $"POST /v1/projects/{Fake.ProjectId}/secrets/{id}:addVersion",
        ]);
        Fake.Requests[mark].Target.ShouldContain($"secretId={id}");
        JsonNode.Parse(Fake.Requests[mark].Body)!["replication"]!["automatic"].ShouldNotBeNull();
        var added = JsonNode.Parse(Fake.Requests[mark + 1].Body)!["payload"]!;
        added["dataCrc32c"].ShouldNotBeNull(); // gcloud sends the checksum, and the fake checked it

        var described = (await Ok("secrets", "describe", id, "--format=json")).Json;
        described["name"]!.GetValue<string>().ShouldBe($"projects/{Number}/secrets/{id}");
        described["replication"]!["automatic"].ShouldNotBeNull();
        described["createTime"]!.GetValue<string>().ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$");
        described["etag"]!.GetValue<string>().ShouldMatch("^\"[0-9a-f]+\"$");

        mark = Fake.Requests.Count;
        (await Ok("secrets", "versions", "access", "latest", $"--secret={id}")).Out.ShouldBe("hello-from-gcp");
        CallsSince(mark).ShouldBe([$"GET /v1/projects/{Fake.ProjectId}/secrets/{id}/versions/latest:access"]);

        (await Piped("rotated", "secrets", "versions", "add", id,
            "--data-file=-")).Error.ShouldContain($"Created version [2] of the secret [{id}].");
        (await Ok("secrets", "versions", "access", "latest", $"--secret={id}")).Out.ShouldBe("rotated");

        mark = Fake.Requests.Count;
        var versions = (await Ok("secrets", "versions", "list", id, "--format=json")).Json.AsArray();
        CallsSince(mark).ShouldBe([$"GET /v1/projects/{Fake.ProjectId}/secrets/{id}/versions"]);
        versions.Select(v => v!["name"]!.GetValue<string>())
            .ShouldBe([$"projects/{Number}/secrets/{id}/versions/2", $"projects/{Number}/secrets/{id}/versions/1"]);
        versions.Select(v => v!["state"]!.GetValue<string>()).ShouldBe(["ENABLED", "ENABLED"]);
        versions[0]!["createTime"].ShouldNotBeNull();
        versions[0]!.AsObject().ContainsKey("destroyTime").ShouldBeFalse();

        var listed = (await Ok("secrets", "list", "--format=json")).Json.AsArray();
        listed.Select(s => s!["name"]!.GetValue<string>()).ShouldContain($"projects/{Number}/secrets/{id}");

        mark = Fake.Requests.Count;
        (await Ok("secrets", "delete", id, "--quiet")).Error.ShouldContain($"Deleted secret [{id}].");
        // gcloud lists the versions (for its confirmation prompt) before it deletes.
        CallsSince(mark).ShouldBe([
            $"GET /v1/projects/{Fake.ProjectId}/secrets/{id}/versions",
            $"DELETE /v1/projects/{Fake.ProjectId}/secrets/{id}",
        ]);
        Fake.FindSecret(id).ShouldBeNull();
    }

}

/// <summary>What the real gcloud prints and how it exits when the API answers NOT_FOUND or ALREADY_EXISTS.</summary>
public sealed class FakeSecretManagerErrorTests(SecretManagerFixture fixture) : GcloudTests(fixture), IClassFixture<SecretManagerFixture>
{
    [Fact]
    public async Task Not_found_already_exists_and_no_versions_exit_1_with_the_api_message()
    {
        var id = Unique("gcp-missing");
        var unauthenticated = " This command is unauthenticated because the [auth/disable_credentials] property is True.";
        (await Fails($"ERROR: (gcloud.secrets.describe) NOT_FOUND: Secret [projects/{Number}/secrets/{id}] not found or has no " +
            $"versions.{unauthenticated}",
            "secrets", "describe", id, "--format=json")).Error.ShouldEndWith("\n");
        await Fails($"ERROR: (gcloud.secrets.versions.access) NOT_FOUND: Secret [projects/{Number}/secrets/{id}] not found or has no " +
            $"versions.{unauthenticated}",
            "secrets", "versions", "access", "latest", $"--secret={id}");
        Fake.Requests[^1].StatusCode.ShouldBe(404);

        await Ok("secrets", "create", id, "--replication-policy=automatic");
        await Fails($"ERROR: (gcloud.secrets.create) Resource in projects [{Fake.ProjectId}] is the subject of a conflict: Secret " +
            $"[projects/{Number}/secrets/{id}] already exists.",
            "secrets", "create", id, "--replication-policy=automatic");
        // A secret without versions: the list is empty and latest does not resolve.
        (await Ok("secrets", "versions", "list", id, "--format=json")).Json.AsArray().ShouldBeEmpty();
        await Fails($"ERROR: (gcloud.secrets.versions.access) NOT_FOUND: Secret [projects/{Number}/secrets/{id}] not found or has no " +
            $"versions.",
            "secrets", "versions", "access", "latest", $"--secret={id}");
        Fake.AddVersion(id, "one");
        await Fails($"ERROR: (gcloud.secrets.versions.access) NOT_FOUND: Secret Version [projects/{Number}/secrets/{id}/versions/7] not " +
            $"found.",
            "secrets", "versions", "access", "7", $"--secret={id}");
    }
}

/// <summary>Version states through the real gcloud: latest is the newest version, whatever its state.</summary>
public sealed class FakeSecretManagerVersionStateTests(SecretManagerFixture fixture) : GcloudTests(fixture),
    IClassFixture<SecretManagerFixture>
{
    [Fact]
    public async Task Disable_enable_destroy_and_latest_follows_the_newest_version()
    {
        var id = Unique("gcp-states");
        Fake.AddVersion(id, "v1");
        Fake.AddVersion(id, "v2");
        var v2 = $"projects/{Number}/secrets/{id}/versions/2";

        var mark = Fake.Requests.Count;
        (await Ok("secrets", "versions", "disable", "2", $"--secret={id}",
            "--quiet")).Error.ShouldContain($"Disabled version [2] of the secret [{id}].");
        CallsSince(mark).ShouldBe([$"POST /v1/projects/{Fake.ProjectId}/secrets/{id}/versions/2:disable"]);
        Fake.FindSecret(id)!.Version(2).State.ShouldBe(SecretVersionState.Disabled);

        // latest is version 2 although version 1 is enabled: FAILED_PRECONDITION, and gcloud adds no auth hint here.
        await Fails($"ERROR: (gcloud.secrets.versions.access) FAILED_PRECONDITION: Secret Version [{v2}] is in DISABLED state.\n",
            "secrets", "versions", "access", "latest", $"--secret={id}");
        Fake.Requests[^1].StatusCode.ShouldBe(400);
        (await Ok("secrets", "versions", "access", "1", $"--secret={id}")).Out.ShouldBe("v1");

        (await Ok("secrets", "versions", "enable", "2", $"--secret={id}",
            "--quiet")).Error.ShouldContain($"Enabled version [2] of the secret [{id}].");
        Fake.FindSecret(id)!.Version(2).State.ShouldBe(SecretVersionState.Enabled);

        (await Ok("secrets", "versions", "destroy", "2", $"--secret={id}",
            "--quiet")).Error.ShouldContain($"Destroyed version [2] of the secret [{id}].");
        Fake.FindSecret(id)!.Version(2).Payload.ShouldBeNull();
        await Fails($"ERROR: (gcloud.secrets.versions.access) FAILED_PRECONDITION: Secret Version [{v2}] is in DESTROYED state.",
            "secrets", "versions", "access", "latest", $"--secret={id}");
        await Fails($"ERROR: (gcloud.secrets.versions.enable) FAILED_PRECONDITION: Secret Version [{v2}] is in DESTROYED state.",
            "secrets", "versions", "enable", "2", $"--secret={id}", "--quiet");

        var versions = (await Ok("secrets", "versions", "list", id, "--format=json")).Json.AsArray();
        versions.Select(v => v!["state"]!.GetValue<string>()).ShouldBe(["DESTROYED", "ENABLED"]);
        versions[0]!["destroyTime"].ShouldNotBeNull();

        // A new version becomes latest again.
        Fake.AddVersion(id, "v3").ShouldBe(3);
        (await Ok("secrets", "versions", "access", "latest", $"--secret={id}")).Out.ShouldBe("v3");
        Fake.FindSecret(id)!.Latest!.Number.ShouldBe(3);
    }

    [Fact]
    public async Task Seeded_states_and_the_api_shape_without_gcloud()
    {
        var id = Unique("gcp-http");
        Fake.CreateSecret(id, new Dictionary<string, string> { ["team"] = "platform" });
        Fake.AddVersion(id, "a");
        Fake.AddVersion(id, "b", SecretVersionState.Disabled);
        using var http = new HttpClient { BaseAddress = Fake.BaseAddress };

        // The project may be named by id or number; answers always use the number.
        var byNumber = await http.GetAsync($"v1/projects/{Number}/secrets/{id}", Ct);
        byNumber.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var secret = JsonNode.Parse(await byNumber.Content.ReadAsStringAsync(Ct))!;
        secret["labels"]!["team"]!.GetValue<string>().ShouldBe("platform");

        var access = await http.GetAsync($"v1/projects/{Fake.ProjectId}/secrets/{id}/versions/latest:access", Ct);
        ((int)access.StatusCode).ShouldBe(400);
        access.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        JsonNode.Parse(await access.Content.ReadAsStringAsync(Ct))!.ToJsonString().ShouldBe(
            $$$"""{"error":{"code":400,"message":"Secret Version [projects/{{{Number}}}/secrets/{{{id}}}/versions/2] is in DISABLED state.","status":"FAILED_PRECONDITION"}}""");

        var one = JsonNode.Parse(await http.GetStringAsync($"v1/projects/{Fake.ProjectId}/secrets/{id}/versions/1:access", Ct))!;
        one["name"]!.GetValue<string>().ShouldBe($"projects/{Number}/secrets/{id}/versions/1");
        one["payload"]!["data"]!.GetValue<string>().ShouldBe("YQ==");
        one["payload"]!["dataCrc32c"]!.GetValue<string>().ShouldBe("3251651376"); // CRC-32C of "a"

        var conflict = await http.PostAsync($"v1/projects/{Fake.ProjectId}/secrets?secretId={id}",
            new StringContent("""{"replication":{"automatic":{}}}"""), Ct);
        JsonNode.Parse(await conflict.Content.ReadAsStringAsync(Ct))!.ToJsonString().ShouldBe(
            $$$"""{"error":{"code":409,"message":"Secret [projects/{{{Number}}}/secrets/{{{id}}}] already exists.","status":"ALREADY_EXISTS"}}""");

        var badChecksum = await http.PostAsync($"v1/projects/{Fake.ProjectId}/secrets/{id}:addVersion",
            new StringContent("""{"payload":{"data":"YQ==","dataCrc32c":"1"}}"""), Ct);
        ((int)badChecksum.StatusCode).ShouldBe(400);
        Fake.FindSecret(id)!.Versions.Count.ShouldBe(2);

        var otherProject = await http.GetAsync($"v1/projects/someone-else/secrets/{id}", Ct);
        ((int)otherProject.StatusCode).ShouldBe(403);
        JsonNode.Parse(await otherProject.Content.ReadAsStringAsync(Ct))!["error"]!["status"]!.GetValue<string>()
            .ShouldBe("PERMISSION_DENIED");

        var empty = Unique("gcp-empty");
        Fake.CreateSecret(empty);
        (await http.GetStringAsync($"v1/projects/{Fake.ProjectId}/secrets/{empty}/versions", Ct)).ShouldBe("{}");
    }
}
