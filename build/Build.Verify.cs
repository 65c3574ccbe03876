using Engine;

namespace Trinity.Build;

// Verify: the default target, offline, and CI's gate. Later legs add their checks as dependencies.
public sealed partial class Build
{
    const string SchemaFile = ".nuke/build.schema.json";

    public Target Verify => _ => _
        .Description("Offline verification of the repository: the default target and CI's gate.")
        .DependsOn(CheckSchema);

    Target GenerateSchema => _ => _
        .Description($"Writes {SchemaFile} from the build's parameters.")
        .Executes(() => GeneratedFiles.Write(SchemaFile, ParameterSchema()));

    Target CheckSchema => _ => _
        .Description($"Fails when the committed {SchemaFile} differs from the parameters.")
        .Executes(() => GeneratedFiles.Check(SchemaFile, ParameterSchema(), $"{Command} GenerateSchema"));
}
