namespace SendWorkflows.Domain.Tests;

/// <summary>The family survey's KPIs: response rate, fully involved and communication good, for the period and by month.</summary>
public sealed class FamilySurveyKpisTests
{
    static readonly DateOnly From = new(2025, 9, 1);
    static readonly DateOnly To = new(2025, 11, 30);

    static FamilySurveyKpis Compute(params FamilySurveyOutcome[] surveys) =>
        Kpis.Compute(From, To, [], [], [], To, surveys).FamilySurveys!;

    [Fact]
    public void Surveys_count_by_the_month_they_were_sent_and_the_answers_by_those_who_answered()
    {
        var kpis = Compute(
            new FamilySurveyOutcome("P1", new(2025, 9, 15), new(2025, 9, 20), Involved: true, CommunicationGood: true),
            new FamilySurveyOutcome("P2", new(2025, 9, 30), new(2025, 10, 2), Involved: false, CommunicationGood: true),
            new FamilySurveyOutcome("P3", new(2025, 9, 30)),
            new FamilySurveyOutcome("P4", new(2025, 11, 3), new(2025, 11, 4), Involved: true, CommunicationGood: false),
            new FamilySurveyOutcome("P5", new(2025, 8, 29), new(2025, 9, 2), Involved: true, CommunicationGood: true));

        Assert.Equal(new FamilySurveyRates(Rate.Of(3, 4), Rate.Of(2, 3), Rate.Of(2, 3)), kpis.Period);
        Assert.Equal(["2025-09", "2025-10", "2025-11"], kpis.ByMonth.Select(m => m.Month));
        Assert.Equal(new FamilySurveyRates(Rate.Of(2, 3), Rate.Of(1, 2), Rate.Of(2, 2)), kpis.ByMonth[0].Rates);
        Assert.Equal(new FamilySurveyRates(Rate.Of(0, 0), Rate.Of(0, 0), Rate.Of(0, 0)), kpis.ByMonth[1].Rates);
        Assert.Equal(new FamilySurveyRates(Rate.Of(1, 1), Rate.Of(1, 1), Rate.Of(0, 1)), kpis.ByMonth[2].Rates);
        Assert.Equal(75.0, kpis.Period.Answered.Percent);
    }

    [Fact]
    public void No_surveys_give_no_percentages_and_kpis_json_ends_with_the_family_survey()
    {
        var report = Kpis.Compute(From, To, [], [], [], To);

        Assert.Null(report.FamilySurveys!.Period.Answered.Percent);
        var json = report.ToJson();
        Assert.Contains("\"familySurveys\": {", json, StringComparison.Ordinal);
        Assert.True(json.IndexOf("\"familySurveys\"", StringComparison.Ordinal) > json.IndexOf("\"overdueReviews\"", StringComparison.Ordinal));
    }
}
