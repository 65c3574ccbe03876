using Engine;
using Engine.Processes;
using Engine.Workflows;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Clouds;
using Trinity.Build.Platform.Naming;
using Trinity.Build.Platform.Promotion;

namespace Trinity.Build;

// Environments as data (platform/environments/<env>.yaml): the per-environment kustomizations are generated from the
// declaration and the committed stack config, and a new environment is one command.
public sealed partial class Build
{
    [Parameter("The environment Promote takes the revision from: the one its clusters synced and are healthy at.", Name = "from")]
    public string PromoteFrom { get; set; } = "";

    [Parameter("The environment Promote pins to that revision.", Name = "to")]
    public string PromoteTo { get; set; } = "";

    EnvironmentFiles EnvironmentFiles => new(Session.Current.Root, $"{Command} {nameof(GenerateEnvironments)}");

    Target GenerateEnvironments => _ => _
        .Description($"Writes the roots and overlays of every environment in {EnvironmentDeclaration.Folder} from its declaration and " +
            "the committed stack config, then the READMEs' diagrams, which draw them.")
        .Executes(async ct =>
        {
            EnvironmentFiles.Write(EnvironmentDeclaration.Read(Session.Current.Root));
            // A store's project or a vault's name changed in the stack config shows in the identity diagram too.
            PlatformDocs.Write(RootDirectory, await DocSectionsAsync(ct));
        });

    Target AddEnvironment => _ => _
        .Description($"Declares --environment in {EnvironmentDeclaration.Folder} like the first declared one, writes its stack config " +
            "skeletons (no secret values) and generates its roots and overlays.")
        .Requires(() => EnvironmentDeclaration.Find(Session.Current.Root, EnvironmentName) is null,
            () => $"--environment {EnvironmentName} is declared already ({EnvironmentDeclaration.Folder}/{EnvironmentName}.yaml)")
        .Requires(() => EnvironmentDeclaration.IsName(EnvironmentName),
            () => $"--environment {EnvironmentName}: a new environment's name must be {EnvironmentDeclaration.NameRule}")
        .Executes(() =>
        {
            var root = Session.Current.Root;
            var declared = EnvironmentDeclaration.Read(root);
            var template = declared.Count > 0 ? declared[0]
                : throw new TargetFailedException($"no environment is declared in {EnvironmentDeclaration.Folder} to start from");
            var declaration = template with { Name = EnvironmentName };
            // Everything is rendered before anything is written: a missing config value leaves no half environment behind.
            var skeletons = template.Clouds.SelectMany(cloud => new[]
            {
                (new InfraStack(new PlatformNames(template.Name, cloud)), new InfraStack(new PlatformNames(EnvironmentName, cloud))),
                (InfraStack.Foundation(new PlatformNames(template.Name, cloud)),
                    InfraStack.Foundation(new PlatformNames(EnvironmentName, cloud))),
            }).Select(s => (s.Item2.ConfigFile, Text: StackConfigSkeleton.From(root, s.Item1.ConfigFile, template.Name, EnvironmentName)))
                .ToList();
            Files.Write(Path.Combine(root, declaration.File), EnvironmentDeclaration.Write(declaration));
            foreach (var (file, text) in skeletons.Where(s => !File.Exists(Path.Combine(root, s.ConfigFile))))
                Files.Write(Path.Combine(root, file), text);
            EnvironmentFiles.Write(EnvironmentDeclaration.Read(root));
            // The workflows offer the new environment as a choice.
            WorkflowFiles.Write(Workflows(), DependabotConfig);
            Log.Success($"declared {EnvironmentName} ({declaration.File}); set its stack config values (the copied ones are " +
                $"{template.Name}'s), its secrets with pulumi config set --secret, and commit");
        });

    Target Promote => _ => _
        .Description("Pins --to to the revision every cloud of --from synced and is healthy at (its Applications' status), " +
            "regenerates its roots and overlays as a change to commit, and prints what changes under platform/.")
        .Requires(() => PromoteFrom)
        .Requires(() => PromoteTo)
        .Requires(() => PromoteFrom != PromoteTo, () => $"--from and --to are both {PromoteTo}: promote between two environments")
        .Requires(() => Declared(PromoteFrom), () => Undeclared("--from", PromoteFrom))
        .Requires(() => Declared(PromoteTo), () => Undeclared("--to", PromoteTo))
        .Requires(() => KubeconfigPath.Length == 0, () => $"--kubeconfig names one cluster; Promote reads every cloud of --from " +
            $"{PromoteFrom} from its kubeconfig.<cloud>.yaml")
        .Executes(PromoteAsync);

    async Task PromoteAsync(CancellationToken ct)
    {
        var root = Session.Current.Root;
        var from = EnvironmentDeclaration.Find(root, PromoteFrom)!;
        var to = EnvironmentDeclaration.Find(root, PromoteTo)!;
        if (await Promotion.RunAsync(root, from, to, EnvironmentFiles, RemediesFor(from.Name), ct) is not { } revision) return;
        var message = $"Promote {from.Name} {SyncedRevision.Short(revision)} to {to.Name}";
        // The declaration and the generated files are all under platform/.
        Log.Info($"commit it: git add platform && git commit -m {CommandText.Quote(message)}");
        var clouds = to.Clouds.Count == Cloud.All.Count ? "all" : string.Join(' ', to.Clouds.Select(c => c.Name));
        Log.Info($"then deliver it: {BuildCommands.Run([nameof(Deploy)], ("cloud", clouds), ("environment", to.Name))}");
        Summary.Note($"{to.Name} pinned to {SyncedRevision.Short(revision)}");
    }

    static bool Declared(string environment) =>
        environment.Length == 0 || EnvironmentDeclaration.Find(Session.Current.Root, environment) is not null;

    static string Undeclared(string parameter, string environment) =>
        $"{parameter} {environment} is not declared; declared: " +
        $"{string.Join(", ", EnvironmentDeclaration.Read(Session.Current.Root).Select(d => d.Name))} ({EnvironmentDeclaration.Folder})";
}
