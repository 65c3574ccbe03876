using Engine;
using Trinity.Build.Platform.Infra;
using Trinity.Build.Platform.Naming;

namespace Trinity.Build;

// Environments as data (platform/environments/<env>.yaml): the per-environment kustomizations are generated from the
// declaration and the committed stack config, and a new environment is one command.
public sealed partial class Build
{
    EnvironmentFiles EnvironmentFiles => new(Session.Current.Root, $"{Command} {nameof(GenerateEnvironments)}");

    Target GenerateEnvironments => _ => _
        .Description($"Writes the roots and overlays of every environment in {EnvironmentDeclaration.Folder} from its declaration and " +
            "the committed stack config.")
        .Executes(() => EnvironmentFiles.Write(EnvironmentDeclaration.Read(Session.Current.Root)));

    Target AddEnvironment => _ => _
        .Description($"Declares --environment in {EnvironmentDeclaration.Folder} like the first declared one, writes its stack config " +
            "skeletons (no secret values) and generates its roots and overlays.")
        .Requires(() => !EnvironmentDeclaration.Read(Session.Current.Root).Any(d => d.Name == EnvironmentName),
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
}
