namespace SendWorkflows.Infrastructure.Email;

/// <summary>Which provider delivers e-mail (<c>Email:Provider</c>).</summary>
public enum EmailProvider
{
    /// <summary>No delivery: notifications are recorded and wait in the outbox; no dispatcher runs.</summary>
    None,
    SendGrid,
    Smtp,
    Notify,
}

/// <summary>The <c>Email</c> configuration section: provider choice, sender and who recipients contact.</summary>
public sealed record EmailOptions
{
    public const string SectionName = "Email";

    public EmailProvider Provider { get; init; } = EmailProvider.None;

    /// <summary>The address e-mails come from (a no-reply or SEN team mailbox the provider is allowed to send as).</summary>
    public string FromAddress { get; init; } = "";

    public string FromName { get; init; } = "SEND team";

    /// <summary>Who recipients contact with questions, named in every e-mail, and where replies go.</summary>
    public string ContactAddress { get; init; } = "";

    public string ContactName { get; init; } = "the SEN team";

    /// <summary>The council's name, in the footer (for example "Exampleshire County Council").</summary>
    public string CouncilName { get; init; } = "";

    /// <summary>The local SEND Information, Advice and Support Service, named in every notice to a family.</summary>
    public string SendiassName { get; init; } = "Your local SENDIASS";

    /// <summary>How families reach the SENDIASS (a phone number and a web address), in every notice to a family.</summary>
    public string SendiassContact { get; init; } = "";
}

/// <summary>The <c>Email:Smtp</c> section (MailDev locally, or a relay).</summary>
public sealed record SmtpEmailOptions
{
    public string Host { get; init; } = "localhost";

    public int Port { get; init; } = 1025;

    /// <summary>None (MailDev), StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; init; } = "None";

    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>The domain part of generated Message-Ids.</summary>
    public string MessageIdDomain { get; init; } = "sendworkflows.local";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// MailDev's web address (e.g. <c>http://127.0.0.1:1080/</c>): when set, an interrupted attempt is confirmed
    /// against MailDev's REST API before sending again. A real relay cannot be asked, so leave it empty there.
    /// </summary>
    public Uri? MailDevApiUrl { get; init; }
}

/// <summary>The <c>Email:SendGrid</c> section.</summary>
public sealed record SendGridEmailOptions
{
    /// <summary>From configuration or Key Vault only; never in code or committed settings.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>The API's base URL; tests point it at a local listener.</summary>
    public Uri BaseUrl { get; init; } = new("https://api.sendgrid.com");

    /// <summary>Staging: SendGrid validates the request but delivers nothing.</summary>
    public bool SandboxMode { get; init; }

    /// <summary>
    /// When set, messages use this dynamic template, which must show <c>{{subject}}</c>, <c>{{{html}}}</c> and
    /// <c>{{text}}</c> (our rendered content); when empty, the rendered content is sent as is.
    /// </summary>
    public string? TemplateId { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Confirm an interrupted attempt with the Email Activity API before sending again. It is a paid add-on and the
    /// API key needs Email Activity access, so it is off unless set.
    /// </summary>
    public bool ConfirmWithEmailActivity { get; init; }

    /// <summary>
    /// How long the activity feed may take to show an accepted message: "not found" is trusted only this long
    /// after the interrupted attempt's lease ended; until then the row waits.
    /// </summary>
    public TimeSpan EmailActivityLag { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>The <c>Email:Notify</c> section (GOV.UK Notify).</summary>
public sealed record NotifyEmailOptions
{
    /// <summary>A Notify API key (<c>name-serviceId-secret</c>); from configuration only.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>
    /// The one generic e-mail template: subject <c>((subject))</c>, body <c>((body))</c>. Our rendered subject and
    /// plain-text body fill those two personalisation fields (Notify does not accept HTML).
    /// </summary>
    public string TemplateId { get; init; } = "";

    public Uri BaseUrl { get; init; } = new("https://api.notifications.service.gov.uk");

    /// <summary>A reply-to address id set up in Notify, if replies should not go to the service default.</summary>
    public string? EmailReplyToId { get; init; }
}
