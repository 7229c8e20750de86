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

/// <summary>
/// The page a signed-in member of staff gets for what their role does not allow (403 from any policy, in both hosts):
/// the sign-in schemes answer 403 with no body, and this fills it in. /api keeps its bare status.
/// </summary>
public static class Forbidden
{
    public static Task WriteAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext status)
    {
        var context = status.HttpContext;
        if (context.Response.StatusCode != StatusCodes.Status403Forbidden || context.Request.Path.StartsWithSegments("/api"))
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        const string Title = "You do not have permission to do this";
        var page = context.User.IsInRole(Security.StaffSessions.StaffRole)
            ? Layout.Staff(Title, Html.Of($"""
                <p class="govuk-body" id="forbidden">This is for administrators. You are signed in as staff, who can read the dashboard
                but cannot import files, correct or dismiss rejected items, or restart workflows.</p>
                <p class="govuk-body">If you need to, ask the SEND team's administrator to do it or to give you the administrator role.</p>
                <p class="govuk-body"><a class="govuk-link" href="/dashboard">Go to the overview</a></p>
                """))
            : Layout.Public(Title, Html.Of($"""
                <p class="govuk-body" id="forbidden">Your account does not have a role in this service. Ask the service's administrator to
                give you the staff or admin role.</p>
                """));
        return context.Response.WriteAsync(page, context.RequestAborted);
    }
}
