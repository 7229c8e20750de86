namespace SendWorkflows.Web.Pages;

/// <summary>
/// The one place response headers for security are set, on every response: pages carry children's case data, so
/// nothing is cached (Cache-Control: no-store), nothing loads or runs but this host's own stylesheets, fonts and
/// scripts (Content-Security-Policy: no inline styles, one inline script allowed by its hash), no page may be framed (frame-ancestors 'none'), types are not sniffed, and no address leaks to another
/// site (Referrer-Policy: no-referrer).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// GOV.UK Frontend from this host (<see cref="FrontendAssets"/>): its stylesheet, fonts, images and JavaScript
    /// module from 'self'; the one inline script by its SHA-256; no inline styles; forms post to this site only.
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src 'self' {FrontendAssets.BodyClassScriptHash}; style-src 'self'; font-src 'self'; "
        + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
