namespace SendWorkflows.Web.Pages;

/// <summary>Short public pages for requests the host refuses (400, 413, 429, 500): what to do, nothing about the request.</summary>
public static class PlainPages
{
    public static IResult BadRequest(string message) =>
        Results.Content(Layout.Public("The request could not be read", Govuk.P(message)),
            "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    public static Task Write(HttpContext context, int status, string title, string message, CancellationToken cancellationToken = default)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Layout.Public(title, Govuk.P(message)), cancellationToken);
    }
}
