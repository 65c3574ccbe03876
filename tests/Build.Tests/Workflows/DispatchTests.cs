namespace Build.Tests.Workflows;

/// <summary>DispatchSecretBackends with Octokit against a fake GitHub API: the dispatch body and auth, finding the
/// run, following it, and exiting with its conclusion. The token never shows.</summary>
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
        body["inputs"]!.ToJsonString().ShouldBe("""{"cloud":"gcp","action":"apply","confirm":"","environment":"dev"}""");
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
        run.Out.ShouldContain("GitHub answered 404: repos/trinity-platform/trinity-delivery/actions/workflows/secret-backends.yml/runs " +
            "was not found. (is the workflow on that ref, and may the token see the repository?)");
        run.All.ShouldNotContain(Token);
    }
}
