using System.Net;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Host.Tests.Web;

/// <summary>Issue 17: GOV.UK Frontend is served by the host itself, and the CSP lets exactly it run.</summary>
public sealed class FrontendAssetsTests
{
    [Theory]
    [InlineData("/assets/govuk-frontend.min.css", "text/css", ".govuk-template")]
    [InlineData("/assets/govuk-frontend.min.js", "text/javascript", "initAll")]
    [InlineData("/assets/init.js", "text/javascript", "initAll()")]
    [InlineData("/assets/app.css", "text/css", ".app-tile")]
    public async Task Each_asset_is_served_from_this_host_without_signing_in(string path, string type, string expected)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheet_does_not_use_the_GOV_UK_only_font()
    {
        await using var host = await TestHost.StartAsync();

        var css = await host.Client().GetStringAsync("/assets/govuk-frontend.min.css");

        Assert.DoesNotContain("GDS Transport", css, StringComparison.Ordinal);
        Assert.DoesNotContain("@font-face", css, StringComparison.Ordinal);
        Assert.Contains("font-family:arial,sans-serif", css, StringComparison.Ordinal);
        Assert.DoesNotContain("Margaret Calvert", css, StringComparison.Ordinal);
        // Everything else as published: the rewrite keeps CSS escapes (the skip link is hidden until focused).
        Assert.Contains(".govuk-skip-link:not(:active):not(:focus):not(.\\:focus){position:absolute!important", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_loads_GOV_UK_Frontend_and_the_CSP_allows_its_one_inline_script_by_hash_only()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.Client().GetAsync("/signin");
        var html = await response.Content.ReadAsStringAsync();
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains("""<link rel="stylesheet" href="/assets/govuk-frontend.min.css">""", html, StringComparison.Ordinal);
        Assert.Contains("""<script type="module" src="/assets/init.js"></script>""", html, StringComparison.Ordinal);
        Assert.Contains($"<script>{FrontendAssets.BodyClassScript}</script>", html, StringComparison.Ordinal);
        Assert.Contains($"script-src 'self' {FrontendAssets.BodyClassScriptHash};", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }
}
