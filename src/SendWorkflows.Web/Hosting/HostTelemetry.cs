using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SendWorkflows.Web.Hosting;

/// <summary>
/// The host's ActivitySource and Meter, both named <see cref="Name"/>: an OpenTelemetry exporter subscribes by
/// that name. Tags carry case ids and event types only, never personal data.
/// </summary>
public static class HostTelemetry
{
    public const string Name = "SendWorkflows.Host";

    public static readonly ActivitySource ActivitySource = new(Name);

    static readonly Meter Meter = new(Name);

    public static readonly Counter<long> CaseEvents = Meter.CreateCounter<long>(
        "sendworkflows.case_events", description: "Case events handed to the engine, tagged by source and status.");

    public static readonly Counter<long> PoisonMessages = Meter.CreateCounter<long>(
        "sendworkflows.queue.poison_messages", description: "Queue messages moved to the poison queue.");

    public static readonly Counter<long> LinkResponses = Meter.CreateCounter<long>(
        "sendworkflows.link_responses", description: "Responses recorded through signed links.");
}
