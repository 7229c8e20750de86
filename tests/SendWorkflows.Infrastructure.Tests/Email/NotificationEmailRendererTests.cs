using System.Text.RegularExpressions;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email.Templates;

namespace SendWorkflows.Infrastructure.Tests.Email;

public sealed partial class NotificationEmailRendererTests
{
    public static TheoryData<NotificationKind> EveryKind() => new(Enum.GetValues<NotificationKind>());

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_kind_renders_its_case_due_date_and_days_in_both_versions(NotificationKind kind)
    {
        var notification = SampleNotifications.For(kind);
        var email = TestRenderer.Create().Render(notification, notification.To[0]);
        // The monthly report is about no one case: its own reference stands where a case's would.
        var reference = kind == NotificationKind.MonthlyReport ? notification.CaseId : SampleNotifications.CaseId;

        Assert.Contains(reference, email.Subject + email.Text);
        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.Contains(reference, body);
            if (notification.DueOn is { } due)
            {
                // A family's letter gives the date in full ("reply by 7 June 2026"); staff e-mails add the days left.
                Assert.Contains(kind >= NotificationKind.FamilyAssessmentDecision ? UkDates.Format(due) : UkDates.WithDaysPhrase(due, notification.On), body);
            }

            Assert.Contains("send.team@example.org", body);
        }
    }

    [Fact]
    public void The_monthly_report_compares_with_the_year_before_in_tables_and_draws_its_chart_without_images()
    {
        var report = SampleNotifications.For(NotificationKind.MonthlyReport);
        var email = TestRenderer.Create().Render(report, report.To[0]);
        const string Cell = "style=\"text-align: left; padding: 4px 8px; border-bottom: 1px solid #b1b4b6;\"";

        Assert.Equal("Monthly SEND report: February 2026", email.Subject);
        Assert.Contains($"<th scope=\"col\" {Cell}>February 2025</th>", email.Html, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\" {Cell}>New plans issued within 20 weeks</th><td {Cell}>80% (8 of 10)</td><td {Cell}>57.1% (4 of 7)</td>", email.Html, StringComparison.Ordinal);
        Assert.Contains("width: 80%;", email.Html, StringComparison.Ordinal);
        Assert.Contains("Oct 2025 .................... none due", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escalation_nobody_was_asked_before_never_says_the_setting_was_asked()
    {
        var escalation = SampleNotifications.For(NotificationKind.ReviewEscalation);
        var regular = TestRenderer.Create().Render(escalation, escalation.To[0]);
        var beforeAnyAsk = TestRenderer.Create().Render(escalation with { Facts = escalation.Facts with { FirstNotice = true } }, escalation.To[0]);
        var onArrival = TestRenderer.Create().Render(
            escalation with { Cc = ["senco@school.example.org"], Facts = escalation.Facts with { FirstNotice = true, RespondentEmail = "senco@school.example.org" } },
            escalation.To[0]);

        Assert.Contains("has not given us a date", regular.Text, StringComparison.Ordinal);
        foreach (var email in new[] { beforeAnyAsk, onArrival })
        {
            Assert.DoesNotContain("has not given us a date", email.Text, StringComparison.Ordinal);
            Assert.Contains("Nobody has been chased about it yet", email.Text, StringComparison.Ordinal);
        }

        Assert.Contains("setting not yet asked", beforeAnyAsk.Subject, StringComparison.Ordinal);
        Assert.Contains("overdue on arrival", onArrival.Subject, StringComparison.Ordinal);
        Assert.Contains("Review was due by", onArrival.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setting_copied_on_an_overdue_on_arrival_notice_is_asked_in_its_own_words_with_its_own_link()
    {
        var escalation = SampleNotifications.For(NotificationKind.ReviewEscalation);
        var notice = escalation with
        {
            Cc = ["senco@school.example.org", "caseworker@example.org"],
            Facts = escalation.Facts with { FirstNotice = true, RespondentEmail = "senco@school.example.org", ResponseEvent = "ReviewMeetingScheduled" },
        };
        var renderer = TestRenderer.Create(new FixedResponseLinks());

        var setting = renderer.Render(notice, "senco@school.example.org");
        var caseworker = renderer.Render(notice, "caseworker@example.org");

        Assert.Contains("Please fix the meeting date", setting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("copied in for information", setting.Text, StringComparison.Ordinal);
        Assert.Contains("Respond online", setting.Html, StringComparison.Ordinal);
        Assert.Contains("copied in for information", caseworker.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Respond online", caseworker.Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void No_kind_shows_a_placeholder_or_an_empty_field(NotificationKind kind)
    {
        var notification = SampleNotifications.For(kind) with { Facts = NotificationFacts.None };
        var email = TestRenderer.Create().Render(notification, notification.To[0]);

        foreach (var text in new[] { email.Subject, email.Html, email.Text })
        {
            Assert.DoesNotContain("null", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("()", text);
            Assert.DoesNotMatch(EmptyLabel(), text);
            Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        }

        // Facts that are not there are not announced.
        Assert.DoesNotContain("Child's initials", email.Text);
        Assert.DoesNotContain("Setting:", email.Text);
        Assert.DoesNotContain("Already chased", email.Text);
    }

    [Theory]
    [InlineData(StatutoryStep.AssessmentDecision, "decision whether to carry out an EHC needs assessment", "regulation 5")]
    [InlineData(StatutoryStep.FinalPlan, "final EHC plan", "regulation 13")]
    [InlineData(StatutoryStep.ReviewDecision, "decision after the annual review meeting", "regulation 20(10)")]
    [InlineData(StatutoryStep.AmendedPlan, "final amended EHC plan", "regulation 22(3)")]
    public void A_missed_deadline_alert_names_the_step_that_was_missed_and_its_law(StatutoryStep step, string named, string law)
    {
        var sample = SampleNotifications.For(NotificationKind.StatutoryDeadlineMissed);
        var email = TestRenderer.Create().Render(sample with { Facts = sample.Facts with { MissedStep = step } }, sample.To[0]);

        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.Contains("Statutory deadline missed: the " + named, body, StringComparison.Ordinal);
            Assert.Contains(law, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overdue_advice_subject_is_short_and_specific()
    {
        var email = TestRenderer.Create().Render(SampleNotifications.For(NotificationKind.AdviceOverdue), SampleNotifications.Adviser);

        Assert.Equal("Advice overdue: case EHC-2026-0147 (due 16 March 2026)", email.Subject);
        Assert.Contains("16 March 2026 (1 day overdue)", email.Text);
        Assert.Contains("Overdue since:", email.Text);
        Assert.Contains("17 March 2026", email.Text);
    }

    [Theory]
    [InlineData(NotificationKind.ReviewUpcoming, "Annual review due: case EHC-2026-0147 (meeting by 15 June 2026)")]
    [InlineData(NotificationKind.StatutoryDeadlineMissed, "Statutory deadline missed: case EHC-2026-0147 (deadline 22 June 2026)")]
    [InlineData(NotificationKind.ReviewAdviceRequest, "Advice for annual review: case EHC-2026-0147 (due 1 June 2026)")]
    public void Subject_names_the_kind_the_case_and_the_date(NotificationKind kind, string subject)
    {
        var notification = SampleNotifications.For(kind);

        Assert.Equal(subject, TestRenderer.Create().Render(notification, notification.To[0]).Subject);
    }

    [Theory]
    [InlineData(NotificationKind.AdviceReminder, "Advice for annual review due soon: case EHC-2026-0147 (due 1 June 2026)")]
    [InlineData(NotificationKind.AdviceOverdue, "Advice for annual review overdue: case EHC-2026-0147 (due 1 June 2026)")]
    [InlineData(NotificationKind.AdviceEscalation, "Annual review advice overdue from your team: case EHC-2026-0147 (due 1 June 2026)")]
    [InlineData(NotificationKind.AdviceSeniorEscalation, "Annual review advice still overdue: case EHC-2026-0147 (due 1 June 2026)")]
    public void The_advice_ladder_of_a_review_speaks_of_the_review_not_the_assessment(NotificationKind kind, string subject)
    {
        var request = SampleNotifications.For(NotificationKind.ReviewAdviceRequest);
        var notification = request with { Kind = kind, On = request.DueOn!.Value.AddDays(2) };

        var email = TestRenderer.Create().Render(notification, notification.To[0]);

        Assert.Equal(subject, email.Subject);
        Assert.Contains("annual review", email.Text);
        Assert.Contains("regulation 20", email.Text);
        Assert.DoesNotContain("needs assessment", email.Text);
        Assert.DoesNotContain("20-week", email.Text);
    }

    [Fact]
    public void List_notifications_ask_for_our_reference_not_a_case()
    {
        var email = TestRenderer.Create().Render(SampleNotifications.For(NotificationKind.WeeklyDigest), SampleNotifications.AssistantDirector);

        Assert.Contains("quoting our reference.", email.Text);
        Assert.Contains("Our reference: digest-2026-03-16/WeeklyDigest/2026-03-16.", email.Text);
    }

    [Fact]
    public void Escalation_says_what_is_overdue_since_when_and_who_was_chased()
    {
        var notification = SampleNotifications.For(NotificationKind.AdviceSeniorEscalation);
        var email = TestRenderer.Create().Render(notification, SampleNotifications.SeniorLead);

        Assert.Contains("Educational psychology (ep-north)", email.Text);
        Assert.Contains("16 March 2026 (10 days overdue)", email.Text);
        Assert.Contains("Overdue since:", email.Text);
        Assert.Contains("Already chased:\n- ep.north@example.org\n- ep.manager@example.org", email.Text);
        Assert.Contains("<li>ep.manager@example.org</li>", email.Html);
    }

    [Fact]
    public void Request_shows_days_left_and_initials_but_no_overdue_line()
    {
        var email = TestRenderer.Create().Render(SampleNotifications.For(NotificationKind.AdviceReminder), SampleNotifications.Adviser);

        Assert.Contains("16 March 2026 (14 days left)", email.Text);
        Assert.Contains("J.T.", email.Text);
        Assert.DoesNotContain("Overdue since", email.Text);
    }

    [Theory]
    [InlineData(NotificationKind.TermlyReviewList, "Annual reviews due next term: Oakfield Primary School (3 reviews)")]
    [InlineData(NotificationKind.WeeklyDigest, "Weekly SEND digest: week of 16 March 2026 (6 items)")]
    public void List_notifications_render_every_item_as_a_table_row(NotificationKind kind, string subject)
    {
        var notification = SampleNotifications.For(kind);
        var email = TestRenderer.Create().Render(notification, notification.To[0]);

        Assert.Equal(subject, email.Subject);
        Assert.Equal(notification.Facts.Items.Count, Regex.Count(email.Html, "<tr><td"));
        foreach (var item in notification.Facts.Items)
        {
            Assert.Contains(item.CaseId, email.Html);
            Assert.Contains($"- {item.CaseId} | {item.ChildInitials} | {item.What}", email.Text);
        }
    }

    [Fact]
    public void Weekly_digest_shows_overdue_items_relative_to_its_date()
    {
        var email = TestRenderer.Create().Render(SampleNotifications.For(NotificationKind.WeeklyDigest), SampleNotifications.AssistantDirector);

        Assert.Contains("2 March 2026 (14 days overdue) | Overdue, not scheduled", email.Text);
        Assert.Contains("20 March 2026 (4 days left)", email.Text);
    }

    [Fact]
    public void Every_text_is_html_encoded()
    {
        var notification = SampleNotifications.For(NotificationKind.ReviewUpcoming) with
        {
            Facts = new NotificationFacts { SettingName = "St Mary's <script>alert(1)</script> & Co" },
        };
        var email = TestRenderer.Create().Render(notification, SampleNotifications.Senco);

        Assert.DoesNotContain("<script>", email.Html);
        Assert.Contains("St Mary&#39;s &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", email.Html);
        Assert.Contains("St Mary's <script>alert(1)</script> & Co", email.Text);
    }

    [Fact]
    public void Response_link_is_shown_to_addressed_recipients_only()
    {
        var renderer = TestRenderer.Create(new FixedResponseLinks());
        var notification = SampleNotifications.For(NotificationKind.ReviewMeetingNotScheduled);

        var addressed = renderer.Render(notification, SampleNotifications.Senco);
        var copied = renderer.Render(notification, SampleNotifications.Caseworker);

        Assert.Contains("Respond online: https://send.example.org/respond?", addressed.Text);
        Assert.Contains("href=\"https://send.example.org/respond?n=", addressed.Html);
        Assert.Contains("&amp;to=senco%40oakfield.example.org", addressed.Html);
        Assert.DoesNotContain("Respond online", copied.Text);
        Assert.Contains("You are copied in for information", copied.Text);
        Assert.DoesNotContain("copied in", addressed.Text);
    }

    [Fact]
    public void Without_a_link_the_reader_is_told_whom_to_contact()
    {
        var email = TestRenderer.Create().Render(SampleNotifications.For(NotificationKind.AdviceRequest), SampleNotifications.Adviser);

        Assert.DoesNotContain("Respond online", email.Text);
        Assert.Contains("contact the Exampleshire SEN team at send.team@example.org, quoting case EHC-2026-0147", email.Text);
    }

    [Fact]
    public void Routing_line_names_everyone_addressed_and_copied()
    {
        var email = TestRenderer.Create().Render(SampleNotifications.For(NotificationKind.AdviceSeniorEscalation), SampleNotifications.SeniorLead);

        Assert.Contains("Sent to ep.lead@example.org; copied to caseworker.smith@example.org.", email.Text);
    }

    [Fact]
    public void Outbox_message_goes_to_the_one_recipient()
    {
        var notification = SampleNotifications.For(NotificationKind.AdviceSeniorEscalation);

        var message = TestRenderer.Create().MessageFor(notification, SampleNotifications.Caseworker);

        Assert.Equal([SampleNotifications.Caseworker], message.To);
        Assert.Empty(message.Cc);
        Assert.Equal("Advice still overdue: case EHC-2026-0147 (due 16 March 2026)", message.Subject);
    }

    [Theory]
    [InlineData(10, "10 days left")]
    [InlineData(1, "1 day left")]
    [InlineData(0, "due today")]
    [InlineData(-1, "1 day overdue")]
    [InlineData(-12, "12 days overdue")]
    public void Days_phrase_counts_from_the_notification_date(int daysUntilDue, string expected)
    {
        var on = new DateOnly(2026, 3, 12);

        Assert.Equal(expected, UkDates.DaysPhrase(on.AddDays(daysUntilDue), on));
    }

    [Fact]
    public void Dates_are_written_the_UK_way()
    {
        Assert.Equal("12 March 2026", UkDates.Format(new DateOnly(2026, 3, 12)));
        Assert.Equal("1 September 2026", UkDates.Format(new DateOnly(2026, 9, 1)));
    }

    // A label with nothing after it; a list's title ("What happens next:") is followed by its "- " lines.
    [GeneratedRegex(@"(<th[^>]*>[^<]*</th><td[^>]*></td>)|(^[A-Za-z' ]+:[ \t]*$(?!\n- ))", RegexOptions.Multiline)]
    private static partial Regex EmptyLabel();
}
