namespace Trinity.Build.Platform.Manifests;

public enum Severity { Error, Warning }

/// <summary>One thing Verify found: where (file, object), which rule, what is wrong and what to do.</summary>
public sealed record Finding(string File, string Object, string Rule, string Message, string Fix, Severity Severity = Severity.Error)
{
    public static Finding For(ManifestObject o, string rule, string message, string fix) => new(o.SourceFile, o.Id, rule, message, fix);
}
