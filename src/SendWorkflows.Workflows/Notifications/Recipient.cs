namespace SendWorkflows.Workflows.Notifications;

/// <summary>Who a notification is for, by role: the activity that records it resolves roles against the contacts directory.</summary>
public enum RecipientRole
{
    /// <summary>A case's own address (the setting, the caseworker), carried in the workflow's input.</summary>
    Address,

    /// <summary>The contact under directory key <see cref="Recipient.Value"/>.</summary>
    Contact,

    /// <summary>That contact's manager (the SEN manager when the directory names none).</summary>
    ContactManager,

    /// <summary>That contact's senior lead (the SEN manager when the directory names none).</summary>
    ContactSeniorLead,

    SenManager,
    AssistantDirector,

    /// <summary>The directory's placements officer (the SEN manager when it names none).</summary>
    PlacementsOfficer,
}

/// <summary>One recipient of a notification, by role; see <see cref="RecipientRole"/>.</summary>
public sealed record Recipient(RecipientRole Role, string? Value = null)
{
    public static Recipient SenManager { get; } = new(RecipientRole.SenManager);

    public static Recipient AssistantDirector { get; } = new(RecipientRole.AssistantDirector);

    public static Recipient PlacementsOfficer { get; } = new(RecipientRole.PlacementsOfficer);

    public static Recipient Address(string email) => new(RecipientRole.Address, email);

    public static Recipient Contact(string key) => new(RecipientRole.Contact, key);

    public static Recipient ManagerOf(string contactKey) => new(RecipientRole.ContactManager, contactKey);

    public static Recipient SeniorLeadOf(string contactKey) => new(RecipientRole.ContactSeniorLead, contactKey);
}
