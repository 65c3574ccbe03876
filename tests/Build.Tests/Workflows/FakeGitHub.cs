using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Build.Tests.Workflows;

/// <summary>The part of GitHub's REST API that DispatchSecretBackends uses, on 127.0.0.1: workflow runs list, the
/// dispatch (204, no run id, as GitHub answers), and one run that goes queued → in_progress → completed as it is
/// polled. Octokit addresses a non-github.com host as GitHub Enterprise (/api/v3/), which is stripped here.</summary>
internal sealed class FakeGitHub : IDisposable
{
    readonly HttpListener _listener;
    readonly List<JsonObject> _runs = [];
    readonly Lock _gate = new();
    int _polls;

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

    public List<(string Path, string? Authorization, JsonObject? Body)> Dispatches { get; } = [];

    public void Dispose() => _listener.Close();

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var (status, body) = Answer(context.Request);
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

    (int Status, string? Body) Answer(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath.Replace("/api/v3", "", StringComparison.Ordinal);
        var parts = path.Trim('/').Split('/');
        lock (_gate)
        {
            if (WorkflowMissing) return (404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
            // repos/{owner}/{repo}/actions/workflows/{file}/dispatches
            if (request.HttpMethod == "POST" && parts is [_, _, _, _, _, _, "dispatches"])
            {
                using var reader = new StreamReader(request.InputStream);
                Dispatches.Add((path, request.Headers["Authorization"], JsonNode.Parse(reader.ReadToEnd()) as JsonObject));
                _runs.Add(Run(_runs.Count + 1, parts[1], parts[2]));
                return (204, null);
            }
            if (request.HttpMethod == "GET" && parts is [_, _, _, _, _, _, "runs"])
                return (200,
                    new JsonObject { ["total_count"] = _runs.Count,
                        ["workflow_runs"] = new JsonArray([.. _runs.Select(r => (JsonNode)r.DeepClone())]) }.ToJsonString());
            // repos/{owner}/{repo}/actions/runs/{id}
            if (request.HttpMethod == "GET" && parts is [_, _, _, _, "runs", var id]
                && _runs.FirstOrDefault(r => r["id"]!.ToString() == id) is { } run)
            {
                _polls++;
                run["status"] = _polls >= PollsUntilDone && Conclusion is not null ? "completed" : "in_progress";
                if (run["status"]!.ToString() == "completed") run["conclusion"] = Conclusion;
                return (200, run.ToJsonString());
            }
            return (404, """{"message":"Not Found"}""");
        }
    }

    JsonObject Run(int number, string owner, string repo) => new()
    {
        ["id"] = 9000 + number, ["name"] = "Secret backends", ["run_number"] = 40 + number, ["event"] = "workflow_dispatch",
        ["status"] = "queued", ["conclusion"] = null, ["head_branch"] = "main", ["head_sha"] = "4f1c2e9a7b3d",
        ["workflow_id"] = 77, ["url"] = $"{Url}repos/{owner}/{repo}/actions/runs/{9000 + number}",
        ["html_url"] = $"https://github.com/{owner}/{repo}/actions/runs/{9000 + number}",
        ["created_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["updated_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["run_started_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), ["run_attempt"] = 1,
    };
}
