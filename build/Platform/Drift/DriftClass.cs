namespace Trinity.Build.Platform.Drift;

/// <summary>Why a live object differs from Git (docs/drift.md#classes), each with what to do about it.</summary>
public enum DriftClass
{
    /// <summary>pulumi preview would change a resource of a stack.</summary>
    InfrastructureChange,

    /// <summary>The cluster holds a value Git leaves out and the custom resource's schema defaults it.</summary>
    DefaultedByApiServer,

    /// <summary>A field manager other than Argo CD or a person (a controller, an operator) set it.</summary>
    ChangedByController,

    /// <summary>kubectl edit, apply or patch set it.</summary>
    EditedByHand,

    /// <summary>Git has it, the cluster does not (yet).</summary>
    MissingInCluster,

    /// <summary>The cluster has it, Git does not, and nothing explains it.</summary>
    NotInGit,

    /// <summary>Argo CD says out of sync, and nothing here can show where (a chart rendered elsewhere, or a difference
    /// Argo CD's diff sees and a field comparison does not).</summary>
    Unexplained,
}

public static class DriftClasses
{
    public static string Text(this DriftClass drift) => drift switch
    {
        DriftClass.InfrastructureChange => "would change",
        DriftClass.DefaultedByApiServer => "defaulted by the API server",
        DriftClass.ChangedByController => "changed by a controller",
        DriftClass.EditedByHand => "edited by hand",
        DriftClass.MissingInCluster => "missing in the cluster",
        DriftClass.NotInGit => "not in Git",
        _ => "unexplained",
    };
}

/// <summary>One difference: where (the stack or the Application), what (resource or object), which field, why, and
/// the remedy. Values are shown only where they are not a Secret's.</summary>
public sealed record DriftRow(string Layer, string Subject, string Object, string Field, DriftClass Class, string Detail, string Remedy)
{
    public const string Infrastructure = "infrastructure", GitOps = "gitops";
}
