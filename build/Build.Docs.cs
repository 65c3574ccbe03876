using Engine;
using Trinity.Build.Platform.Docs;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build;

// The READMEs' diagrams, generated from what they draw and checked by Verify like the workflows.
public sealed partial class Build
{
    PlatformDocs PlatformDocs => new($"{Command} {nameof(GenerateDocs)}");

    Target GenerateDocs => _ => _
        .Description($"Writes the diagrams in {PlatformDocs.Readme} and {PlatformDocs.PlatformReadme}: the Deploy chain, the Argo CD " +
            "waves per cloud (rendered from platform/) and the identity chain per cloud (from the stack config).")
        .Executes(async ct => PlatformDocs.Write(RootDirectory, await DocSectionsAsync(ct)));

    Target CheckDocs => _ => _
        .Description($"Fails when a generated diagram in {PlatformDocs.Readme} or {PlatformDocs.PlatformReadme} differs from its sources.")
        .Executes(async ct => PlatformDocs.Check(RootDirectory, await DocSectionsAsync(ct)));

    /// <summary>The documents show the default environment (the first declared when it is not declared), and its first
    /// cloud's Deploy chain: whatever --environment and --cloud a run was given, so Verify judges them the same way.</summary>
    async Task<IReadOnlyDictionary<string, string>> DocSectionsAsync(CancellationToken ct)
    {
        var environment = EnvironmentDeclaration.Names(RootDirectory, Engine.Workflows.BuildCommands.Default("environment"))
            .Select(n => EnvironmentDeclaration.Find(RootDirectory, n)).FirstOrDefault()
            ?? throw new TargetFailedException($"no environment is declared in {EnvironmentDeclaration.Folder}: the diagrams draw one");
        var cloud = environment.Clouds[0];
        return await PlatformDocs.RenderAsync(RootDirectory, environment,
            (nameof(Deploy), cloud, PlanDiagram.Mermaid([nameof(Deploy)], [cloud])), ct);
    }
}
