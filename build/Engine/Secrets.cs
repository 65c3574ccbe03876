namespace Engine;

/// <summary>Values learnt at run time that must never be shown (a kubeconfig, a config value, a token).</summary>
public static class Secrets
{
    public static void Register(string? value) => Session.Current.Output.Masker.Register(value);

    public static string Mask(string? text) => Session.Current.Output.Masker.Mask(text);
}
