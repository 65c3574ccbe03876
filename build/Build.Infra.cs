using Engine;
using Trinity.Build.Platform.Infra;

namespace Trinity.Build;

// The infrastructure leg: the Pulumi programs in infra/pulumi.
public sealed partial class Build
{
    Target InfraDependencies => _ => _
        .Description("npm ci in infra/pulumi, when package-lock.json changed since the last install.")
        .Executes(InfraWorkspace.EnsureDependenciesAsync);
}
