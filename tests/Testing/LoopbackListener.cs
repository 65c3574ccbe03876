using System.Net;
using System.Net.Sockets;

namespace Testing;

/// <summary>An <see cref="HttpListener"/> started on 127.0.0.1 and a free port. A port found free can be taken by
/// another test process before the listener binds it (suites run side by side), so a taken port means another port,
/// a bounded number of times.</summary>
public static class LoopbackListener
{
    public static (HttpListener Listener, string Url) Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort()}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
