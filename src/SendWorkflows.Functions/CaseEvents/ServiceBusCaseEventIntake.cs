using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>Where the Service Bus intake listens; without a namespace it does not start (ADR 0058).</summary>
public sealed record ServiceBusIntakeOptions(string? FullyQualifiedNamespace, string QueueName = ServiceBusIntakeOptions.DefaultQueue)
{
    public const string DefaultQueue = "case-events";

    /// <summary>As many cases at once as the retired trigger's <c>maxConcurrentSessions</c>.</summary>
    public int MaxConcurrentSessions { get; init; } = 8;
}

/// <summary>
/// Takes case events off the session-enabled <c>case-events</c> queue with the SDK's <see cref="ServiceBusSessionProcessor"/>,
/// hosted in the app because the isolated worker's Service Bus trigger package is not available here (ADR 0058).
/// The contract is the trigger's: session = case (one case's events in order, one at a time), MessageId = event id
/// (duplicate detection), and explicit settlement decided by <see cref="CaseEventMessageHandler"/>.
/// </summary>
public sealed partial class ServiceBusCaseEventIntake(
    ServiceBusClient client,
    ServiceBusIntakeOptions options,
    CaseEventMessageHandler handler,
    DurableClientHolder durableClient,
    ILogger<ServiceBusCaseEventIntake> logger) : IHostedService
{
    ServiceBusSessionProcessor? processor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        processor = client.CreateSessionProcessor(options.QueueName, new ServiceBusSessionProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentSessions = options.MaxConcurrentSessions,
            MaxConcurrentCallsPerSession = 1,
            PrefetchCount = 0,
            MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(5),
            SessionIdleTimeout = TimeSpan.FromSeconds(30),
        });
        processor.ProcessMessageAsync += HandleAsync;
        processor.ProcessErrorAsync += OnErrorAsync;
        await processor.StartProcessingAsync(cancellationToken);
        LogStarted(options.QueueName);
    }

    /// <summary>Stops taking messages, lets those in hand settle, and closes the processor (the client is the container's).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (processor is not null)
        {
            await processor.StopProcessingAsync(cancellationToken);
            await processor.DisposeAsync();
            processor = null;
        }
    }

    /// <summary>Hands one message to the handler and settles it as the handler decided: complete, dead-letter with a reason, or abandon.</summary>
    public async Task HandleAsync(ProcessSessionMessageEventArgs args)
    {
        var message = args.Message;
        MessageSettlement settlement;
        try
        {
            var workflows = await durableClient.GetAsync(args.CancellationToken);
            settlement = await handler.HandleAsync(
                new CaseEventMessage(message.Body.ToString(), message.SessionId, message.MessageId), workflows, args.CancellationToken);
        }
        catch (OperationCanceledException) when (args.CancellationToken.IsCancellationRequested)
        {
            settlement = new MessageSettlement.Abandon("The app is stopping.");
        }

        switch (settlement)
        {
            case MessageSettlement.DeadLetter deadLetter:
                await args.DeadLetterMessageAsync(message, deadLetter.Reason, deadLetter.Description, CancellationToken.None);
                break;
            case MessageSettlement.Abandon:
                await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
                break;
            default:
                await args.CompleteMessageAsync(message, CancellationToken.None);
                break;
        }
    }

    Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        LogReceiveError(args.Exception, args.ErrorSource.ToString(), args.EntityPath);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Taking case events from Service Bus queue {Queue}")]
    partial void LogStarted(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service Bus intake error ({Source}) on {EntityPath}")]
    partial void LogReceiveError(Exception exception, string source, string entityPath);
}
