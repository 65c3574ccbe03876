using Engine;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build.Platform.ArgoCd;

/// <summary>WaitForSync's and Validate's wave diagram of one cluster as they last read it, each app coloured by its
/// state, written to the step summary and .nuke/temp/waves/, on success and on failure alike: a failed run shows at a
/// glance where the chain stopped. Git's render of the children's overlay adds the apps the cluster has not created.</summary>
public sealed class WavePicture(PlatformNames names, string target)
{
    /// <summary>Where the diagrams go, relative to .nuke/temp.</summary>
    public const string Folder = "waves";

    /// <summary>Writes the picture of what was read last; <paramref name="root"/> is null when the root was not found,
    /// and <paramref name="reached"/> false when the cluster never answered. Git's waves are read now (one kubectl
    /// kustomize, rendered once per process): an interrupted run still gets its picture.</summary>
    public async Task PublishAsync(bool reached, ApplicationState? root,
        IReadOnlyList<(ApplicationState App, Progress Progress, string Why)> judged)
    {
        var (declared, problem) = await DeclaredAsync();
        var title = !reached ? $"{names.CloudName} · cluster not reached"
            : root is null ? $"{names.CloudName} · root {names.RootApplication} not found"
            : $"{names.CloudName} · root {names.RootApplication}: {root.Sync}, {root.Health}";
        var lane = new WaveLane(names.CloudName, title, [.. Nodes(reached, root, judged, declared)]);
        // Files.Write and Summary.Markdown mask every registered secret (a health message may quote one).
        var mermaid = WaveDiagram.Mermaid($"{target} of {names.Cluster}", [lane]);
        var file = Path.Combine(Session.Current.Temp, Folder, $"{target}.{names.CloudName}.mmd");
        try
        {
            Files.Write(file, mermaid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The picture adds to the run's own verdict; it never replaces it.
            Log.Warning($"could not write the wave diagram {Session.Current.Relative(file)}: {e.Message}");
        }
        Summary.Markdown($"#### {target} · {names.CloudName}: Argo CD waves\n\n```mermaid\n{mermaid.TrimEnd('\n')}\n```\n" +
            (problem is null ? "" : $"\nApps not created yet are not shown: {Summary.Cell(problem)}\n"));
        Log.Info($"wave diagram: {Session.Current.Relative(file)}");
    }

    static IEnumerable<WaveNode> Nodes(bool reached, ApplicationState? root, IReadOnlyList<(ApplicationState App, Progress Progress,
        string Why)> judged, IReadOnlyList<GitWaveMember> declared)
    {
        // The lowest wave not yet done, as Argo CD went through the waves: apps above it that look fine are ready.
        var pending = WaveStates.Pending(judged.Select(j => (j.App.Wave, j.Progress)));
        var seen = judged.ToDictionary(j => j.App.Name, StringComparer.Ordinal);
        foreach (var member in declared.Where(m => m.IsProject))
            yield return new WaveNode(member.Kind, member.Name, member.Wave, !reached ? null
                // Argo CD applies a wave only after the one before: a child exists, so the project's wave was applied.
                : root is null ? WaveState.NotCreated : judged.Count > 0 || root.Sync.Is(SyncStatus.Synced) ? WaveState.Done
                : WaveState.Waiting);
        foreach (var (app, progress, why) in judged)
            yield return new WaveNode(ArgoCdKinds.Application.Kind, app.Name, app.Wave, WaveStates.Of(progress, app.Wave, pending),
                progress == Progress.Done ? null : why);
        foreach (var member in declared.Where(m => !m.IsProject && !seen.ContainsKey(m.Name)))
            yield return new WaveNode(member.Kind, member.Name, member.Wave, reached ? WaveState.NotCreated : null);
    }

    async Task<(IReadOnlyList<GitWaveMember>, string?)> DeclaredAsync()
    {
        try
        {
            // A render takes well under a second; a kubectl that hangs must not hold the end of the run.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await GitWaves.ReadAsync(Session.Current.Root, names, bound.Token);
        }
        catch (Exception e) when (e is TargetFailedException or IOException or OperationCanceledException)
        {
            return ([], e.Message);
        }
    }
}
