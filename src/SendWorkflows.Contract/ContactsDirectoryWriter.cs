using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SendWorkflows.Contract;

/// <summary>Writes a contacts directory as the contract's JSON (section 3), contacts in key order.</summary>
public static class ContactsDirectoryWriter
{
    public static string ToJson(ContactsDirectory directory)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteStartObject("contacts");
            foreach (var contact in directory.Contacts.Values.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(contact.Key);
                json.WriteString("role", ContractSpelling.ContactRoles.Spell(contact.Role));
                json.WriteString("email", contact.Email);
                if (contact.Manager is not null)
                    json.WriteString("manager", contact.Manager);
                if (contact.SeniorLead is not null)
                    json.WriteString("seniorLead", contact.SeniorLead);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteString("senManager", directory.SenManager);
            json.WriteString("assistantDirector", directory.AssistantDirector);
            if (directory.PlacementsOfficer is not null)
                json.WriteString("placementsOfficer", directory.PlacementsOfficer);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
