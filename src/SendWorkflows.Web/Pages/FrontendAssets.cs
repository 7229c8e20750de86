using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileProviders;

namespace SendWorkflows.Web.Pages;

/// <summary>
/// GOV.UK Frontend and this service's stylesheet and script, embedded in the assembly at build time (ADR 0069) and
/// served from <c>/assets</c> by the host itself: no CDN, no node_modules, nothing fetched at run time.
/// </summary>
public static class FrontendAssets
{
    /// <summary>
    /// The one inline script GOV.UK Frontend asks for: it marks the body before the page paints so components do not
    /// flash. The Content-Security-Policy allows it by its hash (<see cref="BodyClassScriptHash"/>), nothing else inline.
    /// </summary>
    public const string BodyClassScript =
        "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

    /// <summary>The CSP source for <see cref="BodyClassScript"/>: <c>'sha256-…'</c>.</summary>
    public static string BodyClassScriptHash { get; } =
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(BodyClassScript)))}'";

    public static IApplicationBuilder UseFrontendAssets(this IApplicationBuilder app) => app.UseStaticFiles(new StaticFileOptions
    {
        RequestPath = "/assets",
        FileProvider = new EmbeddedFileProvider(typeof(FrontendAssets).Assembly, "assets"),
    });
}
