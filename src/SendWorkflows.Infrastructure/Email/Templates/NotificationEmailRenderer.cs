using Microsoft.Extensions.Options;
using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>The subject and the HTML and plain-text bodies of one notification for one recipient.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// Turns a recorded notification into the e-mail one recipient reads: what is asked, for which case, by when (and
/// how many days are left or overdue on the notification's date), why, how to respond and whom to contact. Only the
/// child's initials and the case reference appear, never a name or a date of birth.
/// </summary>
public sealed class NotificationEmailRenderer(IResponseLinks links, IOptions<EmailOptions> options)
{
    private readonly EmailOptions options = options.Value;

    /// <summary>The message the outbox sends to <paramref name="recipient"/> alone (each recipient gets their own).</summary>
    public EmailMessage MessageFor(Notification notification, string recipient)
    {
        var rendered = Render(notification, recipient);
        return new EmailMessage([recipient], [], rendered.Subject, rendered.Html, rendered.Text);
    }

    public RenderedEmail Render(Notification notification, string recipient)
    {
        if (FamilyLetters.Handles(notification.Kind))
        {
            var (familySubject, letter) = FamilyLetters.Compose(notification, options, links.LinkFor(notification, recipient));
            return new RenderedEmail(familySubject, HtmlLayout.Render(familySubject, letter), TextLayout.Render(letter));
        }

        var wording = IsRespondent(notification, recipient) ? KindWordings.ForRespondent(notification) : KindWordings.For(notification);
        var blocks = Blocks(notification, recipient, wording);
        var subject = Subject(notification, wording);
        return new RenderedEmail(subject, HtmlLayout.Render(subject, blocks), TextLayout.Render(blocks));
    }

    internal static string Subject(Notification n, KindWording wording) => wording.Shape switch
    {
        WordingShape.Report when n.Facts.Kpis is { } kpis =>
            $"{wording.SubjectLabel}: {kpis.MonthFrom.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}",
        WordingShape.List when n.Kind == NotificationKind.WeeklyDigest =>
            $"{wording.SubjectLabel}: week of {UkDates.Format(n.On)} ({Count(n.Facts.Items.Count, "item")})",
        WordingShape.List =>
            $"{wording.SubjectLabel}: {n.Facts.SettingName ?? n.CaseId} ({Count(n.Facts.Items.Count, "review")})",
        _ when n.DueOn is { } due => $"{wording.SubjectLabel}: case {n.CaseId} ({wording.SubjectDue} {UkDates.Format(due)})",
        _ => $"{wording.SubjectLabel}: case {n.CaseId}",
    };

    private List<EmailBlock> Blocks(Notification n, string recipient, KindWording wording)
    {
        var blocks = new List<EmailBlock> { new HeadingBlock(wording.Heading) };
        var respondent = IsRespondent(n, recipient);
        var copied = !n.To.Contains(recipient, StringComparer.OrdinalIgnoreCase) && !respondent;
        if (copied)
        {
            blocks.Add(new ParagraphBlock("You are copied in for information, so that you know this has been sent."));
        }

        blocks.Add(new ParagraphBlock(wording.Ask));
        if (wording.Shape == WordingShape.Report)
        {
            blocks.AddRange(n.Facts.Kpis is { } kpis ? MonthlyReportBlocks.For(kpis) : [new ParagraphBlock("There are no figures this time.")]);
        }
        else if (wording.Shape == WordingShape.List)
        {
            blocks.Add(n.Facts.Items.Count > 0
                ? new ItemsBlock(n.Facts.Items, n.On)
                : new ParagraphBlock("There is nothing to list this time."));
        }
        else
        {
            blocks.Add(new FactsBlock(Facts(n, wording)));
        }

        if (wording.Shape == WordingShape.Escalation && n.Facts.AlreadyChased.Count > 0)
        {
            blocks.Add(new BulletsBlock("Already chased", n.Facts.AlreadyChased));
        }

        blocks.Add(new ParagraphBlock("Why: " + wording.Why));
        blocks.AddRange(HowToRespond(n, recipient, copied,  quote: wording.Shape is WordingShape.List or WordingShape.Report ? "our reference" : $"case {n.CaseId}"));
        blocks.Add(new SmallPrintBlock(Routing(n)));
        blocks.Add(new SmallPrintBlock(Footer(n)));
        return blocks;
    }

    private static List<Fact> Facts(Notification n, KindWording wording)
    {
        var facts = new List<Fact> { new("Case reference", n.CaseId) };
        Add(facts, "Child's initials", n.Facts.ChildInitials);
        Add(facts, "Setting", n.Facts.SettingName);
        if (n.Facts.ContactRole is { } role)
        {
            var from = KindWordings.Describe(role) + (n.Facts.ContactKey is { } key ? $" ({key})" : "");
            facts.Add(new("Advice from", from));
        }
        else
        {
            Add(facts, "Advice from", n.Facts.ContactKey);
        }

        Add(facts, "Requested on", n.Facts.RequestedOn);
        Add(facts, "Meeting on", n.Facts.MeetingOn);
        if (n.DueOn is { } due)
        {
            facts.Add(new(wording.DueLabel, UkDates.WithDaysPhrase(due, n.On)));
            if (wording.Shape is WordingShape.Overdue or WordingShape.Escalation && due < n.On)
            {
                facts.Add(new("Overdue since", UkDates.Format(due.AddDays(1))));
            }
        }

        return facts;
    }

    private IEnumerable<EmailBlock> HowToRespond(Notification n, string recipient, bool copied, string quote)
    {
        var link = copied ? null : links.LinkFor(n, recipient);
        if (link is not null && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp))
        {
            yield return new LinkBlock("Respond online", link);
            yield return new ParagraphBlock("This link is personal to you; please do not forward it.");
        }

        var question = n.Kind == NotificationKind.MonthlyReport ? "Questions about these figures?" : "Questions, or cannot meet the date?";
        if (!string.IsNullOrWhiteSpace(options.ContactAddress))
        {
            yield return new ParagraphBlock(
                $"{question} Reply to this e-mail or contact {options.ContactName} at {options.ContactAddress}, quoting {quote}.");
        }
        else
        {
            yield return new ParagraphBlock($"{question} Reply to this e-mail, quoting {quote}.");
        }
    }

    /// <summary>A copied recipient who is the one asked to act (<see cref="NotificationFacts.RespondentEmail"/>).</summary>
    private static bool IsRespondent(Notification n, string recipient) =>
        !n.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)
        && string.Equals(n.Facts.RespondentEmail, recipient, StringComparison.OrdinalIgnoreCase);

    private static string Routing(Notification n)
    {
        var routing = "Sent to " + string.Join(", ", n.To);
        return n.Cc.Count > 0 ? routing + "; copied to " + string.Join(", ", n.Cc) + "." : routing + ".";
    }

    private string Footer(Notification n)
    {
        var council = string.IsNullOrWhiteSpace(options.CouncilName) ? "" : $" for {options.CouncilName}";
        return $"Sent on {UkDates.Format(n.On)} by the SEND case tracking service{council}. Our reference: {n.Key}.";
    }

    private static void Add(List<Fact> facts, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add(new(label, value));
        }
    }

    private static void Add(List<Fact> facts, string label, DateOnly? value)
    {
        if (value is { } date)
        {
            facts.Add(new(label, UkDates.Format(date)));
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
