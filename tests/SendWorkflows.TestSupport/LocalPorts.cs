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

    /// <summary>
    /// Starts a server on a free port, trying another when the port is taken between the probe and the bind: another
    /// test process on the machine may be handed the same one (CI: the real engine's test host, "address already in use").
    /// </summary>
    public static async Task<T> StartOnFreePortAsync<T>(Func<int, Task<T>> start, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Free());
            }
            catch (Exception ex) when (attempt < attempts && IsAddressInUse(ex))
            {
            }
        }
    }

    static bool IsAddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
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
