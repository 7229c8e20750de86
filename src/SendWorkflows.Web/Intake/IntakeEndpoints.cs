using System.Text.Json;
using SendWorkflows.Contract;
using SendWorkflows.Web.Security;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Web.Intake;

/// <summary>
/// The /api intake: case events (one object or an array; 202 with a result per event), the caseload CSV and the
/// contacts JSON (200 with every rejected row), and the rejected-events list (whole, or a page at a time). A body that cannot be read at all
/// gets 400 naming what is wrong. All need the X-Api-Key header.
/// </summary>
public static class IntakeEndpoints
{
    const int MaxBodyBytes = 16 * 1024 * 1024;
    const string HttpSource = "http";

    public static void MapIntakeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(StaffAuthentication.ApiPolicy).RequireRateLimiting(RequestLimits.ApiPolicy);
        api.MapPost("/events", PostEventsAsync);
        api.MapPost("/caseload", PostCaseloadAsync);
        api.MapPost("/contacts", PostContactsAsync);
        api.MapGet("/rejected-events", GetRejectedAsync);
    }

    static async Task<IResult> PostEventsAsync(HttpRequest request, CaseEventIntake intake, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Problem($"The body is larger than {MaxBodyBytes / (1024 * 1024)} MB; send fewer events per request.");
        }

        var shape = JsonShapeProblem(body);
        if (shape is not null)
        {
            return Problem(shape);
        }

        var read = CaseEventReader.ReadBody(body);
        var results = new List<EventResult>();
        foreach (var caseEvent in read.Accepted)
        {
            results.Add(await intake.SubmitAsync(caseEvent, HttpSource, cancellationToken));
        }

        foreach (var rejection in read.Rejected)
        {
            results.Add(await intake.RecordUnreadableAsync(rejection, HttpSource, cancellationToken));
        }

        return Results.Json(new EventsResponse(
            results.Count(r => r.Status == EventStatus.Accepted),
            results.Count(r => r.Status == EventStatus.Duplicate),
            results.Count(r => r.Status == EventStatus.Rejected),
            results), statusCode: StatusCodes.Status202Accepted);
    }

    static async Task<IResult> PostCaseloadAsync(HttpRequest request, CaseloadImport import, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null || body.Length == 0)
        {
            return Problem(body is null ? "The caseload file is too large." : "The body is empty: send the caseload CSV (contract section 1).");
        }

        return Results.Ok(await import.ImportCaseloadAsync(body, cancellationToken));
    }

    static async Task<IResult> PostContactsAsync(HttpRequest request, CaseloadImport import, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null || body.Length == 0)
        {
            return Problem(body is null ? "The contacts file is too large." : "The body is empty: send the contacts directory JSON (contract section 3).");
        }

        if (JsonShapeProblem(body) is { } shape)
        {
            return Problem(shape);
        }

        var report = await import.ImportContactsAsync(body, cancellationToken);
        return report.Imported == 0 ? Results.BadRequest(report) : Results.Ok(report);
    }

    /// <summary>Items a page of /api/rejected-events holds when the caller names no <c>limit</c>, and the most it may ask for.</summary>
    public const int DefaultRejectedPage = 100, MaxRejectedPage = 1000;

    /// <summary>
    /// Without <c>limit</c> or <c>continuation</c>: every item, as callers written before paging expect. With either:
    /// a page of that many items (default <see cref="DefaultRejectedPage"/>) newest first, the same JSON array, and a
    /// <c>Link</c> header (rel="next") to the next page while there is one; the continuation is the last item's key.
    /// </summary>
    static async Task<IResult> GetRejectedAsync(
        HttpContext http, IRejectedItems items, string? limit, string? continuation, CancellationToken cancellationToken)
    {
        if (limit is null && continuation is null)
        {
            return await AllRejectedAsync(items, cancellationToken);
        }

        var take = DefaultRejectedPage;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxRejectedPage))
        {
            return Results.Problem($"limit must be a whole number from 1 to {MaxRejectedPage}.", statusCode: StatusCodes.Status400BadRequest, title: "The query cannot be read");
        }

        // One more than the page says whether a next page exists without a request that comes back empty.
        var read = await items.PageAfterAsync(string.IsNullOrEmpty(continuation) ? null : continuation, take + 1, cancellationToken);
        var page = read.Take(take).ToList();
        if (read.Count > take)
        {
            var next = $"/api/rejected-events?limit={take}&continuation={Uri.EscapeDataString(page[^1].Key)}";
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }

        return Results.Ok(page.Select(i => i.Rejected));
    }

    /// <summary>Every item, newest first like the pages, whichever store holds them.</summary>
    static async Task<IResult> AllRejectedAsync(IRejectedItems items, CancellationToken cancellationToken)
    {
        var all = new List<RejectedEvent>();
        await foreach (var item in items.ItemsAsync(cancellationToken))
        {
            all.Add(item.Rejected);
        }

        return Results.Ok(all);
    }

    /// <summary>Null when the body is valid JSON (whatever its content), otherwise what is wrong with it.</summary>
    static string? JsonShapeProblem(byte[] body)
    {
        if (body.Length == 0)
        {
            return "The body is empty: send one case event object or an array of them (contract section 2).";
        }

        if (Utf8Input.FirstFault(body) is { } fault)
        {
            return $"The body was not read: {fault.Reason()}.";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Object => null,
                JsonValueKind.Array when document.RootElement.GetArrayLength() == 0 => "The array is empty: send at least one case event.",
                JsonValueKind.Array => null,
                var kind => $"The body is a JSON {kind.ToString().ToLowerInvariant()}; send an event object or an array of event objects.",
            };
        }
        catch (JsonException exception)
        {
            return $"The body is not valid JSON (line {exception.LineNumber + 1}, position {exception.BytePositionInLine + 1}).";
        }
    }

    static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    static IResult Problem(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request body cannot be read");

    sealed record EventsResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<EventResult> Results);
}
