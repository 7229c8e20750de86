using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract.Tests;

public class ContactsDirectoryReaderTests
{
    const string Valid = """
        {
          "contacts": {
            "ep-north": {"role": "educational_psychology", "email": "ep.north@council.example", "manager": "ep.manager@council.example", "seniorLead": "ep.head@council.example"},
            "hp-north": {"role": "health", "email": "hp.north@nhs.example"}
          },
          "senManager": "sen.manager@council.example",
          "assistantDirector": "ad@council.example"
        }
        """;

    static IntakeResult<ContactsDirectory> Read(string json) => ContactsDirectoryReader.Read(json);

    static string WithContact(string contactJson) =>
        Valid.Replace("\"hp-north\": {\"role\": \"health\", \"email\": \"hp.north@nhs.example\"}", contactJson);

    [Fact]
    public void A_valid_directory_is_read_with_optional_manager_and_senior_lead()
    {
        var result = Read(Valid);

        var directory = Assert.Single(result.Accepted);
        Assert.Empty(result.Rejected);
        Assert.Equal("sen.manager@council.example", directory.SenManager);
        Assert.Equal("ad@council.example", directory.AssistantDirector);
        Assert.Equal(new Contact("ep-north", ContactRole.EducationalPsychology, "ep.north@council.example", "ep.manager@council.example", "ep.head@council.example"), directory.Contacts["ep-north"]);
        Assert.Equal(new Contact("hp-north", ContactRole.Health, "hp.north@nhs.example", null, null), directory.Contacts["HP-NORTH"]);
    }

    [Theory]
    [InlineData("""{"role": "health", "email": "not-an-email"}""", "contacts.hp-north.email", "contacts.hp-north.email is not a valid e-mail address")]
    [InlineData("""{"role": "health"}""", "contacts.hp-north.email", "contacts.hp-north.email is required")]
    [InlineData("""{"role": "Social Care", "email": "a@b.example"}""", "contacts.hp-north.role", "contacts.hp-north.role 'Social Care' is not one of educational_psychology, health, social_care, education, preparing_for_adulthood, other")]
    [InlineData("""{"email": "a@b.example"}""", "contacts.hp-north.role", "contacts.hp-north.role is required")]
    [InlineData("""{"role": "health", "email": "a@b.example", "manager": "boss"}""", "contacts.hp-north.manager", "contacts.hp-north.manager is not a valid e-mail address")]
    [InlineData("""{"role": "health", "email": "a@b.example", "seniorLead": 3}""", "contacts.hp-north.seniorLead", "contacts.hp-north.seniorLead must be a string")]
    [InlineData("\"hp.north@nhs.example\"", "contacts.hp-north", "contacts.hp-north must be an object with role and email")]
    public void A_bad_contact_is_rejected_by_path_and_the_rest_of_the_directory_loads(string contactJson, string field, string reason)
    {
        var result = Read(WithContact("\"hp-north\": " + contactJson));

        var directory = Assert.Single(result.Accepted);
        Assert.Equal(["ep-north"], directory.Contacts.Keys);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal("\"hp-north\": " + contactJson, rejection.Raw);
    }

    [Fact]
    public void A_key_that_appears_twice_is_rejected_the_second_time()
    {
        var result = Read(WithContact("""
            "hp-north": {"role": "health", "email": "a@nhs.example"}, "HP-North": {"role": "health", "email": "b@nhs.example"}
            """));

        Assert.Equal("a@nhs.example", Assert.Single(result.Accepted).Contacts["hp-north"].Email);
        Assert.Equal("contacts.HP-North appears more than once", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void A_bad_key_is_rejected()
    {
        var result = Read(WithContact("""
            "hp north": {"role": "health", "email": "a@nhs.example"}
            """));

        Assert.StartsWith("contacts.'hp north' is not a valid contact key", Assert.Single(result.Rejected).Reason);
    }

    [Fact]
    public void A_key_with_an_unpaired_surrogate_escape_is_rejected_not_thrown()
    {
        var result = Read(WithContact("\"hp\\ud800\": {\"role\": \"health\", \"email\": \"a@nhs.example\"}"));

        Assert.Equal("contacts has a key that is not valid text (an unpaired UTF-16 surrogate escape)", Assert.Single(result.Rejected).Reason);
        Assert.Single(result.Accepted);
    }

    [Theory]
    [InlineData("\"senManager\": \"sen.manager@council.example\",", "", "senManager", "senManager is required")]
    [InlineData("\"ad@council.example\"", "\"ad at council\"", "assistantDirector", "assistantDirector is not a valid e-mail address")]
    public void The_directory_is_rejected_as_a_whole_without_a_valid_sen_manager_or_assistant_director(
        string find, string replacement, string field, string reason)
    {
        var json = Valid.Replace(find, replacement);

        var result = Read(json);

        Assert.Empty(result.Accepted);
        var rejection = Assert.Single(result.Rejected);
        Assert.Equal(field, rejection.Field);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(json, rejection.Raw);
    }

    [Theory]
    [InlineData("{\"contacts\": {}, \"senManager\": ")]
    [InlineData("[]")]
    [InlineData("{\"senManager\": \"a@b.example\", \"assistantDirector\": \"c@d.example\"}")]
    public void A_file_that_is_not_a_directory_is_rejected_whole(string json)
    {
        var result = Read(json);

        Assert.Empty(result.Accepted);
        Assert.Equal(json, Assert.Single(result.Rejected).Raw);
    }

    [Fact]
    public void Malformed_JSON_is_reported_with_its_line()
    {
        var rejection = Assert.Single(Read("{\n \"contacts\": {\n  \"ep\": {,\n").Rejected);

        Assert.Equal(3, rejection.Line);
        Assert.Equal("the contacts directory is not valid JSON (line 3)", rejection.Reason);
    }

    [Fact]
    public void The_writer_output_reads_back_to_the_same_directory()
    {
        var directory = Assert.Single(Read(Valid).Accepted);

        var again = Assert.Single(Read(ContactsDirectoryWriter.ToJson(directory)).Accepted);

        Assert.Equal(directory.Contacts.Values.OrderBy(c => c.Key), again.Contacts.Values.OrderBy(c => c.Key));
        Assert.Equal((directory.SenManager, directory.AssistantDirector), (again.SenManager, again.AssistantDirector));
    }
}
