using System.Net;
using System.Net.Sockets;

namespace Build.Tests;

/// <summary>Where the schema rules get the pinned CRDs: --crd-dir, a download checked against the pinned sha256
/// (here from a mirror served on 127.0.0.1), or nowhere — then the rules are skipped in one visible warning.</summary>
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
        warning.Message.ShouldStartWith("schema and CRD-default rules skipped: the pinned CRDs are not here (downloading http://127.0.0.1:9/argocd_application-crd.yaml failed");
        warning.Fix.ShouldBe("pass --crd-dir <folder with the pinned CRDs> (CI: --crd-dir ../shared/crds), or let Verify download them once (network)");
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
        using var mirror = new Mirror(PlatformCopy.SharedCrds);
        var copy = new PlatformCopy();
        var first = await copy.VerifyAsync("--no-crds", "--crd-mirror", mirror.Url, "--strict");
        first.Run.ExitCode.ShouldBe(0, first.Run.All);
        first.Findings.ShouldBeEmpty();
        first.Run.Out.ShouldContain("downloaded external-secrets.io_externalsecrets.yaml (sha256 verified) into .nuke/temp/crds");
        mirror.Requests.ShouldBe(5);

        var second = await copy.VerifyAsync("--no-crds", "--crd-mirror", mirror.Url, "--strict");
        second.Run.ExitCode.ShouldBe(0);
        mirror.Requests.ShouldBe(5, "the cache in .nuke/temp/crds is used");
    }

    [Fact]
    public async Task A_download_that_is_not_the_pinned_file_is_refused()
    {
        var tampered = Harness.TempRoot();
        foreach (var file in Directory.GetFiles(PlatformCopy.SharedCrds, "*.yaml")) File.Copy(file, Path.Combine(tampered, Path.GetFileName(file)));
        File.AppendAllText(Path.Combine(tampered, "argocd_application-crd.yaml"), "\n# changed\n");
        using var mirror = new Mirror(tampered);
        var verified = await new PlatformCopy().VerifyAsync("--no-crds", "--crd-mirror", mirror.Url);
        verified.Of("crds").ShouldHaveSingleItem().Message.ShouldContain("argocd_application-crd.yaml has sha256 ");
        verified.Of("crds").Single().Message.ShouldContain(", not the pinned 9fd0da3e7097ad6d1af614fabd5c960bc7ddb00d768c3ef485a2fda6e9460df8");
    }

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
        readonly HttpListener _listener = new();
        int _requests;

        public Mirror(string folder)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
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

        static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
