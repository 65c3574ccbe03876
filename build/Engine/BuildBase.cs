namespace Engine;

/// <summary>The base of a build: targets are its <see cref="Target"/> properties, parameters its members marked
/// with <see cref="ParameterAttribute"/>. Run it with <see cref="BuildRunner"/>.</summary>
public abstract class BuildBase
{
    /// <summary>The first line of --help.</summary>
    public virtual string Title => GetType().Name;

    /// <summary>How users start the build, for --help and for the fixes that error lines suggest.</summary>
    public virtual string Command => "./build.sh";

    /// <summary>Put before every parameter's UPPER_SNAKE environment variable (TRINITY_ → TRINITY_WAVE_TIMEOUT), so the
    /// build's own variables do not collide with a machine's (CLOUD, ENVIRONMENT). A parameter that reads a tool's
    /// standard variable names it with <see cref="ParameterAttribute.EnvironmentVariable"/>.</summary>
    public virtual string EnvironmentPrefix => "";

    public static string RootDirectory => Session.Current.Root;

    public static string TemporaryDirectory => Session.Current.Temp;

    /// <summary>The JSON schema of this build's parameters, for <c>.nuke/build.schema.json</c>.</summary>
    protected static string ParameterSchema() => Parameters.SchemaWriter.Write(Session.Current.Model!);
}
