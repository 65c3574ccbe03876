using Engine;
using Octokit;

namespace Trinity.Build.Platform.GitHub;

/// <summary>Triggers a workflow_dispatch run, finds the run it started, follows it to the end and returns its
/// conclusion. GitHub's dispatch call answers 204 without the run id, so the run is the newest dispatch run of the
/// workflow on that ref that was not there before.</summary>
public sealed class WorkflowDispatch(IGitHubClient client, string owner, string name, TimeSpan pollInterval, TimeSpan timeout)
{
    public async Task<WorkflowRun> RunAsync(string workflowFile, string gitRef, IDictionary<string, object> inputs, CancellationToken ct)
    {
        var request = new WorkflowRunsRequest { Event = "workflow_dispatch", Branch = gitRef };
        var before = (await client.Actions.Workflows.Runs.ListByWorkflow(owner, name, workflowFile, request)).WorkflowRuns.Select(r => r.Id)
            .ToHashSet();
        await client.Actions.Workflows.CreateDispatch(owner, name, workflowFile, new CreateWorkflowDispatch(gitRef) { Inputs = inputs });
        Log.Info($"dispatched " +
            $"{workflowFile} on {gitRef} in {owner}/{name} ({string.Join(", ", inputs.Select(i => $"{i.Key}={i.Value}"))})");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var run = await FindAsync(workflowFile, request, before, deadline.Token);
            Log.Info($"run {run.RunNumber}: {run.HtmlUrl}");
            using var live = Log.Live();
            while (run.Status.Value != WorkflowRunStatus.Completed)
            {
                live.Update([$"run {run.RunNumber} {Word(run.Status.StringValue)}{(run.RunStartedAt is { } s ? $" since " +
                    $"{s:HH:mm:ss}" : "")}"]);
                await Task.Delay(pollInterval, deadline.Token);
                run = await client.Actions.Workflows.Runs.Get(owner, name, run.Id);
            }
            live.Update([$"run {run.RunNumber} completed: {run.Conclusion?.StringValue}"]);
            return run;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TargetFailedException($"{workflowFile} did not finish within {Engine.Text.Durations.Format(timeout)}; follow it on " +
                $"GitHub (Actions → {workflowFile})");
        }
    }

    async Task<WorkflowRun> FindAsync(string workflowFile, WorkflowRunsRequest request, HashSet<long> before, CancellationToken ct)
    {
        while (true)
        {
            var runs = (await client.Actions.Workflows.Runs.ListByWorkflow(owner, name, workflowFile, request)).WorkflowRuns;
            if (runs.Where(r => !before.Contains(r.Id)).OrderByDescending(r => r.CreatedAt).FirstOrDefault() is { } run) return run;
            await Task.Delay(pollInterval, ct);
        }
    }

    static string Word(string status) => status.Replace('_', ' ');
}
