using SendWorkflows.Domain;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.Email;

/// <summary>
/// docs/email holds one rendered example (HTML and text) of every kind, made from fictional data, for reviewers.
/// This test fails when they are stale; run it with UPDATE_EMAIL_EXAMPLES=1 to write them again.
/// </summary>
public sealed class RenderedExamplesTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "docs", "email");

    public static TheoryData<NotificationKind> EveryKind() => new(Enum.GetValues<NotificationKind>());

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Example_in_docs_matches_the_templates(NotificationKind kind) =>
        AssertExampleIsCurrent(kind.ToString(), SampleNotifications.For(kind));

    [Fact]
    public void Example_of_the_review_advice_ladder_matches_the_templates()
    {
        var request = SampleNotifications.For(NotificationKind.ReviewAdviceRequest);
        AssertExampleIsCurrent("AdviceOverdue.annual-review", request with
        {
            Key = "EHC-2026-0147/AnnualReview2026/ep-north/AdviceOverdue",
            Kind = NotificationKind.AdviceOverdue,
            On = request.DueOn!.Value.AddDays(1),
        });
    }

    /// <summary>The other shapes of the family notices: a refusal to assess (with the appeal), each review decision, and a letter to post.</summary>
    [Theory]
    [InlineData("FamilyAssessmentDecision.decline", NotificationKind.FamilyAssessmentDecision, "decline", false)]
    [InlineData("FamilyReviewDecision.amend", NotificationKind.FamilyReviewDecision, "amend", false)]
    [InlineData("FamilyReviewDecision.cease", NotificationKind.FamilyReviewDecision, "cease", false)]
    [InlineData("FamilyFinalPlan.by-post", NotificationKind.FamilyFinalPlan, null, true)]
    public void Example_of_a_family_notice_matches_the_templates(string name, NotificationKind kind, string? decision, bool byPost)
    {
        var sample = SampleNotifications.For(kind);
        var facts = sample.Facts with { FamilyDecision = decision ?? sample.Facts.FamilyDecision, SendByPost = byPost };
        AssertExampleIsCurrent(name, sample with { Facts = facts, To = byPost ? [SampleNotifications.Caseworker] : sample.To });
    }

    private static void AssertExampleIsCurrent(string name, Notification notification)
    {
        var email = TestRenderer.Create(new FixedResponseLinks()).Render(notification, notification.To[0]);
        var html = Path.Combine(Folder, $"{name}.html");
        var text = Path.Combine(Folder, $"{name}.txt");
        var textContent = $"Subject: {email.Subject}\n\n{email.Text}";

        if (Environment.GetEnvironmentVariable("UPDATE_EMAIL_EXAMPLES") == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(html, email.Html);
            File.WriteAllText(text, textContent);
        }

        Assert.True(File.Exists(html), $"{html} is missing: run the tests with UPDATE_EMAIL_EXAMPLES=1.");
        Assert.Equal(email.Html, ReadWithUnixLineEnds(html));
        Assert.Equal(textContent, ReadWithUnixLineEnds(text));
    }

    // A Windows checkout may turn the examples' line ends into CRLF; the content is what matters.
    private static string ReadWithUnixLineEnds(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
}
