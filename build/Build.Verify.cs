using Engine;
using Trinity.Build.Platform.Manifests;

namespace Trinity.Build;

// Verify: the default target, offline, and CI's gate. Later legs add their checks as dependencies.
public sealed partial class Build
{
    const string SchemaFile = ".nuke/build.schema.json";

    public Target Verify => _ => _
        .Description("Offline verification of the repository: the default target and CI's gate.")
        .DependsOn(CheckSchema, CheckWorkflows, VerifyManifests, CheckDocs);

    [Parameter("Folder with the CRDs platform/crds.json pins, for the schema rules and their tests (a folder beside the checkout; CI " +
        "provides one).")]
    public string CrdDir { get; set; } = "";

    [Parameter("Download the pinned CRDs from this base URL, not GitHub; sha256 is checked either way.")]
    public string CrdMirror { get; set; } = "";

    [Parameter("Skipped rules are errors, not warnings (CI uses it).")]
    public bool Strict { get; set; }

    Target VerifyManifests => _ => _
        .Description("Renders platform/ with kubectl kustomize and checks it against the CRDs and the runbook's rules.")
        // Dashboards' PromQL is parsed with lezer-promql from tools/node.
        .DependsOn(ToolDependencies)
        .Executes(async ct =>
            new VerifyReport(await ManifestVerifier.RunAsync(EnvironmentName, Blank(CrdDir), Blank(CrdMirror), Strict, Remedies,
                EnvironmentFiles, ct))
                .Publish());

    Target GenerateSchema => _ => _
        .Description($"Writes {SchemaFile} from the build's parameters.")
        .Executes(() => GeneratedFiles.Write(SchemaFile, ParameterSchema()));

    Target CheckSchema => _ => _
        .Description($"Fails when the committed {SchemaFile} differs from the parameters.")
        .Executes(() => GeneratedFiles.Check(SchemaFile, ParameterSchema(), $"{Command} {nameof(GenerateSchema)}"));
}
