using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using SendWorkflows.Contract;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Web.Intake;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Host.Intake;

/// <summary>
/// Reads case events from the <c>case-events</c> queue (one event or an array per message, plain or base64 JSON)
/// and hands them to <see cref="CaseEventIntake"/>. A message is deleted once every event in it is applied, found
/// a duplicate or kept as rejected. One that keeps failing (storage down, a bug) is left for redelivery and, after
/// <see cref="QueueIntakeOptions.MaxDequeueCount"/> deliveries, moved to the poison queue with the reason.
/// </summary>
public sealed class CaseEventQueueWorker(
    QueueServiceClient queues,
    CaseEventIntake intake,
    IOptions<QueueIntakeOptions> options,
    ILogger<CaseEventQueueWorker> logger,
    RuntimeReadiness? runtime = null) : BackgroundService
{
    const string QueueSource = "queue";
    readonly QueueIntakeOptions settings = options.Value;
    readonly QueueClient queue = queues.GetQueueClient(options.Value.Name);
    readonly QueueClient poison = queues.GetQueueClient(options.Value.PoisonName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime is not null)
        {
            await runtime.Ready.WaitAsync(stoppingToken);
        }

        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        logger.LogInformation("Reading case events from queue {Queue}", settings.Name);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await ProcessBatchAsync(stoppingToken);
                if (handled == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(settings.IdlePollSeconds), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Storage unreachable: keep trying, but not in a hot loop.
                logger.LogError(exception, "Reading queue {Queue} failed; retrying", settings.Name);
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, settings.IdlePollSeconds)), stoppingToken);
            }
        }
    }

    /// <summary>
    /// Reads one batch and handles its messages, several cases at once (their workflows are independent) but each
    /// case's messages in the order received; returns how many there were.
    /// </summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(
            Math.Clamp(settings.BatchSize, 1, 32), TimeSpan.FromSeconds(settings.VisibilityTimeoutSeconds), cancellationToken);
        var byCase = messages.Select(m => (Message: m, Read: CaseEventReader.ReadBody(Decode(m.Body))))
            .GroupBy(m => m.Read.Accepted is [var first, ..] ? first.CaseId : m.Message.MessageId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            byCase,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken },
            async (messagesOfCase, token) =>
            {
                foreach (var (message, read) in messagesOfCase)
                {
                    await HandleAsync(message, read, token);
                }
            });
        return messages.Length;
    }

    async Task HandleAsync(QueueMessage message, IntakeResult<CaseEvent> read, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(read, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            if (message.DequeueCount < settings.MaxDequeueCount)
            {
                logger.LogWarning(exception, "Queue message {MessageId} failed (delivery {DequeueCount} of {Max}); it will be retried",
                    message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
                return;
            }

            await MoveToPoisonAsync(message, $"failed {message.DequeueCount} deliveries; last error {exception.GetType().Name}: {exception.Message}", cancellationToken);
        }
    }

    async Task SubmitAsync(IntakeResult<CaseEvent> read, CancellationToken cancellationToken)
    {
        foreach (var caseEvent in read.Accepted)
        {
            await intake.SubmitAsync(caseEvent, QueueSource, cancellationToken);
        }

        foreach (var rejection in read.Rejected)
        {
            await intake.RecordUnreadableAsync(rejection, QueueSource, cancellationToken);
        }
    }

    async Task MoveToPoisonAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        var envelope = JsonSerializer.Serialize(new PoisonEnvelope(reason, message.MessageId, message.DequeueCount, message.InsertedOn, message.Body.ToString()));
        await poison.SendMessageAsync(envelope, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        HostTelemetry.PoisonMessages.Add(1);
        logger.LogError("Queue message {MessageId} moved to {PoisonQueue}: {Reason}", message.MessageId, settings.PoisonName, reason);
    }

    /// <summary>Plain JSON as sent by most tools, or base64 JSON as the Functions queue binding and Storage Explorer send it.</summary>
    static byte[] Decode(BinaryData body)
    {
        var bytes = body.ToArray();
        var text = Encoding.UTF8.GetString(bytes).Trim();
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            return bytes;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : bytes;
    }

    /// <summary>What the poison queue holds: the original message and why it was given up on.</summary>
    public sealed record PoisonEnvelope(string Reason, string MessageId, long DequeueCount, DateTimeOffset? InsertedOn, string Body);
}
