using System.Text.Json.Nodes;

namespace Build.Tests.Workflows;

/// <summary>ConfigureGitHub against the fake GitHub API and the fake pulumi (the foundation stacks' outputs): the
/// environments each job's OIDC subject names, deployments from main only, the variables from the foundation,
/// idempotence, the dry run, reviewers, and refusals that leave the repository untouched.</summary>
public sealed class ConfigureGitHubTests
{
    const string Token = "ghp_canaryToken0123456789abcdefABCDEF";
    const string Repo = "trinity-platform/trinity-delivery";

    static Task<Harness.Result> Configure(FakeInfra infra, FakeGitHub github, params string[] args)
    {
        infra.Environment["GITHUB_TOKEN"] = Token;
        return infra.RunAsync(["ConfigureGitHub", "--repository", Repo, "--github-api-url", github.Url, .. args]);
    }

    static string Variable(FakeGitHub github, string environment, string name) => github.EnvironmentVariables[environment][name];

    [Fact]
    public async Task A_first_run_creates_every_environment_with_main_only_and_the_foundation_s_identifiers()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        var run = await Configure(infra, github, "--cloud", "all");
        run.ExitCode.ShouldBe(0, run.All);

        github.Environments.Keys.Order().ShouldBe(
        [
            "dev-aws", "dev-azure", "dev-gcp", "secrets-dev-aws", "secrets-dev-azure", "secrets-dev-gcp",
            "validate-dev-aws", "validate-dev-azure", "validate-dev-gcp",
        ]);
        foreach (var (name, environment) in github.Environments)
        {
            environment["deployment_branch_policy"]!["custom_branch_policies"]!.GetValue<bool>().ShouldBeTrue(name);
            environment["deployment_branch_policy"]!["protected_branches"]!.GetValue<bool>().ShouldBeFalse(name);
            github.BranchPolicies[name].Select(p => $"{p["type"]}:{p["name"]}").ShouldBe(["branch:main"], name);
        }
        // Each job's identity: the deploy role, the secrets role and the read-only one, from the foundation's outputs.
        Variable(github, "dev-aws", "AWS_ROLE_ARN").ShouldBe("arn:aws:iam::123456789012:role/trinity-dev-aws-deploy");
        Variable(github, "secrets-dev-aws", "AWS_ROLE_ARN").ShouldBe("arn:aws:iam::123456789012:role/trinity-dev-aws-secrets");
        Variable(github, "validate-dev-aws", "AWS_ROLE_ARN").ShouldBe("arn:aws:iam::123456789012:role/trinity-dev-aws-validate");
        Variable(github, "validate-dev-aws", "AWS_REGION").ShouldBe("us-east-1");
        Variable(github, "secrets-dev-gcp", "GCP_SERVICE_ACCOUNT")
            .ShouldBe("trinity-dev-gcp-secrets@trinity-platform-dev.iam.gserviceaccount.com");
        Variable(github, "dev-gcp", "GCP_WORKLOAD_IDENTITY_PROVIDER")
            .ShouldBe("projects/123456789012/locations/global/workloadIdentityPools/trinity-dev-gcp-github/providers/github");
        Variable(github, "validate-dev-azure", "AZURE_CLIENT_ID").ShouldBe("5e0c8a3d-3333-4a4a-9b9b-aaaabbbbcccc");
        Variable(github, "dev-azure", "AZURE_TENANT_ID").ShouldBe("72f988bf-86f1-41af-91ab-2d7cd011db47");
        github.EnvironmentVariables.Values.Sum(v => v.Count).ShouldBe(3 * (2 + 2 + 3));

        run.Out.ShouldContain("secrets-dev-gcp");
        run.Out.ShouldContain("variable AWS_ROLE_ARN");
        run.Out.ShouldContain("created");
        // No secrets API is ever called (repository or environment secrets: .../secrets, .../secrets/NAME).
        github.Requests.ShouldNotContain(r => System.Text.RegularExpressions.Regex.IsMatch(r.Call, "/secrets(/|$)"));
        github.RepositoryVariables.ShouldBeEmpty();
        run.All.ShouldNotContain(Token);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(infra.Copy.Root, ".nuke", "temp", "github", "setup.json")))!;
        report["repository"]!.ToString().ShouldBe(Repo);
        report["rows"]!.AsArray().Count.ShouldBe(9 * 2 + 21);
    }

    [Fact]
    public async Task A_second_run_changes_nothing_and_says_so()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        (await Configure(infra, github, "--cloud", "gcp")).ExitCode.ShouldBe(0);
        var writes = github.Writes.Count();

        var again = await Configure(infra, github, "--cloud", "gcp");
        again.ExitCode.ShouldBe(0, again.All);
        github.Writes.Count().ShouldBe(writes);
        again.Out.ShouldContain("12 settings, all unchanged");
    }

    [Fact]
    public async Task What_differs_is_changed_and_what_it_does_not_manage_is_kept()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        (await Configure(infra, github, "--cloud", "aws")).ExitCode.ShouldBe(0);
        // By hand afterwards: a stale role, a second deployment branch, a reviewer on the deploy environment, and one
        // on the daily check's (which must never wait).
        github.EnvironmentVariables["dev-aws"]["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/old";
        github.BranchPolicies["dev-aws"].Add(new JsonObject { ["id"] = 99, ["name"] = "release/*", ["type"] = "branch" });
        foreach (var environment in new[] { "dev-aws", "validate-dev-aws" })
            github.Environments[environment]["protection_rules"] = new JsonArray(new JsonObject
            {
                ["type"] = "required_reviewers", ["prevent_self_review"] = true,
                ["reviewers"] = new JsonArray(new JsonObject
                    { ["type"] = "User", ["reviewer"] = new JsonObject { ["id"] = 1002, ["login"] = "bob" } }),
            });

        var before = github.Writes.Count();
        var run = await Configure(infra, github, "--cloud", "aws");
        run.ExitCode.ShouldBe(0, run.All);
        var writes = github.Writes.Skip(before).ToList();
        Variable(github, "dev-aws", "AWS_ROLE_ARN").ShouldBe("arn:aws:iam::123456789012:role/trinity-dev-aws-deploy");
        github.BranchPolicies["dev-aws"].Select(p => p["name"]!.ToString()).ShouldBe(["main"]);
        writes.ShouldContain("DELETE /repos/trinity-platform/trinity-delivery/environments/dev-aws/deployment-branch-policies/99");
        // The deploy environment's reviewer is the team's choice and stays; validate's is removed.
        writes.ShouldNotContain("PUT /repos/trinity-platform/trinity-delivery/environments/dev-aws");
        github.Environments["validate-dev-aws"]["protection_rules"]!.AsArray().ShouldBeEmpty();
        run.Out.ShouldContain("removed");
        run.Out.ShouldContain("changed");
    }

    [Fact]
    public async Task A_dry_run_prints_every_call_with_its_body_and_writes_nothing()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        var run = await Configure(infra, github, "--cloud", "gcp", "--grafana-cloud-user", "123456", "--dry-run");
        run.ExitCode.ShouldBe(0, run.All);
        github.Writes.ShouldBeEmpty();
        github.Environments.ShouldBeEmpty();
        run.Out.ShouldContain("would PUT repos/trinity-platform/trinity-delivery/environments/validate-dev-gcp {\"wait_timer\":0,");
        run.Out.ShouldContain("would POST repos/trinity-platform/trinity-delivery/environments/dev-gcp/deployment-branch-policies " +
            "{\"name\":\"main\",\"type\":\"branch\"}");
        run.Out.ShouldContain("would POST repos/trinity-platform/trinity-delivery/environments/secrets-dev-gcp/variables " +
            "{\"name\":\"GCP_SERVICE_ACCOUNT\",\"value\":\"trinity-dev-gcp-secrets@trinity-platform-dev.iam.gserviceaccount.com\"}");
        run.Out.ShouldContain("would POST repos/trinity-platform/trinity-delivery/actions/variables " +
            "{\"name\":\"GRAFANA_CLOUD_USER\",\"value\":\"123456\"}");
        run.Out.ShouldContain("reading (runs in a dry run too): GET repos/trinity-platform/trinity-delivery/environments/dev-gcp");
        run.Out.ShouldContain("would create");
        run.Out.ShouldContain("would change (dry run)");
    }

    [Fact]
    public async Task Reviewers_go_on_the_secrets_environments_only()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        var run = await Configure(infra, github, "--cloud", "azure", "--secrets-reviewers", "alice,trinity-platform/platform-admins");
        run.ExitCode.ShouldBe(0, run.All);
        var rules = github.Environments["secrets-dev-azure"]["protection_rules"]!.AsArray();
        rules.ShouldHaveSingleItem()!["reviewers"]!.AsArray().Select(r => r!["reviewer"]!["id"]!.GetValue<long>()).ShouldBe([1001L, 2001L]);
        github.Environments["dev-azure"]["protection_rules"]!.AsArray().ShouldBeEmpty();
        github.Environments["validate-dev-azure"]["protection_rules"]!.AsArray().ShouldBeEmpty();
        run.Out.ShouldContain("reviewers alice,");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(infra.Copy.Root, ".nuke", "temp", "github", "setup.json")))!;
        report["rows"]!.AsArray().Where(r => r!["setting"]!.ToString() == "environment")
            .Select(r => $"{r!["scope"]}: {r["value"]}").ShouldBe(
            [
                "dev-azure: no reviewers", "secrets-dev-azure: reviewers alice, trinity-platform/platform-admins",
                "validate-dev-azure: no reviewers",
            ]);
    }

    [Fact]
    public async Task An_unknown_reviewer_is_one_line_and_nothing_is_written()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        var run = await Configure(infra, github, "--cloud", "aws", "--secrets-reviewers", "nobody-here");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("--secrets-reviewers: GitHub knows no user 'nobody-here' (a user login, or org/team-slug)");
        github.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_foundation_that_trusts_another_repository_is_refused_before_any_write()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        infra.Outputs["foundation-gcp"]["githubRepository"] = FakeInfra.Entry("someone/elses-fork");
        var run = await Configure(infra, github, "--cloud", "aws,gcp");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("trusts someone/elses-fork, not trinity-platform/trinity-delivery");
        run.Out.ShouldContain("./build.sh Bootstrap --cloud gcp");
        github.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_foundation_without_an_output_names_Bootstrap()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        infra.Outputs["foundation-aws"].Remove("validateRoleArn");
        var run = await Configure(infra, github, "--cloud", "aws", "--environment", "dev");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("has no output validateRoleArn; an administrator runs ./build.sh Bootstrap --cloud aws");
        github.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_foundation_that_never_ran_is_pulumi_s_own_line_and_names_Bootstrap()
    {
        var infra = new FakeInfra();
        using var github = new FakeGitHub();
        infra.Config.Remove("foundation-azure");
        infra.Outputs.Remove("foundation-azure");
        var run = await Configure(infra, github, "--cloud", "azure");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("trinity-foundation-azure/dev cannot be read (error: no stack named 'dev' found); if it never ran, an " +
            "administrator runs ./build.sh Bootstrap --cloud azure");
        github.Writes.ShouldBeEmpty();
    }
}
