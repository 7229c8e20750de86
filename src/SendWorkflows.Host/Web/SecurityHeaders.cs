namespace SendWorkflows.Host.Web;

/// <summary>
/// The one place response headers for security are set, on every response: pages carry children's case data, so
/// nothing is cached (Cache-Control: no-store), nothing runs but our own styles (Content-Security-Policy, no scripts
/// at all), no page may be framed (frame-ancestors 'none'), types are not sniffed, and no address leaks to another
/// site (Referrer-Policy: no-referrer).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Inline styles only (the layout's one stylesheet); forms post to this site only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

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
