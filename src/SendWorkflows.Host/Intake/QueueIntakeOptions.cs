namespace SendWorkflows.Host.Intake;

/// <summary>Settings under <c>Intake:Queue</c>.</summary>
public sealed class QueueIntakeOptions
{
    public const string Section = "Intake:Queue";

    /// <summary>Read case events from the Azure Storage queue (needs <c>Storage:Provider=AzureTables</c>).</summary>
    public bool Enabled { get; set; } = true;

    public string Name { get; set; } = "case-events";

    public string PoisonName { get; set; } = "case-events-poison";

    /// <summary>A message that failed this many deliveries moves to the poison queue with the reason.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages fetched per read (1 to 32).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>How many cases' messages of one batch are handled at once (one case's messages always in order).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a message stays invisible while it is processed; after that it is delivered again.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>Pause between reads of an empty queue.</summary>
    public double IdlePollSeconds { get; set; } = 2;
}
