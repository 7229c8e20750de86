using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Functions.Triggers;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Functions.Tests.EndToEnd;

/// <summary>
/// A council that deployed the Functions app before the digest's indexes existed (ADR 0115) gets them filled by the
/// daily timer, as <c>serve</c> fills them at start: the weekly digest then lists a plan stored before.
/// </summary>
public sealed class DigestIndexBackfillFunctionsTests
{
    [Fact]
    public async Task The_daily_timer_files_a_plan_stored_before_the_digest_index_so_the_digest_lists_it()
    {
        await using var azurite = await Azurite.StartAsync(); // the app's tables have fixed names
        await using var app = await FunctionsOnTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.ConnectionString,
        });
        var register = app.Services.GetRequiredService<IPlanRegister>();
        await register.UpsertAsync(new RegisteredPlan(
            new RegisterEntry("OLD-1", "QX", YearGroup.Year(6), "Oak Primary", SettingType.Mainstream, new DateOnly(2030, 6, 1),
                new DateOnly(2031, 6, 1), new DateOnly(2031, 4, 10), TransferKind.None, "escalated", null, false),
            "senco@oak.example.org", "caseworker@council.example.org"));
        await ForgetTheIndexAsync(new TableServiceClient(azurite.ConnectionString), "OLD-1");
        Assert.False(await ListedAsync(register, "OLD-1"));

        await app.Function<EternalWorkflowsTimerFunction>().RunAsync(new TimerInfo(), app.Client, CancellationToken.None);

        Assert.True(await ListedAsync(register, "OLD-1"));
        Assert.NotNull(await app.Client.GetInstanceAsync(CouncilWorkflows.All[0].InstanceId));
    }

    /// <summary>Makes the row look as one written before the index: no bucket column, no copy, no backfill marker.</summary>
    static async Task ForgetTheIndexAsync(TableServiceClient service, string planId)
    {
        var table = service.GetTableClient(TablePlanRegister.TableName);
        var row = (await table.GetEntityAsync<TableEntity>("plan", TableKeys.Escape(planId))).Value;
        row.Remove("DigestBucket");
        await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);
        await table.DeleteEntityAsync("digest:" + DigestIndex.Always, TableKeys.Escape(planId));
        await table.DeleteEntityAsync("meta", "digest-index-backfill");
    }

    static async Task<bool> ListedAsync(IPlanRegister register, string planId)
    {
        await foreach (var plan in register.ForWeeklyDigestAsync(new DateOnly(2000, 1, 1)))
        {
            if (plan.PlanId == planId)
            {
                return true;
            }
        }

        return false;
    }
}
