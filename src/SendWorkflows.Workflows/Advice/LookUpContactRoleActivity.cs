using SendWorkflows.Domain;
using Microsoft.DurableTask;

namespace SendWorkflows.Workflows.Advice;

/// <summary>The role of a contacts-directory key (advice outcomes are reported by role).</summary>
public sealed class LookUpContactRoleActivity(IContactsDirectorySource contacts) : TaskActivity<string, ContactRole>
{
    public override async Task<ContactRole> RunAsync(TaskActivityContext context, string input)
    {
        var directory = await contacts.GetAsync();
        return directory.Contacts.TryGetValue(input, out var contact) ? contact.Role : ContactRole.Other;
    }
}
