using System.Globalization;
using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>The output files are the contract's whatever the machine's culture: dates in ISO form on the Gregorian calendar.</summary>
public sealed class SimulationOutputCultureTests
{
    [Fact]
    public void A_notification_line_dates_its_notification_in_ISO_form_under_a_culture_with_another_calendar()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("th-TH"); // the Thai Buddhist calendar: 2026 is 2569
        try
        {
            var line = SimulationOutput.NotificationLine(new ContractNotification(
                "k", NotificationKind.AdviceRequest, "EHC-1", new DateOnly(2026, 3, 2), ["a@example.org"], [], new DateOnly(2026, 4, 13)));

            Assert.Contains("\"on\":\"2026-03-02\"", line, StringComparison.Ordinal);
            Assert.Contains("\"dueOn\":\"2026-04-13\"", line, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
