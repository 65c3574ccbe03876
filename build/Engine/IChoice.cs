namespace Engine;

/// <summary>A value of a closed set that a parameter can take, like an enum member but free to carry behaviour: the
/// command line, --help, the schema, workflow choice inputs and lane labels all use its <see cref="Name"/>.</summary>
public interface IChoice
{
    /// <summary>The value as a user types it (kebab case).</summary>
    string Name { get; }
}

/// <summary>The set itself: a type whose values are listed, in order, by its static <see cref="All"/>.</summary>
public interface IChoice<TSelf> : IChoice where TSelf : class, IChoice<TSelf>
{
    static abstract IReadOnlyList<TSelf> All { get; }
}
