using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engine;
using Octokit;

namespace Trinity.Build.Platform.GitHub;

/// <summary>Triggers a workflow_dispatch run, knows exactly which run it started, follows it to the end and returns its
/// conclusion. GitHub answers the dispatch with the run's id when asked (`return_run_details`, since 2026-02-19);
/// where a server answers 204 without it (GitHub Enterprise Server), the run is the one whose name carries the unique
/// <see cref="DispatchIdInput"/> this dispatch sent — the workflow puts it in its run-name (docs/github.md#dispatch).
/// Either way another dispatch of the same workflow in the same minute is never taken for ours.</summary>
public sealed partial class WorkflowDispatch(IGitHubClient client, string owner, string name, TimeSpan pollInterval, TimeSpan timeout)
{
    /// <summary>The workflow input that carries the dispatch's own id into the run's name.</summary>
    public const string DispatchIdInput = "dispatch_id";

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitSha();

    public async Task<WorkflowRun> RunAsync(string workflowFile, string gitRef, IDictionary<string, string> inputs, CancellationToken ct)
    {
        var (dispatchRef, commit) = await RefAsync(gitRef);
        var dispatchId = Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["ref"] = dispatchRef,
            ["inputs"] = new JsonObject([.. inputs.Select(i => KeyValuePair.Create(i.Key, (JsonNode?)i.Value)),
                KeyValuePair.Create(DispatchIdInput, (JsonNode?)dispatchId)]),
            ["return_run_details"] = true,
        };
        var since = DateTimeOffset.UtcNow;
        var response = await client.Connection.Post<DispatchAnswer>(
            Url($"actions/workflows/{Uri.EscapeDataString(workflowFile)}/dispatches"), body.ToJsonString(), "application/vnd.github+json",
            "application/json", cancellationToken: ct);
        Log.Info($"dispatched {workflowFile} on {dispatchRef} in {owner}/{name} " +
            $"({string.Join(", ", inputs.Select(i => $"{i.Key}={i.Value}"))})");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var run = response.Body is { WorkflowRunId: > 0 and var id }
                ? await client.Actions.Workflows.Runs.Get(owner, name, id)
                : await FindByDispatchIdAsync(workflowFile, dispatchId, since, deadline.Token);
            if (commit is not null && run.HeadSha != commit)
                throw new TargetFailedException($"run {run.RunNumber} runs {run.HeadSha[..12]}, not {commit[..12]}: {dispatchRef} " +
                    "moved on between finding it and dispatching; dispatch again");
            Log.Info($"run {run.RunNumber}: {run.HtmlUrl}");
            return await FollowAsync(run, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TargetFailedException($"{workflowFile} did not finish within {Engine.Text.Durations.Format(timeout)}; follow it on " +
                $"GitHub (Actions → {workflowFile})");
        }
    }

    /// <summary>What the dispatch API takes: a branch or tag, short (main) or full (refs/heads/main, refs/tags/v1). A
    /// commit SHA is dispatched on the branch whose head it is, and the run is held to that commit.</summary>
    async Task<(string Ref, string? Commit)> RefAsync(string gitRef)
    {
        if (!CommitSha().IsMatch(gitRef)) return (gitRef, null);
        var branches = await client.Connection.Get<List<Branch>>(Url($"commits/{gitRef}/branches-where-head"), null);
        return branches.Body is [var branch, ..]
            ? (branch.Name, gitRef)
            : throw new TargetFailedException($"--git-ref {gitRef} is not the head of any branch of {owner}/{name}, and GitHub " +
                "dispatches a workflow on a branch or tag only; push a branch or tag at that commit and pass its name");
    }

    /// <summary>One page of the workflow's dispatch runs created since the dispatch, newest first: ours is the one whose
    /// name carries our dispatch id.</summary>
    async Task<WorkflowRun> FindByDispatchIdAsync(string workflowFile, string dispatchId, DateTimeOffset since, CancellationToken ct)
    {
        Log.Info($"the server did not return the run; looking for the run named with dispatch id {dispatchId}");
        // A minute of slack for a server clock behind ours.
        var request = new WorkflowRunsRequest
            { Event = "workflow_dispatch", Created = $">={since.AddMinutes(-1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" };
        var page = new ApiOptions { PageCount = 1, PageSize = 100, StartPage = 1 };
        while (true)
        {
            var runs = (await client.Actions.Workflows.Runs.ListByWorkflow(owner, name, workflowFile, request, page)).WorkflowRuns;
            if (runs.FirstOrDefault(r => r.DisplayTitle?.Contains(dispatchId, StringComparison.Ordinal) == true) is { } run) return run;
            await Task.Delay(pollInterval, ct);
        }
    }

    async Task<WorkflowRun> FollowAsync(WorkflowRun run, CancellationToken ct)
    {
        using var live = Log.Live();
        while (run.Status.Value != WorkflowRunStatus.Completed)
        {
            live.Update([$"run {run.RunNumber} {Word(run.Status.StringValue)}{(run.RunStartedAt is { } s ? $" since {s:HH:mm:ss}" : "")}"]);
            await Task.Delay(pollInterval, ct);
            run = await client.Actions.Workflows.Runs.Get(owner, name, run.Id);
        }
        live.Update([$"run {run.RunNumber} completed: {run.Conclusion?.StringValue}"]);
        return run;
    }

    Uri Url(string path) => new($"repos/{owner}/{name}/{path}", UriKind.Relative);

    static string Word(string status) => status.Replace('_', ' ');

    /// <summary>The 200 answer to a dispatch with return_run_details (Octokit 14 has no type for it; its serializer maps
    /// workflow_run_id to WorkflowRunId). Null body or zero id: the server answered 204.</summary>
    public sealed class DispatchAnswer
    {
        public long WorkflowRunId { get; set; }
        public string? RunUrl { get; set; }
        public string? HtmlUrl { get; set; }
    }
}
