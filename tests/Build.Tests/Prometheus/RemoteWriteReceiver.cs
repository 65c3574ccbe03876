using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Build.Tests.Prometheus;

/// <summary>A remote-write endpoint the test controls, over HTTPS on 127.0.0.1 (the render script takes only https://
/// URLs): POST /accept answers 204 as Grafana Cloud does for a good write, POST /reject 401 as for a wrong token. Its
/// certificate is self-signed for 127.0.0.1; Prometheus trusts it through SSL_CERT_FILE.</summary>
internal sealed class RemoteWriteReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    int _accepted, _rejected;

    RemoteWriteReceiver(WebApplication app, string certificatePem)
    {
        _app = app;
        CertificatePem = certificatePem;
    }

    public Uri Url { get; private set; } = null!;
    public string CertificatePem { get; }
    public int Accepted => Volatile.Read(ref _accepted);
    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<RemoteWriteReceiver> StartAsync()
    {
        using var certificate = SelfSigned();
        var pem = certificate.ExportCertificatePem();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serving)));
        var app = builder.Build();
        var receiver = new RemoteWriteReceiver(app, pem);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/'));
        return receiver;
    }

    async Task HandleAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        switch (context.Request.Path.Value)
        {
            case "/accept":
                Interlocked.Increment(ref _accepted);
                context.Response.StatusCode = 204;
                break;
            case "/reject":
                Interlocked.Increment(ref _rejected);
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("authentication error: invalid token", context.RequestAborted);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(2));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
