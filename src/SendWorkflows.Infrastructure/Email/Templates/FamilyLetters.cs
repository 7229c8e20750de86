using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>
/// The notices to families, written for parents and carers (and young people): plain English for a reading age of
/// about 9, short sentences, active voice, dates in full. Each says what we decided, what happens next and by when,
/// how to disagree, and where to get free independent advice (the local SENDIASS). A family with no e-mail on file
/// gets the same letter through the caseworker, with a note on top asking them to post it (docs/adr/0097).
/// </summary>
internal static class FamilyLetters
{
    public static bool Handles(NotificationKind kind) => kind is NotificationKind.FamilyAssessmentDecision
        or NotificationKind.FamilyDraftPlan or NotificationKind.FamilyFinalPlan or NotificationKind.FamilyReviewDecision
        or NotificationKind.FamilySurvey;

    /// <summary>The subject and blocks of a family notice; <paramref name="link"/> is the survey's signed link.</summary>
    public static (string Subject, List<EmailBlock> Blocks) Compose(Notification n, EmailOptions options, Uri? link)
    {
        var child = n.Facts.ChildInitials ?? "your child";
        var letter = Write(n, child, options, link);
        var blocks = new List<EmailBlock>();
        if (n.Facts.SendByPost)
        {
            blocks.Add(new HeadingBlock("Please post this letter to the family"));
            blocks.Add(new ParagraphBlock(
                $"We have no e-mail address for the family of case {n.CaseId}. Please print the letter below and post it to them today. It is written for the family."));
            if (link is not null)
            {
                blocks.Add(new ParagraphBlock("The letter has a web address for the family's answers: print it in full."));
            }
        }

        blocks.Add(new HeadingBlock(letter.Heading));
        blocks.AddRange(letter.Body);
        blocks.Add(new ParagraphBlock(Contact(n, options)));
        blocks.Add(new SmallPrintBlock(Footer(n, options)));
        var subject = (n.Facts.SendByPost ? "To post to the family: " : "") + $"{letter.Subject} (reference {n.CaseId})";
        return (subject, blocks);
    }

    sealed record Letter(string Subject, string Heading, IReadOnlyList<EmailBlock> Body);

    static Letter Write(Notification n, string child, EmailOptions options, Uri? link) => n.Kind switch
    {
        NotificationKind.FamilyAssessmentDecision when n.Facts.FamilyDecision == "decline" => new(
            "We will not assess your child's needs",
            "We will not carry out an assessment",
            [
                P($"You asked us to look at {child}'s special educational needs. We have decided not to carry out an education, health and care (EHC) needs assessment. We will send you a letter that explains why."),
                .. Disagree(n, options, what: "this decision"),
                .. Advice(options),
            ]),
        NotificationKind.FamilyAssessmentDecision => new(
            "We will assess your child's needs",
            "We will carry out an assessment",
            [
                P($"You asked us to look at {child}'s special educational needs. We have decided to carry out an education, health and care (EHC) needs assessment."),
                new BulletsBlock("What happens next", [
                    $"We will ask you about {child}'s needs and what you want for them.",
                    $"We will ask teachers, health workers and others who know {child} for their advice.",
                    "If we decide to write an EHC plan, we will send you a draft first. You will have 15 days to tell us what you think.",
                    Due(n) is { } due ? $"You will get the final plan by {due} at the latest." : "We will tell you how long each step takes.",
                ]),
                .. Advice(options),
            ]),
        NotificationKind.FamilyDraftPlan => new(
            "Your child's draft EHC plan is ready",
            $"{child}'s draft EHC plan is ready",
            [
                P($"We have sent you {child}'s draft education, health and care (EHC) plan. Please read it."),
                new BulletsBlock("What you can do", [
                    "Tell us what you think of the plan, and if anything is wrong or missing.",
                    $"Tell us which school or college you want {child} to go to.",
                    "Ask to meet us to talk about the plan.",
                ]),
                P(Due(n) is { } due ? $"Please reply by {due}. That gives you 15 days." : "Please reply within 15 days."),
                new BulletsBlock("What happens next", [
                    "We will read what you tell us and ask the school or college you chose.",
                    n.Facts.RequestedOn is { } requested
                        ? $"We will then send you the final plan. We must do this by {UkDates.Format(StatutoryCalendar.Assessment(requested).FinalPlanDue)}."
                        : "We will then send you the final plan.",
                ]),
                .. Advice(options),
            ]),
        NotificationKind.FamilyFinalPlan => new(
            "Your child's final EHC plan",
            $"{child}'s final EHC plan",
            [
                P($"We have issued {child}'s final education, health and care (EHC) plan. It says what help {child} will get, and which school or college they will go to."),
                new BulletsBlock("What happens next", [
                    "The school or college named in the plan must give the help it sets out.",
                    "We will review the plan with you at least once a year. We will write to you before each review.",
                    "In 2 weeks we will send you 2 short questions about how we worked with you.",
                ]),
                .. Disagree(n, options, what: "the plan, or the school or college it names"),
                .. Advice(options),
            ]),
        NotificationKind.FamilyReviewDecision => ReviewDecision(n, child, options),
        NotificationKind.FamilySurvey => new(
            "2 questions about how we worked with you",
            "Tell us how we did",
            [
                P($"We want to know how we worked with you on {child}'s EHC plan."),
                P("There are 2 questions. It takes about 1 minute. You do not need to sign in."),
                link is null ? P($"Please contact us and quote reference {n.CaseId}.") : new LinkBlock("Answer the 2 questions", link),
                P("The link works once. Please do not share it. Your answers help us do better for every family."),
            ]),
        _ => throw new ArgumentOutOfRangeException(nameof(n), n.Kind, $"{n.Kind} is not a notice to a family."),
    };

    static Letter ReviewDecision(Notification n, string child, EmailOptions options)
    {
        var survey = "In 2 weeks we will send you 2 short questions about how we worked with you.";
        return n.Facts.FamilyDecision switch
        {
            "amend" => new(
                "We will change your child's EHC plan",
                $"We will change {child}'s EHC plan",
                [
                    P($"We have looked at what everyone said at {child}'s annual review. We have decided to change {child}'s education, health and care (EHC) plan."),
                    new BulletsBlock("What happens next", [
                        "We will send you the changes we want to make. You will have 15 days to tell us what you think.",
                        Due(n) is { } due ? $"We will send you the final changed plan by {due}." : "We will then send you the final changed plan.",
                        "If you disagree with the final changed plan, you can appeal. The letter with it will tell you how.",
                        survey,
                    ]),
                    .. Advice(options),
                ]),
            "cease" => new(
                "We will stop your child's EHC plan",
                $"We will stop {child}'s EHC plan",
                [
                    P($"We have looked at what everyone said at {child}'s annual review. We have decided to stop {child}'s education, health and care (EHC) plan. We will send you a letter that explains why."),
                    .. Disagree(n, options, what: "this decision"),
                    .. Advice(options),
                ]),
            _ => new(
                "We will keep your child's EHC plan as it is",
                $"We will keep {child}'s EHC plan as it is",
                [
                    P($"We have looked at what everyone said at {child}'s annual review. We have decided to keep {child}'s education, health and care (EHC) plan as it is."),
                    new BulletsBlock("What happens next", [
                        "The school or college must keep giving the help the plan sets out.",
                        "We will review the plan with you again within 12 months.",
                        survey,
                    ]),
                    .. Disagree(n, options, what: "this decision"),
                    .. Advice(options),
                ]),
        };
    }

    /// <summary>The right of appeal, its time limit and mediation first (SEND Regulations 2014, regs 32 to 35).</summary>
    static IEnumerable<EmailBlock> Disagree(Notification n, EmailOptions options, string what)
    {
        var by = Due(n) is { } due ? $"You must appeal by {due}." : "You must appeal within 2 months.";
        yield return new BulletsBlock($"If you disagree with {what}", [
            $"Talk to us first. Contact {options.ContactName}. We will try to put things right.",
            "You can ask for mediation. A mediator is a person who does not work for the council. They help you and us try to agree.",
            "You can appeal to a tribunal. A tribunal is a panel that is not part of the council. It can change our decision. It is called the First-tier Tribunal (Special Educational Needs and Disability).",
            $"{by} Before you appeal, you must talk to a mediation adviser, unless you only disagree about the school or college. They will give you a certificate.",
        ]);
    }

    /// <summary>Free, independent advice: the local SEND Information, Advice and Support Service.</summary>
    static IEnumerable<EmailBlock> Advice(EmailOptions options)
    {
        var contact = string.IsNullOrWhiteSpace(options.SendiassContact) ? "" : $" Contact them: {options.SendiassContact}.";
        yield return new BulletsBlock("Free advice", [
            $"{options.SendiassName} gives free advice that does not take sides. It is called SENDIASS: the SEND Information, Advice and Support Service.{contact}",
        ]);
    }

    static string? Due(Notification n) => n.DueOn is { } due ? UkDates.Format(due) : null;

    static string Contact(Notification n, EmailOptions options) => string.IsNullOrWhiteSpace(options.ContactAddress)
        ? $"Questions? Reply to this e-mail. Please quote reference {n.CaseId}."
        : $"Questions? Contact {options.ContactName} at {options.ContactAddress}. Please quote reference {n.CaseId}.";

    static string Footer(Notification n, EmailOptions options)
    {
        var council = string.IsNullOrWhiteSpace(options.CouncilName) ? "" : $" for {options.CouncilName}";
        return $"Sent on {UkDates.Format(n.On)} by the SEND team{council}. Our reference: {n.Key}.";
    }

    static ParagraphBlock P(string text) => new(text);
}
