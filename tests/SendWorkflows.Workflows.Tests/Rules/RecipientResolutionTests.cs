using SendWorkflows.Workflows.Notifications;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Rules;

public sealed class RecipientResolutionTests
{
    [Fact]
    public void Roles_resolve_against_the_directory_and_a_missing_manager_falls_back_to_the_SEN_manager()
    {
        var addresses = RecordNotificationActivity.Resolve(
            [Recipient.Contact("health"), Recipient.ManagerOf("health"), Recipient.SeniorLeadOf("ep"), Recipient.ManagerOf("social"),
             Recipient.AssistantDirector, Recipient.Address(Caseworker)],
            Contacts());

        Assert.Equal(
            ["health@nhs.example", "health.manager@nhs.example", "ep.lead@council.example", SenManager, AssistantDirector, Caseworker],
            addresses);
    }

    [Fact]
    public void An_unknown_contact_key_fails_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RecordNotificationActivity.Resolve([Recipient.Contact("dentist")], Contacts()).ToList());

        Assert.Contains("'dentist'", error.Message);
    }
}
