using System.Net;
using System.Text.RegularExpressions;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Links;

/// <summary>A family following the survey link from a <c>FamilySurvey</c> e-mail, page by page, over real HTTP.</summary>
public sealed partial class SurveyEndpointTests : IAsyncLifetime
{
    const string Family = "parent@family.example.org";
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        host.Dispatcher.Know("P-2001");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    static Notification Survey(string to = Family) => new(
        "review:P-2001/c2/family-survey", NotificationKind.FamilySurvey, "P-2001", new DateOnly(2026, 3, 2), [to], [], null,
        new NotificationFacts { ChildInitials = "QX", ResponseEvent = "FamilySurveyAnswered", AwaitingInstanceId = "review:P-2001" });

    string Path() => host.Get<SignedResponseLinks>().LinkFor(Survey(), Family)!.PathAndQuery;

    /// <summary>Posts one page's form (with its anti-forgery token from <paramref name="page"/>) to the survey's <paramref name="step"/>.</summary>
    async Task<(HttpResponseMessage Response, string Page)> PostAsync(HttpClient client, string page, string step, Dictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value) };
        var response = await client.PostAsync($"{Path()}/{step}", new FormUrlEncodedContent(form));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_survey_asks_one_question_a_page_checks_the_answers_and_records_them_once()
    {
        Assert.StartsWith("/survey/P-2001/", Path(), StringComparison.Ordinal);
        var client = host.Client();
        var first = await client.GetStringAsync(Path());
        var (empty, emptyPage) = await PostAsync(client, first, "involved", []);
        var (_, second) = await PostAsync(client, first, "involved", new() { ["involved"] = "yes" });
        var (_, check) = await PostAsync(client, second, "communication", new() { ["involved"] = "yes", ["communicationGood"] = "no" });
        var (sent, thanks) = await PostAsync(client, check, "send", new() { ["involved"] = "yes", ["communicationGood"] = "no" });

        Assert.Contains("Were you fully involved in decisions about your child", first, StringComparison.Ordinal);
        // The page's words, not its markup: the anti-forgery token and the signed link are random and may hold "QX".
        Assert.DoesNotContain("QX", Markup().Replace(first, " "), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Select yes if you were fully involved", emptyPage, StringComparison.Ordinal);
        Assert.Contains("Was our communication with you good?", second, StringComparison.Ordinal);
        Assert.Contains("Check your answers", check, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("We have your answers", thanks, StringComparison.Ordinal);
        var answered = Assert.IsType<FamilySurveyAnswered>(Assert.Single(host.Dispatcher.Dispatched));
        Assert.Equal(("P-2001", true, false, new DateOnly(2026, 3, 2)), (answered.CaseId, answered.Involved, answered.CommunicationGood, answered.On));

        var again = await client.GetAsync(Path());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("You have already answered", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task A_changed_link_or_a_survey_link_on_the_response_page_is_refused_and_records_nothing()
    {
        var path = Path();
        var tampered = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];

        var changed = await host.Client().GetAsync(tampered);
        var onRespond = await host.Client().GetAsync(path.Replace("/survey/", "/respond/", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
        Assert.Contains("This link does not work", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, onRespond.StatusCode);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Fact]
    public void Only_the_family_the_survey_is_addressed_to_gets_a_link_and_it_names_no_address()
    {
        var links = host.Get<SignedResponseLinks>();

        Assert.Null(links.LinkFor(Survey(), "someone.else@example.org"));
        Assert.DoesNotContain("parent", links.LinkFor(Survey(), Family)!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)">""")]
    private static partial Regex Token();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Markup();
}
