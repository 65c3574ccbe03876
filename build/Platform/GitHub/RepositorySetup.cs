using System.Text.Json.Nodes;
using Engine;

namespace Trinity.Build.Platform.GitHub;

/// <summary>One GitHub environment as the workflows need it: deployments from <see cref="RepositorySetup.Branch"/>
/// only, the variables its jobs read, and its reviewers (null: keep whatever is set).</summary>
public sealed record DesiredEnvironment(string Name, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<Reviewer>? Reviewers);

/// <summary>A required reviewer of an environment: a user (login) or a team (org/slug), with GitHub's id for it.</summary>
public sealed record Reviewer(string Type, long Id, string Name);

/// <summary>One line of what ConfigureGitHub did or would do.</summary>
public sealed record SetupRow(string Scope, string Setting, string Value, string Result)
{
    public bool Changes => Result is not "unchanged";
}

/// <summary>Brings a repository's environments and variables to the desired state and says, per setting, whether it
/// was created, changed or left alone. Reads first and writes only what differs, so a second run changes nothing;
/// every write goes through <see cref="Changes"/>, so a dry run prints each call with its body instead. Writes no
/// secret: the values are identifiers (role ARNs, client ids, service-account emails).</summary>
public sealed class RepositorySetup(GitHubRest api, string owner, string name)
{
    /// <summary>The only branch the environments accept deployments from: the branch the workflows deploy on push.</summary>
    public const string Branch = "main";

    string Repo => $"repos/{owner}/{name}";

    public async Task<IReadOnlyList<Reviewer>> ResolveReviewersAsync(IReadOnlyList<string> specs, CancellationToken ct)
    {
        var reviewers = new List<Reviewer>();
        foreach (var spec in specs)
        {
            var team = spec.Split('/');
            var path = team.Length == 2 ? $"orgs/{team[0]}/teams/{team[1]}" : $"users/{spec}";
            Changes.Reading($"GET {path}");
            var found = await api.GetAsync(path, ct) ?? throw new TargetFailedException(
                $"--secrets-reviewers: GitHub knows no {(team.Length == 2 ? "team" : "user")} '{spec}' (a user login, or org/team-slug)");
            reviewers.Add(new Reviewer(team.Length == 2 ? "Team" : "User", found["id"]!.GetValue<long>(), spec));
        }
        return reviewers;
    }

    public async Task<IReadOnlyList<SetupRow>> ApplyAsync(IReadOnlyList<DesiredEnvironment> environments,
        IReadOnlyDictionary<string, string> repositoryVariables, CancellationToken ct)
    {
        var rows = new List<SetupRow>();
        foreach (var (key, value) in repositoryVariables)
            rows.Add(await VariableAsync("repository", $"{Repo}/actions/variables", key, value, ct));
        foreach (var environment in environments)
        {
            var path = $"{Repo}/environments/{Uri.EscapeDataString(environment.Name)}";
            rows.AddRange(await EnvironmentAsync(environment, path, ct));
            rows.AddRange(await BranchPolicyAsync(environment.Name, path, ct));
            foreach (var (key, value) in environment.Variables)
                rows.Add(await VariableAsync(environment.Name, $"{path}/variables", key, value, ct));
        }
        return rows;
    }

    async Task<IEnumerable<SetupRow>> EnvironmentAsync(DesiredEnvironment desired, string path, CancellationToken ct)
    {
        var current = await ReadAsync(path, ct);
        var policy = current?["deployment_branch_policy"];
        var currentReviewers = (current?["protection_rules"]?.AsArray() ?? [])
            .Where(r => r?["type"]?.ToString() == "required_reviewers")
            .SelectMany(r => r!["reviewers"]?.AsArray() ?? [])
            .Select(r => new Reviewer(r!["type"]!.ToString(), r["reviewer"]!["id"]!.GetValue<long>(),
                r["reviewer"]!["login"]?.ToString() ?? r["reviewer"]!["slug"]?.ToString() ?? ""))
            .ToList();
        var reviewers = desired.Reviewers ?? currentReviewers;
        var branchPolicyRight = policy?["custom_branch_policies"]?.GetValue<bool>() == true
            && policy["protected_branches"]?.GetValue<bool>() == false;
        var reviewersRight = reviewers.Select(r => (r.Type, r.Id)).Order()
            .SequenceEqual(currentReviewers.Select(r => (r.Type, r.Id)).Order());
        var shown = reviewers.Count == 0 ? "no reviewers" : "reviewers " + string.Join(", ", reviewers.Select(r => r.Name));
        var result = current is null ? "created" : branchPolicyRight && reviewersRight ? "unchanged" : "changed";
        if (result != "unchanged")
        {
            // PUT replaces the protection rules: what this target does not manage (wait timer, self-review) is sent back as it is.
            JsonNode? Rule(string type) => current?["protection_rules"]?.AsArray().FirstOrDefault(r => r?["type"]?.ToString() == type);
            var body = new JsonObject
            {
                ["wait_timer"] = Rule("wait_timer")?["wait_timer"]?.GetValue<int>() ?? 0,
                ["prevent_self_review"] = Rule("required_reviewers")?["prevent_self_review"]?.GetValue<bool>() ?? false,
                ["reviewers"] = new JsonArray([.. reviewers.Select(r => (JsonNode)new JsonObject { ["type"] = r.Type, ["id"] = r.Id })]),
                ["deployment_branch_policy"] = new JsonObject { ["protected_branches"] = false, ["custom_branch_policies"] = true },
            };
            if (!await Changes.MakeAsync($"PUT {path} {body.ToJsonString()}", () => api.PutAsync(path, body))) result = Would(result);
        }
        return [new SetupRow(desired.Name, "environment", shown, result)];
    }

    async Task<IEnumerable<SetupRow>> BranchPolicyAsync(string environment, string path, CancellationToken ct)
    {
        var policies = (await ReadAsync($"{path}/deployment-branch-policies", ct))?["branch_policies"]?.AsArray() ?? [];
        var rows = new List<SetupRow>();
        var ours = policies.Any(p => p?["name"]?.ToString() == Branch && (p["type"]?.ToString() ?? "branch") == "branch");
        if (ours) rows.Add(new SetupRow(environment, "deployment branch", Branch, "unchanged"));
        else
        {
            var body = new JsonObject { ["name"] = Branch, ["type"] = "branch" };
            var made = await Changes.MakeAsync($"POST {path}/deployment-branch-policies {body.ToJsonString()}",
                () => api.PostAsync($"{path}/deployment-branch-policies", body, ct));
            rows.Add(new SetupRow(environment, "deployment branch", Branch, made ? "created" : Would("created")));
        }
        foreach (var other in policies.Where(p => !(p?["name"]?.ToString() == Branch && (p["type"]?.ToString() ?? "branch") == "branch")))
        {
            var id = other!["id"]!.ToString();
            var made = await Changes.MakeAsync($"DELETE {path}/deployment-branch-policies/{id}",
                () => api.DeleteAsync($"{path}/deployment-branch-policies/{id}"));
            rows.Add(new SetupRow(environment, $"deployment {other["type"]?.ToString() ?? "branch"}", other["name"]?.ToString() ?? id,
                made ? "removed" : Would("removed")));
        }
        return rows;
    }

    async Task<SetupRow> VariableAsync(string scope, string collection, string key, string value, CancellationToken ct)
    {
        var current = await ReadAsync($"{collection}/{key}", ct);
        var body = new JsonObject { ["name"] = key, ["value"] = value };
        if (current is null)
        {
            var made = await Changes.MakeAsync($"POST {collection} {body.ToJsonString()}", () => api.PostAsync(collection, body, ct));
            return new SetupRow(scope, $"variable {key}", value, made ? "created" : Would("created"));
        }
        if (current["value"]?.ToString() == value) return new SetupRow(scope, $"variable {key}", value, "unchanged");
        var changed = await Changes.MakeAsync($"PATCH {collection}/{key} {body.ToJsonString()}",
            () => api.PatchAsync($"{collection}/{key}", body));
        return new SetupRow(scope, $"variable {key}", value, changed ? "changed" : Would("changed"));
    }

    Task<JsonNode?> ReadAsync(string path, CancellationToken ct)
    {
        Changes.Reading($"GET {path}");
        return api.GetAsync(path, ct);
    }

    static string Would(string result) => result switch
    {
        "created" => "would create",
        "changed" => "would change",
        "removed" => "would remove",
        _ => result,
    };
}
