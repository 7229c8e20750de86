using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>The pieces ADR 0013 rests on: a case and its events share one shard, and the council reads the register as it stood.</summary>
public sealed class SimulationShardsTests
{
    static PlanRecord Plan(string id) => new(
        id, "AB", new DateOnly(2015, 3, 1), YearGroup.Nursery1, "Oak Primary", "senco@oak.example", SettingType.Mainstream,
        "cw@council.example", new DateOnly(2022, 3, 1), new DateOnly(2025, 6, 10));

    static RegisteredPlan Registered(string id, string status) => new(
        new RegisterEntry(id, "AB", YearGroup.Nursery1, "Oak Primary", SettingType.Mainstream, null, new DateOnly(2026, 6, 10),
            new DateOnly(2026, 6, 10), TransferKind.None, status, null, false),
        "senco@oak.example", "cw@council.example");

    [Theory]
    [InlineData(2_000, 125)]
    [InlineData(20_000, 125)]
    [InlineData(250_000, 125)]
    [InlineData(250_001, 126)]
    [InlineData(640_000, 320)]
    public void Without_a_size_shards_hold_125_plans_and_a_caseload_is_cut_into_at_most_2000(int plans, int expected)
    {
        var perShard = SimulationShards.PlansPerShardFor(plans);

        Assert.Equal(expected, perShard);
        Assert.True((plans + perShard - 1) / perShard <= SimulationShards.MostShardsByDefault);
    }

    [Fact]
    public void Every_case_lands_in_one_shard_with_all_its_events_and_the_same_one_on_every_run()
    {
        var plans = Enumerable.Range(1, 1000).Select(i => Plan($"EHC-{i:D5}")).ToList();
        var events = plans.SelectMany(p => new CaseEvent[]
        {
            new ReviewDecision($"{p.PlanId}-1", p.PlanId, new DateOnly(2025, 10, 1), ReviewDecisionKind.Maintain),
            new AdviceReceived($"{p.PlanId}-2", p.PlanId, new DateOnly(2025, 11, 1), "ep"),
        }).ToList();

        var shards = SimulationShards.Split(plans, events, plansPerShard: 100);
        var again = SimulationShards.Split(plans, events, plansPerShard: 100);

        Assert.Equal(10, shards.Count);
        Assert.Equal(1000, shards.Sum(s => s.Plans.Count));
        Assert.All(shards, s => Assert.InRange(s.Plans.Count, 50, 150));
        foreach (var shard in shards)
        {
            var cases = shard.Plans.Select(p => p.PlanId).ToHashSet();
            Assert.All(shard.Events, e => Assert.Contains(e.CaseId, cases));
            Assert.Equal(2 * shard.Plans.Count, shard.Events.Count);
            Assert.Equal(again[shard.Number].Plans.Select(p => p.PlanId), shard.Plans.Select(p => p.PlanId));
        }
    }

    [Fact]
    public async Task The_council_reads_the_register_as_it_stood_before_its_own_instant()
    {
        var (clock, register) = RegisterWith(
            (TimeSpan.FromHours(-1), Registered("P1", "awaiting meeting")),
            (TimeSpan.Zero, Registered("P2", "awaiting meeting")),
            (TimeSpan.FromDays(1), Registered("P1", "meeting fixed")));

        Assert.Equal(new[] { "P1" }, await Ids(register));
        Assert.Null(await register.FindAsync("P2"));

        clock.AdvanceTo(clock.GetUtcNow().AddDays(2));
        Assert.Equal(new[] { "P1", "P2" }, await Ids(register));
        Assert.Equal("meeting fixed", (await register.FindAsync("P1"))!.Entry.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => register.UpsertAsync(Registered("P3", "x")));
    }

    /// <summary>
    /// The register keeps its plan ids in order between reads of all plans and files only the newcomers (ADR 0138): plans
    /// written between reads, whether their ids sort first, between the others or last, come back in plan id order, each once.
    /// </summary>
    [Fact]
    public async Task Every_read_of_all_plans_is_in_plan_id_order_as_new_plans_arrive_between_reads()
    {
        var (clock, register) = RegisterWith(
            (TimeSpan.FromHours(-2), Registered("P5", "awaiting meeting")),
            (TimeSpan.FromHours(-1), Registered("P2", "awaiting meeting")),
            (TimeSpan.FromHours(1), Registered("P9", "awaiting meeting")),
            (TimeSpan.FromHours(2), Registered("P1", "awaiting meeting")),
            (TimeSpan.FromHours(3), Registered("P5", "meeting fixed")),
            (TimeSpan.FromHours(4), Registered("P3", "awaiting meeting")),
            (TimeSpan.FromHours(6), Registered("P0", "awaiting meeting")));
        var t0 = clock.GetUtcNow();

        Assert.Equal(["P2", "P5"], await Ids(register));
        clock.AdvanceTo(t0.AddHours(5));
        Assert.Equal(["P1", "P2", "P3", "P5", "P9"], await Ids(register));
        Assert.Equal("meeting fixed", (await register.FindAsync("P5"))!.Entry.Status);
        clock.AdvanceTo(t0.AddHours(5.5));
        Assert.Equal(["P1", "P2", "P3", "P5", "P9"], await Ids(register));
        clock.AdvanceTo(t0.AddHours(7));
        Assert.Equal(["P0", "P1", "P2", "P3", "P5", "P9"], await Ids(register));
        await foreach (var plan in register.AllAsync())
        {
            Assert.Same(await register.FindAsync(plan.PlanId), plan);
        }
    }

    /// <summary>The council's register over these writes, each made this long before or after its clock's start.</summary>
    static (VirtualClock Clock, RegisterAtClock Register) RegisterWith(params (TimeSpan After, RegisteredPlan Plan)[] writes)
    {
        var t0 = new DateTimeOffset(2025, 9, 1, 5, 0, 0, TimeSpan.Zero);
        var clock = new VirtualClock(t0);
        return (clock, new RegisterAtClock(clock, new WritesInTimeOrder<RegisteredPlan>(writes.Select(w => new TimedWrite<RegisteredPlan>(t0 + w.After, w.Plan)))));
    }

    static async Task<List<string>> Ids(IPlanRegister register)
    {
        var ids = new List<string>();
        await foreach (var plan in register.AllAsync())
        {
            ids.Add(plan.PlanId);
        }

        return ids;
    }
}
