namespace SecureRoutes.Bench;

/// <summary>
/// Peak memory of one measured phase: the process's peak resident set (Linux VmHWM, reset through
/// /proc/self/clear_refs before the phase; elsewhere Process.PeakWorkingSet64, which cannot be reset), the peak
/// managed heap sampled every 20 ms, and the bytes allocated during the phase.
/// </summary>
public sealed class MemoryProbe : IDisposable
{
    private readonly long _allocatedBefore;
    private readonly Timer _timer;
    private long _peakManaged;

    private MemoryProbe()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeakRss();
        _allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        _peakManaged = GC.GetTotalMemory(false);
        _timer = new Timer(_ => Sample(), null, 0, 20);
    }

    public static MemoryProbe Start() => new();

    public long PeakRssBytes { get; private set; }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public long AllocatedBytes { get; private set; }

    public void Stop()
    {
        _timer.Dispose();
        Sample();
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - _allocatedBefore;
        PeakRssBytes = ReadPeakRss();
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = GC.GetTotalMemory(false);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peakManaged)))
        {
            if (Interlocked.CompareExchange(ref _peakManaged, now, seen) == seen) break;
        }
    }

    private static void ResetPeakRss()
    {
        try
        {
            if (OperatingSystem.IsLinux()) File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long ReadPeakRss()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line.Substring(6).Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
