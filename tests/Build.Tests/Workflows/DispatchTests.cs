namespace Build.Tests.Workflows;

/// <summary>DispatchSecretBackends with Octokit against a fake GitHub API: the dispatch body and auth, knowing exactly
/// which run it started (from the dispatch's answer, or by its dispatch id where the server does not answer with the
/// run) even when someone else dispatches the same workflow at the same time, following it, and exiting with its
/// conclusion. The token never shows.</summary>
public sealed class DispatchTests
{
    const string Token = "ghp_canaryToken0123456789abcdefABCDEF";

    static Task<Harness.Result> Dispatch(FakeGitHub github, params string[] args) =>
        Harness.Run<Trinity.Build.Build>(["DispatchSecretBackends", "--repository", "trinity-platform/trinity-delivery", "--github-api-url",
            github.Url, "--poll-interval", "20ms", .. args],
            new() { Root = Harness.TempRoot(), Default = Trinity.Build.Build.DefaultTarget, Environment = { ["GITHUB_TOKEN"] = Token } });

    [Fact]
    public async Task A_dispatch_is_followed_to_success_and_prints_the_run()
    {
        using var github = new FakeGitHub();
        var run = await Dispatch(github, "--cloud", "gcp", "--action", "apply");
        run.ExitCode.ShouldBe(0, run.All);
        var (path, authorization, body) = github.Dispatches.ShouldHaveSingleItem();
        path.ShouldBe("/repos/trinity-platform/trinity-delivery/actions/workflows/secret-backends.yml/dispatches");
        authorization.ShouldBe($"Token {Token}");
        body!["ref"]!.ToString().ShouldBe("main");
        body["return_run_details"]!.GetValue<bool>().ShouldBeTrue();
        var inputs = body["inputs"]!.AsObject();
        inputs["dispatch_id"]!.ToString().ShouldMatch("^[0-9a-f]{32}$");
        inputs.Remove("dispatch_id");
        inputs.ToJsonString().ShouldBe("""{"cloud":"gcp","action":"apply","confirm":"","environment":"dev"}""");
        run.Out.ShouldContain("run 41: https://github.com/trinity-platform/trinity-delivery/actions/runs/9001");
        run.Out.ShouldContain("run 41 in progress");
        run.Out.ShouldContain("run 41 succeeded: https://github.com/trinity-platform/trinity-delivery/actions/runs/9001");
        run.All.ShouldNotContain(Token);
    }

    [Fact]
    public async Task A_failed_run_fails_the_target_with_its_conclusion_and_URL()
    {
        using var github = new FakeGitHub { Conclusion = "failure" };
        var run = await Dispatch(github, "--cloud", "aws", "--action", "delete", "--confirm", "trinity-dev-aws");
        run.ExitCode.ShouldBe(1);
        github.Dispatches.Single().Body!["inputs"]!["confirm"]!.ToString().ShouldBe("trinity-dev-aws");
        run.Out.ShouldContain("run 41 concluded failure: https://github.com/trinity-platform/trinity-delivery/actions/runs/9001");
    }

    [Fact]
    public async Task A_run_that_does_not_finish_in_time_says_so()
    {
        using var github = new FakeGitHub { Conclusion = null };
        var run = await Dispatch(github, "--cloud", "azure", "--dispatch-timeout", "1s");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("secret-backends.yml did not finish within 1s; follow it on GitHub (Actions → secret-backends.yml)");
    }

    [Fact]
    public async Task A_delete_without_the_confirmation_is_refused_before_anything_is_dispatched()
    {
        using var github = new FakeGitHub();
        var run = await Dispatch(github, "--cloud", "aws", "--action", "delete");
        run.ExitCode.ShouldBe(2);
        run.Error.Trim()
            .ShouldBe("DispatchSecretBackends: refusing to dispatch delete without --confirm trinity-dev-aws (nothing was dispatched)");
        github.Dispatches.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_workflow_GitHub_does_not_know_is_one_clear_line()
    {
        using var github = new FakeGitHub { WorkflowMissing = true };
        var run = await Dispatch(github, "--cloud", "gcp");
        run.ExitCode.ShouldBe(1);
        run.Out.Split('\n').ShouldContain(l => l.Contains("GitHub answered 404: Not Found (is the workflow on that ref, and may the " +
            "token see the repository?)", StringComparison.Ordinal), run.Out);
        run.All.ShouldNotContain(Token);
    }

    [Fact]
    public async Task A_GitHub_that_cannot_be_reached_is_one_line_naming_the_address()
    {
        // A port that was just free: nothing listens there, so the connection is refused at once.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/";
        listener.Stop();
        var run = await Harness.Run<Trinity.Build.Build>(["DispatchSecretBackends", "--repository", "trinity-platform/trinity-delivery",
            "--github-api-url", url, "--cloud", "gcp"],
            new() { Root = Harness.TempRoot(), Default = Trinity.Build.Build.DefaultTarget, Environment = { ["GITHUB_TOKEN"] = Token } });
        run.ExitCode.ShouldBe(1, run.All);
        run.Out.Split('\n').ShouldContain(l => l.Contains($"DispatchSecretBackends failed: GitHub could not be reached at {url}: ",
            StringComparison.Ordinal), run.Out);
        run.All.ShouldNotContain("Exception");
        run.All.ShouldNotContain(Token);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_concurrent_foreign_dispatch_on_the_same_ref_is_never_taken_for_ours(bool serverReturnsTheRun)
    {
        // Two more dispatches of the same workflow on main land right after ours: their runs are the newest.
        using var github = new FakeGitHub { ReturnsRunDetails = serverReturnsTheRun, ForeignDispatches = 2 };
        var run = await Dispatch(github, "--cloud", "gcp", "--action", "apply");
        run.ExitCode.ShouldBe(0, run.All);
        run.Out.ShouldContain("run 41: https://github.com/trinity-platform/trinity-delivery/actions/runs/9001");
        run.Out.ShouldNotContain("runs/9002");
        run.Out.ShouldNotContain("runs/9003");
        // Without the run in the answer, ours is found by the dispatch id in its name, reading one page of runs.
        var lists = github.Requests.Count(r => r.Call.EndsWith("/actions/workflows/secret-backends.yml/runs", StringComparison.Ordinal));
        if (serverReturnsTheRun) lists.ShouldBe(0);
        else
        {
            lists.ShouldBe(1);
            run.Out.ShouldContain("the server did not return the run; looking for the run named with dispatch id");
        }
    }

    [Theory]
    [InlineData("refs/heads/main", "refs/heads/main")]
    [InlineData("v1.4.0", "v1.4.0")]
    [InlineData(FakeGitHub.HeadSha, "main")]
    public async Task A_branch_a_full_ref_a_tag_or_a_branch_head_s_SHA_is_dispatched(string gitRef, string dispatched)
    {
        using var github = new FakeGitHub { ReturnsRunDetails = false };
        var run = await Dispatch(github, "--cloud", "aws", "--git-ref", gitRef);
        run.ExitCode.ShouldBe(0, run.All);
        github.Dispatches.Single().Body!["ref"]!.ToString().ShouldBe(dispatched);
        run.Out.ShouldContain("run 41 succeeded");
    }

    [Fact]
    public async Task A_SHA_that_heads_no_branch_is_refused_before_anything_is_dispatched()
    {
        using var github = new FakeGitHub();
        var run = await Dispatch(github, "--cloud", "aws", "--git-ref", "0123456789abcdef0123456789abcdef01234567");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("--git-ref 0123456789abcdef0123456789abcdef01234567 is not the head of any branch of " +
            "trinity-platform/trinity-delivery, and GitHub dispatches a workflow on a branch or tag only");
        github.Dispatches.ShouldBeEmpty();
    }
}
