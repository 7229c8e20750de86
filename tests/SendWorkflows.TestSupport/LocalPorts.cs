using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SendWorkflows.TestSupport;

/// <summary>Loopback ports for local stand-ins: a free one to hand out, and whether one is listening yet.</summary>
public static class LocalPorts
{
    // Ports already handed out in this process: the system may offer a port again as soon as its probe is closed,
    // and two services of one Azurite were once given the same one (CI: EADDRINUSE).
    static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>A port free now and not handed out before in this process.</summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
