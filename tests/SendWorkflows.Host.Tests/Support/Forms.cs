using System.Net;
using System.Text.RegularExpressions;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>Submits a server-rendered form as a browser would: GET the page, keep its antiforgery field, POST.</summary>
static partial class Forms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, IDictionary<string, string>? fields = null, string? postUrl = null)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = AntiforgeryField().Match(page);
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>());
        if (token.Success)
        {
            form[token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value);
        }

        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(form));
    }

    public static async Task<HttpClient> SignedInAsync(TestHost host)
    {
        var client = host.Client();
        var response = await SubmitAsync(client, "/signin", new Dictionary<string, string> { ["password"] = TestHost.StaffPassword, ["returnUrl"] = "/dashboard" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)">""")]
    private static partial Regex AntiforgeryField();
}
