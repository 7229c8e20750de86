using System.Text.Json;

namespace SendWorkflows.Contract;

/// <summary>
/// Reads the contacts directory (contract section 3). Problems are named by their path, such as
/// <c>contacts.hp-north.email is not a valid e-mail address</c>. A bad contact is rejected on its own and the
/// directory loads without it; a directory without a valid <c>senManager</c>, <c>assistantDirector</c> or
/// <c>contacts</c> object is rejected as a whole (nobody could be escalated to). Keys match case-insensitively.
/// </summary>
public static class ContactsDirectoryReader
{
    static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Accepted holds the directory (at most one); Rejected every bad contact, or the whole file.</summary>
    public static IntakeResult<ContactsDirectory> Read(string json)
    {
        var rejected = new List<IntakeRejection>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.TrimStart('\uFEFF'), Strict);
        }
        catch (JsonException error)
        {
            var line = error.LineNumber is { } zeroBased ? (int)zeroBased + 1 : (int?)null;
            rejected.Add(new(line, null, $"the contacts directory is not valid JSON{(line is null ? "" : $" (line {line})")}", json));
            return new([], rejected);
        }

        using (document)
        {
            try
            {
                var directory = Read(document.RootElement, json, rejected);
                return new(directory is null ? [] : [directory], rejected);
            }
            catch (InvalidOperationException)
            {
                return new([], [new(null, null, UnpairedSurrogate("the contacts directory has a property name"), json)]);
            }
        }
    }

    /// <inheritdoc cref="Read(string)"/>
    public static IntakeResult<ContactsDirectory> Read(TextReader reader) => Read(reader.ReadToEnd());

    /// <summary>The directory's bytes, which must be UTF-8: otherwise it is rejected whole, naming the line and byte at fault.</summary>
    public static IntakeResult<ContactsDirectory> Read(byte[] utf8)
    {
        var text = Utf8Input.Decode(utf8, out var fault);
        return text is null
            ? new([], [new(fault!.Line, null, $"the contacts directory was not read: {fault.Reason()}", "")])
            : Read(text);
    }

    /// <inheritdoc cref="Read(byte[])"/>
    public static IntakeResult<ContactsDirectory> Read(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.ToArray());
    }

    static ContactsDirectory? Read(JsonElement root, string raw, List<IntakeRejection> rejected)
    {
        var problems = new Problems();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(null, "the contacts directory must be a JSON object");
            rejected.Add(problems.ToRejection(null, raw));
            return null;
        }

        var fields = new JsonFields(root, problems);
        var senManager = fields.Email("senManager");
        var assistantDirector = fields.Email("assistantDirector");
        var placementsOfficer = fields.Email("placementsOfficer", required: false);
        var contacts = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("contacts", out var contactsElement) || contactsElement.ValueKind != JsonValueKind.Object)
            fields.Fail("contacts", "is required: an object of contacts by key");
        else
            ReadContacts(contactsElement, contacts, rejected);

        if (problems.Any)
        {
            rejected.Insert(0, problems.ToRejection(null, raw));
            return null;
        }

        return new ContactsDirectory(contacts, senManager!, assistantDirector!, placementsOfficer);
    }

    static void ReadContacts(JsonElement element, Dictionary<string, Contact> contacts, List<IntakeRejection> rejected)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!TryReadName(property, out var key))
            {
                rejected.Add(new(null, "contacts", UnpairedSurrogate("contacts has a key"), property.Value.GetRawText()));
                continue;
            }

            var path = $"contacts.{(ContractRules.IsValidContactKey(key) ? key : ContractRules.Quote(key))}";
            var problems = new Problems();
            if (!ContractRules.IsValidContactKey(key))
                problems.Add(path, $"{path} is not a valid contact key (letters, digits, - _ ., at most {ContractRules.MaxIdLength})");
            if (!seen.Add(key))
                problems.Add(path, $"{path} appears more than once");

            Contact? contact = null;
            try
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                    contact = ReadContact(key, new JsonFields(property.Value, problems, path + "."));
            }
            catch (InvalidOperationException)
            {
                problems.Add(path, UnpairedSurrogate($"{path} has a property name"));
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
                problems.Add(path, $"{path} must be an object with role and email");

            if (problems.Any || contact is null)
                rejected.Add(problems.ToRejection(null, $"\"{key}\": {property.Value.GetRawText()}"));
            else
                contacts[key] = contact;
        }
    }

    static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    // System.Text.Json parses "\ud800" but cannot turn it into a .NET string; such text is not valid anyway.
    static string UnpairedSurrogate(string what) => $"{what} that is not valid text (an unpaired UTF-16 surrogate escape)";

    static Contact? ReadContact(string key, JsonFields fields)
    {
        var role = fields.Term("role", ContractSpelling.ContactRoles);
        var email = fields.Email("email");
        var manager = fields.Email("manager", required: false);
        var seniorLead = fields.Email("seniorLead", required: false);
        return role is null || email is null ? null : new Contact(key, role.Value, email, manager, seniorLead);
    }
}
