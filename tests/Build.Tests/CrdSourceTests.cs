using System.Net;
using System.Text.Json.Nodes;
using Trinity.Build.Platform.Manifests.Schemas;

namespace Build.Tests;

/// <summary>Where the schema rules get the pinned CRDs: --crd-dir, a download checked against the pinned sha256
/// (here from a mirror served on 127.0.0.1, of files each test writes and pins itself), or nowhere — then the rules
/// are skipped in one visible warning.</summary>
public sealed class CrdSourceTests
{
    [Fact]
    public async Task Without_CRDs_the_schema_rules_are_skipped_in_one_warning_and_the_rest_still_run()
    {
        var copy = new PlatformCopy();
        copy.Edit("platform/argocd/base/secrets.yaml", "targetRevision: 2.9.0", "targetRevision: latest");
        var verified = await copy.VerifyAsync("--no-crds", "--crd-mirror", "http://127.0.0.1:9/");
        var warning = verified.Of("crds").ShouldHaveSingleItem();
        warning.Severity.ShouldBe("warning");
        warning.Message.ShouldStartWith("schema and CRD-default rules skipped: the pinned CRDs are not here (downloading " +
            "http://127.0.0.1:9/argocd_application-crd.yaml failed");
        warning.Fix.ShouldBe("pass --crd-dir <folder> (a folder of pinned CRDs beside the checkout; CI provides one), or let Verify " +
            "download them once (network)");
        verified.Of("pin").Count.ShouldBe(3);
    }

    [Fact]
    public async Task Strict_turns_the_skipped_rules_into_an_error()
    {
        var verified = await new PlatformCopy().VerifyAsync("--no-crds", "--crd-mirror", "http://127.0.0.1:9/", "--strict");
        verified.Run.ExitCode.ShouldBe(1);
        verified.Of("crds").ShouldHaveSingleItem().Severity.ShouldBe("error");
    }

    [Fact]
    public async Task The_pinned_CRDs_are_downloaded_once_checked_and_then_used()
    {
        var copy = new PlatformCopy();
        using var mirror = new Mirror(PinnedOwnCrds(copy));
        var first = await copy.VerifyAsync("--no-crds", "--crd-mirror", mirror.Url, "--strict");
        first.Run.ExitCode.ShouldBe(0, first.Run.All);
        first.Findings.ShouldBeEmpty();
        first.Run.Out.ShouldContain("downloaded external-secrets.io_externalsecrets.yaml (sha256 verified) into .nuke/temp/crds");
        mirror.Requests.ShouldBe(OwnCrds.Length);

        var second = await copy.VerifyAsync("--no-crds", "--crd-mirror", mirror.Url, "--strict");
        second.Run.ExitCode.ShouldBe(0);
        second.Run.Out.ShouldNotContain("downloaded");
        mirror.Requests.ShouldBe(OwnCrds.Length, "the cache in .nuke/temp/crds is used");
    }

    [Fact]
    public async Task A_download_that_is_not_the_pinned_file_is_refused()
    {
        var copy = new PlatformCopy();
        var served = PinnedOwnCrds(copy);
        var tampered = Path.Combine(served, "argocd_application-crd.yaml");
        File.AppendAllText(tampered, "\n# changed\n");
        var pinned = JsonNode.Parse(File.ReadAllText(copy.PathOf(PinnedCrds.FileName)))!["crds"]!.AsArray()
            .Single(c => c!["file"]!.GetValue<string>() == "argocd_application-crd.yaml")!["sha256"]!.GetValue<string>();
        using var mirror = new Mirror(served);
        var verified = await copy.VerifyAsync("--no-crds", "--crd-mirror", mirror.Url);
        var message = verified.Of("crds").ShouldHaveSingleItem().Message;
        message.ShouldContain($"argocd_application-crd.yaml has sha256 {Sha256(File.ReadAllBytes(tampered))}, not the pinned {pinned}");
        File.Exists(copy.PathOf(".nuke/temp/crds/argocd_application-crd.yaml")).ShouldBeFalse("a refused download is not kept");
    }

    /// <summary>CRDs of the five pinned kinds that accept any spec, written into a folder of their own and pinned in
    /// the copy's platform/crds.json with the digests computed here. Returns the folder the mirror serves.</summary>
    static string PinnedOwnCrds(PlatformCopy copy)
    {
        var folder = Harness.TempRoot();
        var pins = new JsonArray();
        foreach (var (file, group, version, kind, scope) in OwnCrds)
        {
            var text = $"""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: {kind.ToLowerInvariant()}s.{group}
                spec:
                  group: {group}
                  names:
                    kind: {kind}
                    plural: {kind.ToLowerInvariant()}s
                  scope: {scope}
                  versions:
                    - name: {version}
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          x-kubernetes-preserve-unknown-fields: true

                """;
            File.WriteAllText(Path.Combine(folder, file), text);
            pins.Add(new JsonObject { ["file"] = file, ["url"] = $"http://127.0.0.1:9/{file}",
                ["sha256"] = Sha256(File.ReadAllBytes(Path.Combine(folder, file))) });
        }
        copy.Write(PinnedCrds.FileName, new JsonObject { ["crds"] = pins }.ToJsonString());
        return folder;
    }

    static readonly (string File, string Group, string Version, string Kind, string Scope)[] OwnCrds =
    [
        ("argocd_application-crd.yaml", "argoproj.io", "v1alpha1", "Application", "Namespaced"),
        ("argocd_appproject-crd.yaml", "argoproj.io", "v1alpha1", "AppProject", "Namespaced"),
        ("external-secrets.io_clustersecretstores.yaml", "external-secrets.io", "v1", "ClusterSecretStore", "Cluster"),
        ("external-secrets.io_externalsecrets.yaml", "external-secrets.io", "v1", "ExternalSecret", "Namespaced"),
        ("external-secrets.io_secretstores.yaml", "external-secrets.io", "v1", "SecretStore", "Namespaced"),
    ];

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    [Fact]
    public async Task A_crd_dir_without_the_pinned_files_fails_clearly()
    {
        var empty = Harness.TempRoot();
        var verified = await new PlatformCopy().VerifyAsync("--no-crds", "--crd-dir", empty);
        verified.Run.ExitCode.ShouldBe(1);
        verified.Run.Out.ShouldContain($"--crd-dir {empty}: argocd_application-crd.yaml is missing; it must hold the pinned CRDs");
    }

    /// <summary>A static file server on 127.0.0.1 and a free port, counting the requests it answered.</summary>
    sealed class Mirror : IDisposable
    {
        readonly HttpListener _listener;
        int _requests;

        public Mirror(string folder)
        {
            (_listener, Url) = LoopbackListener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                    Interlocked.Increment(ref _requests);
                    var path = Path.Combine(folder, Path.GetFileName(context.Request.Url!.AbsolutePath));
                    context.Response.StatusCode = File.Exists(path) ? 200 : 404;
                    if (File.Exists(path)) await context.Response.OutputStream.WriteAsync(await File.ReadAllBytesAsync(path));
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }
        public int Requests => Volatile.Read(ref _requests);

        public void Dispose() => _listener.Close();
    }
}
