using System.Globalization;
using System.Text;

namespace Trinity.Build.Platform.Drift;

/// <summary>A field inside an object: property names and list indexes, shown as spec.data[0].remoteRef.key.</summary>
public sealed record FieldPath(IReadOnlyList<object> Steps)
{
    public static FieldPath Root { get; } = new([]);

    public FieldPath Then(string property) => new([.. Steps, property]);

    public FieldPath Then(int index) => new([.. Steps, index]);

    public string? Leaf => Steps.Count > 0 ? Steps[^1] as string : null;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var step in Steps)
            if (step is int i) text.Append(CultureInfo.InvariantCulture, $"[{i}]");
            else text.Append(text.Length == 0 ? "" : ".").Append(step);
        return text.ToString();
    }
}
