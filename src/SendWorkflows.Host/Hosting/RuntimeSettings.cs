namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Settings under <c>Runtime</c>: how much the embedded runtime does at once. On Azure Table storage each pick-up of an
/// instance is 10-15 requests in sequence, so a host waits on storage, not CPU, and more instances at once pay
/// (docs/benchmarks.md, "What real Azure Table storage would do"); Azurite, single-threaded, gains little from it.
/// </summary>
public sealed class RuntimeSettings
{
    public const string Section = "Runtime";
    const int Most = 1024;

    /// <summary>Instances processed at once; default twice the processor count (at least 2).</summary>
    public int? InstanceConcurrency { get; set; }

    /// <summary>Activities run at once across all instances; default 32.</summary>
    public int? ActivityConcurrency { get; set; }

    /// <summary>A value out of range stops the host at start, naming the setting, rather than running throttled or unbounded.</summary>
    public void Validate()
    {
        Check(nameof(InstanceConcurrency), InstanceConcurrency);
        Check(nameof(ActivityConcurrency), ActivityConcurrency);
    }

    static void Check(string name, int? value)
    {
        if (value is < 1 or > Most)
        {
            throw new InvalidOperationException($"{Section}:{name} must be a whole number from 1 to {Most}; it is {value}.");
        }
    }
}
