using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SendWorkflows.Runtime;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Runs the demo's case clock (a <see cref="VirtualClock"/>) at <see cref="DemoOptions.ClockSpeed"/> times real time,
/// and remembers where it got to (table <c>demo</c>), so a restarted demo carries on instead of going back in time.
/// </summary>
public sealed class DemoClockDriver(VirtualClock clock, IOptions<DemoOptions> options, IServiceProvider services, ILogger<DemoClockDriver> logger)
    : BackgroundService
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    const string TableName = "demo";

    public double Speed => options.Value.ClockSpeed;

    public VirtualClock Clock => clock;

    TableClient? Table => services.GetRequiredService<IOptions<StorageOptions>>().Value.InMemory
        ? null
        : services.GetRequiredService<TableServiceClient>().GetTableClient(TableName);

    /// <summary>Resumes the clock before the runtime and the demo loader start, so nothing runs at a stale date.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ResumeAsync(Table, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var table = Table;
        logger.LogInformation("Demo case clock starts at {Now:yyyy-MM-dd HH:mm} and runs {Speed}x real time", clock.GetUtcNow(), Speed);
        var saved = DateTimeOffset.UtcNow;
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            clock.AdvanceTo(NextInstant(clock.GetUtcNow()));
            if (table is not null && DateTimeOffset.UtcNow - saved > TimeSpan.FromSeconds(5))
            {
                saved = DateTimeOffset.UtcNow;
                await SaveAsync(table, stoppingToken);
            }
        }
    }

    /// <summary>One tick on: accelerated until <see cref="DemoOptions.EndOn"/>, real time from then on.</summary>
    DateTimeOffset NextInstant(DateTimeOffset now)
    {
        var accelerated = now + Tick * Speed;
        if (options.Value.EndOn is not { } endOn)
        {
            return accelerated;
        }

        var end = new DateTimeOffset(endOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return accelerated <= end ? accelerated : now + Tick > end ? now + Tick : end;
    }

    async Task ResumeAsync(TableClient? table, CancellationToken cancellationToken)
    {
        if (table is null)
        {
            return;
        }

        try
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            var stored = await table.GetEntityIfExistsAsync<TableEntity>("clock", "now", cancellationToken: cancellationToken);
            if (stored.HasValue && stored.Value!.GetDateTimeOffset("Now") is { } now && now > clock.GetUtcNow())
            {
                clock.AdvanceTo(now);
            }
        }
        catch (RequestFailedException exception)
        {
            logger.LogWarning(exception, "Could not read the demo clock; starting from the configured date");
        }
    }

    async Task SaveAsync(TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpsertEntityAsync(new TableEntity("clock", "now") { ["Now"] = clock.GetUtcNow() }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception)
        {
            logger.LogWarning(exception, "Could not save the demo clock");
        }
    }
}
