using System.Net;
using System.Net.Sockets;

namespace BStore.Tests.Shared;

/// <summary>Ports for the processes the tests start.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port for a child process to listen on, taken below the kernel's ephemeral range. A port found with bind(0)
    /// stays free until the child binds it (for the integration suite's API, seconds: after the emulator and the
    /// seed), and in that window any listener of a test running in parallel that binds port 0 can be handed the same
    /// port. Outside the ephemeral range nothing but this method hands ports out; it never gives one twice.
    /// </summary>
    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = ephemeralStart > 11_024 ? Random.Shared.Next(ephemeralStart - 10_000, ephemeralStart) : BindAny();
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException("No free port found below the ephemeral range.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            ? start
            : 0;
    }

    private static int BindAny()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
