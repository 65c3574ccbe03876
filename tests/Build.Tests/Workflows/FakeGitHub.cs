using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Build.Tests.Workflows;

/// <summary>The part of GitHub's REST API the build uses, on 127.0.0.1, with GitHub's shapes:
/// - dispatch: 200 with workflow_run_id/run_url/html_url when asked with return_run_details (github.com since
///   2026-02-19), or 204 without a body (<see cref="ReturnsRunDetails"/> false, like GitHub Enterprise Server); each
///   run is named from the workflow's run-name with its dispatch_id, and goes queued → in_progress → completed as
///   it is polled; <see cref="ForeignDispatches"/> adds someone else's dispatch of the same workflow a moment later;
/// - commits/{sha}/branches-where-head; environments (PUT replaces), their deployment branch policies and variables;
///   repository variables; users and teams.
/// Octokit addresses a non-github.com host as GitHub Enterprise (/api/v3/), which is stripped here.</summary>
internal sealed class FakeGitHub : IDisposable
{
    public const string HeadSha = "4f1c2e9a7b3d5e6f708192a3b4c5d6e7f8091a2b";

    readonly HttpListener _listener;
    readonly List<JsonObject> _runs = [];
    readonly Lock _gate = new();
    int _polls;
    int _ids;

    public FakeGitHub()
    {
        (_listener, Url) = LoopbackListener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>The conclusion the run reaches after <see cref="PollsUntilDone"/> polls; null: it never finishes.</summary>
    public string? Conclusion { get; set; } = "success";
    public int PollsUntilDone { get; set; } = 3;
    public bool WorkflowMissing { get; set; }
    public bool ReturnsRunDetails { get; set; } = true;
    /// <summary>Someone else's dispatches of the same workflow on the same ref, each a moment after ours (newer).</summary>
    public int ForeignDispatches { get; set; }

    public List<(string Path, string? Authorization, JsonObject? Body)> Dispatches { get; } = [];

    /// <summary>Every request as "METHOD path" with its body, in order.</summary>
    public List<(string Call, JsonObject? Body)> Requests { get; } = [];

    public Dictionary<string, JsonObject> Environments { get; } = [];
    public Dictionary<string, List<JsonObject>> BranchPolicies { get; } = [];
    public Dictionary<string, Dictionary<string, string>> EnvironmentVariables { get; } = [];
    public Dictionary<string, string> RepositoryVariables { get; } = [];
    public Dictionary<string, long> Users { get; } = new() { ["alice"] = 1001, ["bob"] = 1002 };
    public Dictionary<string, long> Teams { get; } = new() { ["trinity-platform/platform-admins"] = 2001 };

    public IEnumerable<string> Writes => Requests.Select(r => r.Call).Where(c => !c.StartsWith("GET ", StringComparison.Ordinal));

    public void Dispose() => _listener.Close();

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            (int Status, string? Body) answer;
            // A fault of the fake answers 500 with its message instead of ending the loop (and hanging every client).
            try { answer = Answer(context.Request); }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or System.Text.Json.JsonException
                                          or KeyNotFoundException or FormatException)
            { answer = (500, new JsonObject { ["message"] = $"fake GitHub: {e.GetType().Name}: {e.Message}" }.ToJsonString()); }
            var (status, body) = answer;
            context.Response.StatusCode = status;
            if (body is not null)
            {
                context.Response.ContentType = "application/json";
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            context.Response.Close();
        }
    }

    static readonly (int, string?) NotFound = (404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");

    (int Status, string? Body) Answer(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath.Replace("/api/v3", "", StringComparison.Ordinal);
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        using var reader = new StreamReader(request.InputStream);
        var text = reader.ReadToEnd();
        var body = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        var method = request.HttpMethod;
        lock (_gate)
        {
            Requests.Add(($"{method} {path}", body));
            if (WorkflowMissing) return NotFound;
            return (method, parts) switch
            {
                ("POST", ["repos", var o, var r, "actions", "workflows", _, "dispatches"]) => Dispatch(path, request, body!, o, r),
                ("GET", ["repos", _, _, "actions", "workflows", _, "runs"]) => (200, new JsonObject
                {
                    ["total_count"] = _runs.Count,
                    ["workflow_runs"] =
                        new JsonArray([.. _runs.OrderByDescending(r => r["id"]!.GetValue<int>()).Select(r => (JsonNode)r.DeepClone())]),
                }.ToJsonString()),
                ("GET", ["repos", _, _, "actions", "runs", var id]) => Poll(id),
                ("GET", ["repos", _, _, "commits", var sha, "branches-where-head"]) => (200, sha == HeadSha
                    ? """[{"name":"main","commit":{"sha":"4f1c2e9a7b3d5e6f708192a3b4c5d6e7f8091a2b","url":""},"protected":true}]""" : "[]"),
                ("GET", ["users", var login]) => Users.TryGetValue(login, out var user)
                    ? (200, new JsonObject { ["login"] = login, ["id"] = user, ["type"] = "User" }.ToJsonString()) : NotFound,
                ("GET", ["orgs", var org, "teams", var slug]) => Teams.TryGetValue($"{org}/{slug}", out var team)
                    ? (200, new JsonObject { ["slug"] = slug, ["id"] = team }.ToJsonString()) : NotFound,
                ("GET", ["repos", _, _, "actions", "variables", var name]) => RepositoryVariables.TryGetValue(name, out var v)
                    ? (200, new JsonObject { ["name"] = name, ["value"] = v }.ToJsonString()) : NotFound,
                ("POST", ["repos", _, _, "actions", "variables"]) => Create(RepositoryVariables, body!),
                ("PATCH", ["repos", _, _, "actions", "variables", var name]) => Update(RepositoryVariables, name, body!),
                ("GET", ["repos", _, _, "environments", var env]) => Environments.TryGetValue(env, out var e)
                    ? (200, e.ToJsonString()) : NotFound,
                ("PUT", ["repos", _, _, "environments", var env]) => PutEnvironment(env, body ?? []),
                ("GET", ["repos", _, _, "environments", var env, "deployment-branch-policies"]) => Environments.ContainsKey(env)
                    ? (200, new JsonObject
                    {
                        ["total_count"] = BranchPolicies.GetValueOrDefault(env)?.Count ?? 0,
                        ["branch_policies"] =
                            new JsonArray([.. (BranchPolicies.GetValueOrDefault(env) ?? []).Select(p => (JsonNode)p.DeepClone())]),
                    }.ToJsonString()) : NotFound,
                ("POST", ["repos", _, _, "environments", var env, "deployment-branch-policies"]) => AddPolicy(env, body!),
                ("DELETE", ["repos", _, _, "environments", var env, "deployment-branch-policies", var id]) => RemovePolicy(env, id),
                ("GET", ["repos", _, _, "environments", var env, "variables", var name]) =>
                    EnvironmentVariables.GetValueOrDefault(env)?.GetValueOrDefault(name) is { } v
                        ? (200, new JsonObject { ["name"] = name, ["value"] = v }.ToJsonString()) : NotFound,
                ("POST", ["repos", _, _, "environments", var env, "variables"]) => Environments.ContainsKey(env)
                    ? Create(Variables(env), body!) : NotFound,
                ("PATCH", ["repos", _, _, "environments", var env, "variables", var name]) => Update(Variables(env), name, body!),
                _ => NotFound,
            };
        }
    }

    (int, string?) Dispatch(string path, HttpListenerRequest request, JsonObject body, string owner, string repo)
    {
        Dispatches.Add((path, request.Headers["Authorization"], body));
        var ours = NewRun(owner, repo, body["ref"]!.ToString(), (JsonObject)body["inputs"]!);
        for (var i = 0; i < ForeignDispatches; i++)
        {
            var foreign = (JsonObject)body["inputs"]!.DeepClone();
            foreign["dispatch_id"] = $"someone-else-{i}";
            NewRun(owner, repo, body["ref"]!.ToString(), foreign);
        }
        if (!ReturnsRunDetails || body["return_run_details"]?.GetValue<bool>() != true) return (204, null);
        return (200, new JsonObject
        {
            ["workflow_run_id"] = ours["id"]!.DeepClone(), ["run_url"] = ours["url"]!.DeepClone(),
            ["html_url"] = ours["html_url"]!.DeepClone(),
        }.ToJsonString());
    }

    JsonObject NewRun(string owner, string repo, string gitRef, JsonObject inputs)
    {
        var id = 9001 + _runs.Count;
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        // The run-name of secret-backends.yml, as GitHub renders it from the inputs.
        var title = $"{inputs["action"]} {inputs["cloud"]} secret backend ({inputs["environment"]}) {inputs["dispatch_id"]}";
        var run = new JsonObject
        {
            ["id"] = id, ["name"] = "Secret backends", ["display_title"] = title, ["run_number"] = 40 + _runs.Count + 1,
            ["event"] = "workflow_dispatch", ["status"] = "queued", ["conclusion"] = null,
            ["head_branch"] = gitRef.Replace("refs/heads/", "", StringComparison.Ordinal), ["head_sha"] = HeadSha,
            ["workflow_id"] = 77, ["url"] = $"{Url}repos/{owner}/{repo}/actions/runs/{id}",
            ["html_url"] = $"https://github.com/{owner}/{repo}/actions/runs/{id}",
            ["created_at"] = now, ["updated_at"] = now, ["run_started_at"] = now, ["run_attempt"] = 1,
        };
        _runs.Add(run);
        return run;
    }

    (int, string?) Poll(string id)
    {
        if (_runs.FirstOrDefault(r => r["id"]!.ToString() == id) is not { } run) return NotFound;
        _polls++;
        run["status"] = _polls >= PollsUntilDone && Conclusion is not null ? "completed" : "in_progress";
        if (run["status"]!.ToString() == "completed") run["conclusion"] = Conclusion;
        return (200, run.ToJsonString());
    }

    (int, string?) PutEnvironment(string env, JsonObject body)
    {
        var rules = new JsonArray();
        if (body["wait_timer"]?.GetValue<int>() is > 0 and var wait)
            rules.Add(new JsonObject { ["type"] = "wait_timer", ["wait_timer"] = wait });
        if (body["reviewers"] is JsonArray { Count: > 0 } reviewers)
            rules.Add(new JsonObject
            {
                ["type"] = "required_reviewers", ["prevent_self_review"] = body["prevent_self_review"]?.GetValue<bool>() ?? false,
                ["reviewers"] = new JsonArray([.. reviewers.Select(r => (JsonNode)new JsonObject
                {
                    ["type"] = r!["type"]!.ToString(),
                    ["reviewer"] = Reviewer(r["type"]!.ToString(), r["id"]!.GetValue<long>()),
                })]),
            });
        Environments[env] = new JsonObject
        {
            ["name"] = env, ["protection_rules"] = rules,
            ["deployment_branch_policy"] = body["deployment_branch_policy"]?.DeepClone(),
        };
        return (200, Environments[env].ToJsonString());
    }

    JsonObject Reviewer(string type, long id) => type == "User"
        ? new JsonObject { ["id"] = id, ["login"] = Users.First(u => u.Value == id).Key }
        : new JsonObject { ["id"] = id, ["slug"] = Teams.First(t => t.Value == id).Key };

    (int, string?) AddPolicy(string env, JsonObject body)
    {
        if (!Environments.ContainsKey(env)) return NotFound;
        var policy = new JsonObject
            { ["id"] = ++_ids, ["name"] = body["name"]!.ToString(), ["type"] = body["type"]?.ToString() ?? "branch" };
        (BranchPolicies.TryGetValue(env, out var list) ? list : BranchPolicies[env] = []).Add(policy);
        return (200, policy.ToJsonString());
    }

    (int, string?) RemovePolicy(string env, string id) =>
        BranchPolicies.GetValueOrDefault(env)?.RemoveAll(p => p["id"]!.ToString() == id) > 0 ? (204, null) : NotFound;

    Dictionary<string, string> Variables(string env) =>
        EnvironmentVariables.TryGetValue(env, out var variables) ? variables : EnvironmentVariables[env] = [];

    static (int, string?) Create(Dictionary<string, string> variables, JsonObject body)
    {
        var name = body["name"]!.ToString();
        if (variables.ContainsKey(name)) return (409, """{"message":"Already exists"}""");
        variables[name] = body["value"]!.ToString();
        return (201, "{}");
    }

    static (int, string?) Update(Dictionary<string, string> variables, string name, JsonObject body)
    {
        if (!variables.ContainsKey(name)) return NotFound;
        variables[name] = body["value"]!.ToString();
        return (204, null);
    }
}
