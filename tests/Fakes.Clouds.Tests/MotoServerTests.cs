using System.Text.Json.Nodes;

[assembly: AssemblyFixture(typeof(Fakes.Clouds.Tests.MotoFixture))]

namespace Fakes.Clouds.Tests;

/// <summary>One moto_server for the whole run, shared by the AWS test classes (which xunit runs in parallel).</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public MotoServer Server { get; private set; } = null!;

    public static readonly string Aws = Cli.Resolve("aws");

    public async ValueTask InitializeAsync() => Server = await MotoServer.StartAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The real aws CLI against the shared moto_server; every test uses its own secret names.</summary>
public abstract class AwsTests(MotoFixture moto)
{
    static int _names;

    protected MotoServer Moto => moto.Server;

    protected Task<CliResult> Aws(params string[] args) => Cli.RunAsync(MotoFixture.Aws, moto.Server.Environment,
        ["secretsmanager", .. args]);

    protected static string NewName() => $"trinity-dev-aws-{Interlocked.Increment(ref _names)}-{Guid.NewGuid():n}"[..40];

    protected async Task<JsonNode> Ok(params string[] args)
    {
        var result = await Aws(args);
        result.ExitCode.ShouldBe(0, result.ToString());
        return result.Json;
    }

    protected async Task<CliResult> Fails(string code, params string[] args)
    {
        var result = await Aws(args);
        // aws-cli v1 exits 255 on a service error, v2 exits 254.
        result.ExitCode.ShouldBeOneOf([254, 255], result.ToString());
        result.Error.ShouldContain($"An error occurred ({code}) when calling the ", Case.Sensitive, result.ToString());
        // moto's messages carry runs of spaces from its source's line continuations: compare with those squeezed.
        return result with { Error = System.Text.RegularExpressions.Regex.Replace(result.Error, " {2,}", " ") };
    }

    protected static double Epoch(JsonNode? date) => date switch
    {
        // CLI v1 prints the raw epoch number, v2 an ISO 8601 string.
        JsonValue v when v.TryGetValue<double>(out var seconds) => seconds,
        JsonValue v => DateTimeOffset.Parse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
        _ => throw new ShouldAssertException("no date"),
    };

    protected static double Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}

/// <summary>The Secrets Manager lifecycle through the real CLI: create, read and update.</summary>
public sealed class MotoLifecycleTests(MotoFixture moto) : AwsTests(moto)
{
    [Fact]
    public async Task Create_read_and_update_a_value()
    {
        var name = NewName();
        var created = await Ok("create-secret", "--name", name, "--secret-string", "hello-from-aws");
        created["Name"]!.GetValue<string>().ShouldBe(name);
        created["ARN"]!.GetValue<string>().ShouldStartWith($"arn:aws:secretsmanager:us-east-1:{MotoServer.AccountId}:secret:{name}-");
        var first = created["VersionId"]!.GetValue<string>();
        (await Ok("get-secret-value", "--secret-id", name))["SecretString"]!.GetValue<string>().ShouldBe("hello-from-aws");

        var put = await Ok("put-secret-value", "--secret-id", name, "--secret-string", "rotated");
        var second = put["VersionId"]!.GetValue<string>();
        put["VersionStages"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["AWSCURRENT"]);
        var value = await Ok("get-secret-value", "--secret-id", name);
        value["SecretString"]!.GetValue<string>().ShouldBe("rotated");
        value["VersionId"]!.GetValue<string>().ShouldBe(second);

        var described = await Ok("describe-secret", "--secret-id", name);
        described.AsObject().ContainsKey("DeletedDate").ShouldBeFalse();
        var stages = described["VersionIdsToStages"]!.AsObject();
        stages[first]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["AWSPREVIOUS"]);
        stages[second]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["AWSCURRENT"]);
    }

    [Fact]
    public async Task The_environment_points_the_cli_at_moto_and_shuts_out_the_user_configuration()
    {
        var env = Moto.Environment;
        env["AWS_ENDPOINT_URL"].ShouldBe($"http://127.0.0.1:{Moto.Port}");
        env["AWS_REGION"].ShouldBe("us-east-1");
        env["AWS_DEFAULT_REGION"].ShouldBe("us-east-1");
        env["AWS_PAGER"].ShouldBe("");
        env["AWS_PROFILE"].ShouldBeNull();
        File.ReadAllText(env["AWS_CONFIG_FILE"]!).ShouldBeEmpty();
        File.ReadAllText(env["AWS_SHARED_CREDENTIALS_FILE"]!).ShouldBeEmpty();

        var identity = await Cli.RunAsync(MotoFixture.Aws, env, ["sts", "get-caller-identity"]);
        identity.ExitCode.ShouldBe(0, identity.ToString());
        identity.Json["Account"]!.GetValue<string>().ShouldBe(MotoServer.AccountId);
    }
}

/// <summary>The Secrets Manager lifecycle through the real CLI: schedule for deletion, restore, force-delete.</summary>
public sealed class MotoDeletionTests(MotoFixture moto) : AwsTests(moto)
{
    [Fact]
    public async Task Schedule_restore_and_force_delete()
    {
        var name = NewName();
        await Ok("create-secret", "--name", name, "--secret-string", "kept");
        var deleted = await Ok("delete-secret", "--secret-id", name, "--recovery-window-in-days", "7");
        Epoch(deleted["DeletionDate"]).ShouldBe(Now + 7 * 86400, tolerance: 120);

        var scheduled = await Ok("describe-secret", "--secret-id", name);
        Epoch(scheduled["DeletedDate"]).ShouldBe(Epoch(deleted["DeletionDate"]), tolerance: 1);
        (await Fails("InvalidRequestException", "get-secret-value", "--secret-id", name))
            .Error.ShouldContain("You tried to perform the operation on a secret that's currently marked deleted.");
        (await Ok("list-secrets"))["SecretList"]!.AsArray().ShouldNotContain(s => s!["Name"]!.GetValue<string>() == name);
        var planned = (await Ok("list-secrets", "--include-planned-deletion"))["SecretList"]!.AsArray()
            .Single(s => s!["Name"]!.GetValue<string>() == name)!;
        planned.AsObject().ContainsKey("DeletedDate").ShouldBeTrue();
        planned.AsObject().ContainsKey("SecretVersionsToStages").ShouldBeTrue();

        (await Ok("restore-secret", "--secret-id", name))["Name"]!.GetValue<string>().ShouldBe(name);
        (await Ok("describe-secret", "--secret-id", name)).AsObject().ContainsKey("DeletedDate").ShouldBeFalse();
        (await Ok("get-secret-value", "--secret-id", name))["SecretString"]!.GetValue<string>().ShouldBe("kept");

        var forced = await Ok("delete-secret", "--secret-id", name, "--force-delete-without-recovery");
        Epoch(forced["DeletionDate"]).ShouldBe(Now, tolerance: 120);
        // moto deletes at once; real AWS finishes a forced delete asynchronously.
        (await Fails("ResourceNotFoundException", "describe-secret", "--secret-id", name))
            .Error.ShouldContain("Secrets Manager can't find the specified secret.");
        (await Ok("create-secret", "--name", name, "--secret-string", "again"))["Name"]!.GetValue<string>().ShouldBe(name);
    }
}

/// <summary>Scheduling errors, and where moto answers differently from AWS (pinned so a moto upgrade shows up).</summary>
public sealed class MotoSchedulingTests(MotoFixture moto) : AwsTests(moto)
{
    [Fact]
    public async Task The_window_is_validated_and_a_scheduled_name_blocks_create_but_accepts_put_in_moto()
    {
        var name = NewName();
        await Ok("create-secret", "--name", name, "--secret-string", "v1");
        foreach (var days in new[] { "6", "31" })
            (await Fails("InvalidParameterException", "delete-secret", "--secret-id", name, "--recovery-window-in-days", days))
                .Error.ShouldContain("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        (await Fails("InvalidParameterException", "delete-secret", "--secret-id", name, "--recovery-window-in-days", "7",
            "--force-delete-without-recovery"))
            .Error.ShouldContain("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        var deleted = await Ok("delete-secret", "--secret-id", name);
        Epoch(deleted["DeletionDate"]).ShouldBe(Now + 30 * 86400, tolerance: 120); // the default window

        // Real AWS: InvalidRequestException "...already scheduled for deletion." moto: ResourceExistsException.
        (await Fails("ResourceExistsException", "create-secret", "--name", name, "--secret-string", "v2"))
            .Error.ShouldContain($"The operation failed because the secret {name} already exists.");
        // Real AWS refuses put-secret-value on a scheduled secret; moto adds the version and keeps the schedule.
        (await Ok("put-secret-value", "--secret-id", name, "--secret-string", "v2"))["VersionId"].ShouldNotBeNull();
        (await Fails("InvalidRequestException", "update-secret", "--secret-id", name, "--secret-string", "v3"))
            .Error.ShouldContain("You can't perform this operation on the secret because it was marked for deletion.");
        (await Fails("InvalidRequestException", "delete-secret", "--secret-id", name, "--recovery-window-in-days", "30"))
            .Error.ShouldContain("You tried to perform the operation on a secret that's currently marked deleted.");
    }
}

/// <summary>Missing names, and the server process itself.</summary>
public sealed class MotoServerProcessTests(MotoFixture moto) : AwsTests(moto)
{
    [Fact]
    public async Task Missing_secrets_answer_ResourceNotFoundException_except_a_forced_delete()
    {
        var name = NewName();
        (await Fails("ResourceNotFoundException", "restore-secret", "--secret-id", name))
            .Error.ShouldContain("Secrets Manager can't find the specified secret.");
        // moto invents an ARN for a forced delete of a name it never had; real AWS answers ResourceNotFoundException.
        (await Ok("delete-secret", "--secret-id", name, "--force-delete-without-recovery"))["Name"]!.GetValue<string>().ShouldBe(name);
    }

    [Fact]
    public async Task Reset_forgets_everything_and_dispose_stops_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = await MotoServer.StartAsync(cancellationToken: ct);
        own.Port.ShouldNotBe(Moto.Port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Plain Secrets Manager JSON calls (moto checks no signatures) keep this test free of CLI start-up time.
        async Task<JsonNode> Call(string operation, string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, own.Endpoint)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            request.Headers.Add("X-Amz-Target", $"secretsmanager.{operation}");
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0");
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        }
        await Call("CreateSecret", """{"Name":"gone","SecretString":"x"}""");
        (await Call("ListSecrets", "{}"))["SecretList"]!.AsArray().Count.ShouldBe(1);
        own.Log.ShouldContain("\"POST / HTTP/1.1\" 200");
        await own.ResetAsync(ct);
        (await Call("ListSecrets", "{}"))["SecretList"]!.AsArray().ShouldBeEmpty();

        await own.DisposeAsync();
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(own.Endpoint, ct));
    }
}
