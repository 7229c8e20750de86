using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;

namespace SendWorkflows.Workflows.Notifications;

/// <summary>
/// Resolves a <see cref="NotificationRequest"/>'s recipients against the current contacts directory and records the
/// notification in the <see cref="INotificationLog"/>, which the outbox delivers from. True if it was new.
/// </summary>
public sealed class RecordNotificationActivity(INotificationLog log, IContactsDirectorySource contacts)
    : TaskActivity<NotificationRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, NotificationRequest input)
    {
        var directory = await contacts.GetAsync();
        var to = Resolve(input.To, directory).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var cc = Resolve(input.Cc, directory).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(address => !to.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();
        var notification = new Notification(input.Key, input.Kind, input.CaseId, input.On, to, cc, input.DueOn, input.Facts);
        return await log.RecordAsync(notification);
    }

    public static IEnumerable<string> Resolve(IEnumerable<Recipient> recipients, ContactsDirectory directory) =>
        recipients.Select(recipient => recipient.Role switch
        {
            RecipientRole.Address => recipient.Value!,
            RecipientRole.SenManager => directory.SenManager,
            RecipientRole.AssistantDirector => directory.AssistantDirector,
            RecipientRole.PlacementsOfficer => directory.PlacementsOfficer ?? directory.SenManager,
            RecipientRole.Contact => ContactOf(recipient, directory).Email,
            RecipientRole.ContactManager => ContactOf(recipient, directory).Manager ?? directory.SenManager,
            RecipientRole.ContactSeniorLead => ContactOf(recipient, directory).SeniorLead ?? directory.SenManager,
            _ => throw new ArgumentOutOfRangeException(nameof(recipients), recipient.Role, "Unknown recipient role."),
        }).Where(address => !string.IsNullOrWhiteSpace(address));

    static Contact ContactOf(Recipient recipient, ContactsDirectory directory) =>
        directory.Contacts.TryGetValue(recipient.Value!, out var contact)
            ? contact
            : throw new InvalidOperationException($"Contact '{recipient.Value}' is not in the contacts directory.");
}
