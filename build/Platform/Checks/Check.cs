namespace Trinity.Build.Platform.Checks;

public enum Verdict { Pass, Warn, Fail, Skip }

/// <summary>One row of a check table: what was checked, the verdict, the evidence it rests on, and what to do when
/// it did not pass. Evidence is masked on output like everything else.</summary>
public sealed record Check(string Name, Verdict Verdict, string Evidence, string? Remedy = null)
{
    public static Check Pass(string name, string evidence) => new(name, Verdict.Pass, evidence);
    public static Check Warn(string name, string evidence, string remedy) => new(name, Verdict.Warn, evidence, remedy);
    public static Check Fail(string name, string evidence, string remedy) => new(name, Verdict.Fail, evidence, remedy);
}
