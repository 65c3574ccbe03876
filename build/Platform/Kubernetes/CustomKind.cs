namespace Trinity.Build.Platform.Kubernetes;

/// <summary>A custom resource kind the build reads: its API group, version, plural (for the paths) and kind.</summary>
public sealed record CustomKind(string Group, string Version, string Plural, string Kind)
{
    public string ApiVersion => $"{Group}/{Version}";

    /// <summary>The name of its CustomResourceDefinition: plural.group.</summary>
    public string CrdName => $"{Plural}.{Group}";
}
