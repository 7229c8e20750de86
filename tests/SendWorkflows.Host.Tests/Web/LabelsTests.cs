using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email.Templates;

namespace SendWorkflows.Host.Tests.Web;

/// <summary>Issue 17: people read words, never the engine's code names.</summary>
public sealed class LabelsTests
{
    [Fact]
    public void Every_kind_role_setting_type_and_limit_status_has_a_label_that_is_not_its_code_name()
    {
        var labelled = Enum.GetValues<NotificationKind>().Select(k => (k.ToString(), Labels.Of(k)))
            .Concat(Enum.GetValues<ContactRole>().Select(r => (r.ToString(), Labels.Of(r))))
            .Concat(Enum.GetValues<SettingType>().Select(t => (t.ToString(), Labels.Of(t))))
            .Concat(Enum.GetValues<LimitStatus>().Select(s => (s.ToString(), Labels.Of(s))))
            .ToList();

        Assert.All(labelled, pair =>
        {
            Assert.False(string.IsNullOrWhiteSpace(pair.Item2), $"{pair.Item1} has no label");
            Assert.DoesNotMatch("[a-z][A-Z]", pair.Item2); // no CamelCase code name, e.g. EducationalPsychology or OutOfArea
        });
        Assert.Equal("School outside the area", Labels.Of(SettingType.OutOfArea));
        Assert.Equal("Educational psychology", Labels.Of(ContactRole.EducationalPsychology));
        Assert.Equal("Review meeting not arranged", Labels.Of(NotificationKind.ReviewMeetingNotScheduled));
    }

    [Theory]
    [InlineData("AdviceReceived", "Advice received")]
    [InlineData("ReviewMeetingScheduled", "Review meeting scheduled")]
    [InlineData("", "")]
    public void An_event_type_reads_as_words(string type, string expected) => Assert.Equal(expected, Labels.OfEventType(type));
}
