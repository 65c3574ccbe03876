namespace Trinity.Build.Platform.Naming;

/// <summary>The three clusters of the platform, one per cloud.</summary>
public enum Cloud { Aws, Gcp, Azure }
