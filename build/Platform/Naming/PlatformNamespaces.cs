namespace Trinity.Build.Platform.Naming;

/// <summary>The namespaces the platform's Applications deploy into (platform/*): named once, for every check that
/// looks into them.</summary>
public static class PlatformNamespaces
{
    public const string ArgoCd = "argocd";
    public const string ExternalSecrets = "external-secrets";
    public const string SecretsDemo = "secrets-demo";
    public const string Observability = "observability";
    public const string Hello = "hello";
    public const string Mandelbrot = "mandelbrot";

    public static IReadOnlyList<string> All { get; } = [ArgoCd, Hello, Mandelbrot, ExternalSecrets, SecretsDemo, Observability];
}
