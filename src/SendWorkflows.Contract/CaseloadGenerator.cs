using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// Makes a deterministic, entirely fictional caseload for demos and tests: the same seed gives the same data, byte
/// for byte once written. Initials are random letters; every address is under a reserved <c>.example</c> domain.
/// The spread is meant to look like a county's: more plans in primary and secondary years, transfer years present,
/// a backlog of reviews already overdue on the load date, assessment requests through the year whose advice,
/// decisions and plans are sometimes late, and each plan's annual review as the year records it (ReviewStory).
/// </summary>
public sealed class CaseloadGenerator(int seed)
{
    public const int DefaultPlanCount = 2000;
    public const int DefaultRequestCount = 200;

    static readonly string[] Areas = ["north", "south", "east", "west"];

    static readonly string[] PlaceWords =
    [
        "Oakfield", "Ashgrove", "Beechhill", "Birchwood", "Cedar Park", "Elmstead", "Fernbrook", "Hazelmere", "Larchwood",
        "Maplefield", "Rowan", "Willowbank", "Brookside", "Meadowview", "Riverside", "Hillcrest", "Kingsmead", "Queensway",
        "Northgate", "Southfields", "Westbury", "Eastcote", "Greenacre", "Harcourt", "Lyndhurst", "Moorland", "Parkside",
        "Ravensdale", "Stonebridge", "Thornbury", "Woodlands", "Yewtree", "Heathfield", "Millbrook", "Orchard Vale",
        "Pinewood", "Redwood", "Three Bridges", "Fairhaven", "Glenview",
    ];

    /// <param name="academicYear">The calendar year the academic year starts in: 2026 for 2026/27.</param>
    /// <param name="reviewEvents">Whether the plans' annual review events are written (see <see cref="ReviewStory"/>).</param>
    public GeneratedCaseload Generate(int academicYear, int planCount = DefaultPlanCount, int requestCount = DefaultRequestCount, bool reviewEvents = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(planCount);
        ArgumentOutOfRangeException.ThrowIfNegative(requestCount);

        var random = new Random(seed);
        var loadedOn = new DateOnly(academicYear, 9, 1);
        var contacts = Contacts();
        var settings = new SettingPool(random);
        var plans = Enumerable.Range(1, planCount).Select(n => Plan(random, settings, loadedOn, n)).ToList();
        var assessments = Enumerable.Range(1, requestCount)
            .SelectMany(n => new AssessmentStory(random, settings, academicYear, n).Events())
            .ToList();
        var reviews = reviewEvents ? plans.SelectMany(plan => new ReviewStory(random, plan, loadedOn, contacts).Events()).ToList() : [];
        // Placements have their own sequence, so the rest of a seed's data is as it was before they were added.
        var placementRandom = new Random(unchecked(seed * 31 + 15));
        var placements = reviewEvents ? plans.SelectMany(plan => new PlacementStory(placementRandom, plan, loadedOn).Events()).ToList() : [];
        var events = assessments.Concat(reviews).Concat(placements)
            .OrderBy(e => e.On).ThenBy(e => e.CaseId, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new(loadedOn, contacts, plans, events);
    }

    /// <summary>Every role of contract section 3, per area where services are split by area.</summary>
    static ContactsDirectory Contacts()
    {
        var contacts = new List<Contact>();
        foreach (var area in Areas)
        {
            contacts.Add(new($"ep-{area}", ContactRole.EducationalPsychology, $"ep.{area}@council.example", "ep.manager@council.example", "principal.ep@council.example"));
            contacts.Add(new($"hp-{area}", ContactRole.Health, $"send.{area}@community-health.example", $"health.manager.{area}@community-health.example", "dco@icb.example"));
            contacts.Add(new($"sc-{area}", ContactRole.SocialCare, $"cwd.{area}@council.example", "cwd.manager@council.example", "head.of.cwd@council.example"));
        }

        contacts.Add(new("hp-camhs", ContactRole.Health, "camhs.send@mental-health.example", "camhs.manager@mental-health.example", "dco@icb.example"));
        contacts.Add(new("edu-sensory", ContactRole.Education, "sensory.support@council.example", "inclusion.manager@council.example", "head.of.inclusion@council.example"));
        contacts.Add(new("edu-inclusion", ContactRole.Education, "inclusion.advisers@council.example", "inclusion.manager@council.example", "head.of.inclusion@council.example"));
        contacts.Add(new("pfa", ContactRole.PreparingForAdulthood, "pfa.team@council.example", "pfa.manager@council.example", "head.of.send@council.example"));
        contacts.Add(new("other-sendiass", ContactRole.Other, "sendiass@advice.example", null, null));

        return new(contacts.ToDictionary(c => c.Key, StringComparer.OrdinalIgnoreCase),
            "sen.manager@council.example", "assistant.director.education@council.example", "placements.officer@council.example");
    }

    static PlanRecord Plan(Random random, SettingPool settings, DateOnly loadedOn, int number)
    {
        var yearGroup = PlanYearGroup(random);
        var dateOfBirth = Dates.BirthFor(random, yearGroup, loadedOn.Year);
        var setting = settings.For(random, yearGroup);
        var area = Areas[random.Next(Areas.Length)];

        var earliestIssue = dateOfBirth.AddYears(2);
        var latestIssue = loadedOn.AddDays(-14);
        var planIssuedOn = Dates.Between(random, Dates.Latest(earliestIssue, latestIssue.AddYears(-9)), latestIssue);

        return new PlanRecord(
            PlanId: $"EHC-{number:D5}",
            ChildInitials: Initials(random),
            DateOfBirth: dateOfBirth,
            YearGroup: yearGroup,
            SettingName: setting.Name,
            SettingEmail: setting.Email,
            SettingType: setting.Type,
            CaseworkerEmail: Caseworker(random),
            PlanIssuedOn: planIssuedOn,
            LastReviewOn: LastReview(random, planIssuedOn, loadedOn),
            Transfer: TransferOverride(random, yearGroup, setting.Type),
            Contributors: Contributors(random, area),
            LastMonitoringVisitOn: setting.Type is SettingType.OutOfArea or SettingType.Residential or SettingType.HomeEducated && random.NextDouble() < 0.8
                ? Dates.Between(random, loadedOn.AddMonths(-18), loadedOn.AddDays(-1))
                : null,
            AwaitingProvision: random.NextDouble() < 0.03);
    }

    /// <summary>Roughly the national spread of plans by year group: few in nursery, most in school years.</summary>
    static YearGroup PlanYearGroup(Random random)
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.01 => YearGroup.Nursery1,
            < 0.03 => YearGroup.Nursery2,
            < 0.07 => YearGroup.Reception,
            < 0.45 => YearGroup.Year(random.Next(1, 7)),
            < 0.82 => YearGroup.Year(random.Next(7, 12)),
            < 0.97 => YearGroup.Year(random.Next(12, 15)),
            _ => YearGroup.None,
        };
    }

    /// <summary>
    /// Most plans were reviewed in the last year, so reviews fall due through the coming one; about one in ten
    /// is already overdue on the load date (the backlog), a few never had their first review.
    /// </summary>
    static DateOnly? LastReview(Random random, DateOnly planIssuedOn, DateOnly loadedOn)
    {
        if (planIssuedOn > loadedOn.AddYears(-1))
            return null;

        var earliest = planIssuedOn.AddDays(300);
        var roll = random.NextDouble();
        if (roll < 0.03)
            return null;
        var candidate = roll < 0.15
            ? loadedOn.AddDays(-random.Next(366, 600))
            : loadedOn.AddDays(-random.Next(1, 365));

        // A review cannot precede its plan: then it falls between the plan's first months and the load date.
        return candidate >= earliest ? candidate : Dates.Between(random, earliest, loadedOn.AddDays(-1));
    }

    /// <summary>Usually empty (derived from the year group); sometimes set, as exports do.</summary>
    static TransferKind? TransferOverride(Random random, YearGroup yearGroup, SettingType settingType)
    {
        if (yearGroup == YearGroup.Year(6) && settingType == SettingType.Special)
            return random.NextDouble() < 0.5 ? TransferKind.None : null; // an all-through special school: no move
        if (random.NextDouble() >= 0.05)
            return null;
        return yearGroup == YearGroup.Year(6) || yearGroup == YearGroup.Nursery2 ? TransferKind.School
            : yearGroup == YearGroup.Year(11) ? TransferKind.Post16
            : yearGroup == YearGroup.Year(9) ? TransferKind.School // a move to a studio school or UTC at 14
            : null;
    }

    static IReadOnlyList<string> Contributors(Random random, string area)
    {
        var keys = new List<string> { $"ep-{area}" };
        if (random.NextDouble() < 0.7)
            keys.Add($"hp-{area}");
        if (random.NextDouble() < 0.3)
            keys.Add($"sc-{area}");
        if (random.NextDouble() < 0.1)
            keys.Add(random.NextDouble() < 0.5 ? "edu-sensory" : "hp-camhs");
        return keys;
    }

    internal static string Initials(Random random)
    {
        static char Letter(Random random) => (char)('A' + random.Next(26));
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.75 => $"{Letter(random)}{Letter(random)}",
            < 0.97 => $"{Letter(random)}{Letter(random)}{Letter(random)}",
            _ => $"{Letter(random)}-{Letter(random)}{Letter(random)}",
        };
    }

    internal static string Caseworker(Random random) => $"caseworker{random.Next(1, 13):D2}@council.example";

    internal sealed record Setting(string Name, string Email, SettingType Type);

    /// <summary>Fictional settings of each type, made once per caseload so that plans share schools.</summary>
    internal sealed class SettingPool
    {
        readonly List<Setting> primary = [], secondary = [], nurseries = [], special = [], colleges = [], independent = [], outOfArea = [], residential = [];
        readonly Setting homeEducated = new("Elective home education", "ehe.team@council.example", SettingType.HomeEducated);
        readonly Setting notInEducation = new("Not in education, employment or training", "neet.team@council.example", SettingType.None);

        public SettingPool(Random random)
        {
            var words = PlaceWords.OrderBy(_ => random.Next()).ToList();
            Add(primary, words, "Primary School", SettingType.Mainstream, 30);
            Add(primary, words.AsEnumerable().Reverse().ToList(), "Infant and Junior School", SettingType.Mainstream, 10);
            Add(secondary, words.Skip(10).ToList(), "Academy", SettingType.Mainstream, 12);
            Add(nurseries, words.Skip(20).ToList(), "Nursery", SettingType.EarlyYears, 8);
            Add(special, words.Skip(5).ToList(), "Special School", SettingType.Special, 6);
            Add(colleges, words.Skip(28).ToList(), "College", SettingType.Post16, 4);
            Add(independent, words.Skip(15).ToList(), "House School", SettingType.Independent, 3);
            Add(outOfArea, words.Skip(32).ToList(), "School (out of county)", SettingType.OutOfArea, 4);
            Add(residential, words.Skip(36).ToList(), "Residential School", SettingType.Residential, 3);
        }

        static void Add(List<Setting> pool, IReadOnlyList<string> words, string kind, SettingType type, int count)
        {
            foreach (var word in words.Take(count))
            {
                var name = $"{word} {kind}";
                var slug = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
                pool.Add(new(name, $"senco@{slug}.school.example", type));
            }
        }

        public Setting For(Random random, YearGroup yearGroup)
        {
            if (yearGroup.IsNone)
                return notInEducation;

            var roll = random.NextDouble();
            if (yearGroup < YearGroup.Reception)
                return Pick(random, roll < 0.88 ? nurseries : special);
            if (yearGroup > YearGroup.Year(11))
                return Pick(random, roll < 0.70 ? colleges : roll < 0.90 ? special : roll < 0.95 ? outOfArea : residential);

            var mainstream = yearGroup > YearGroup.Year(6) ? secondary : primary;
            return roll switch
            {
                < 0.55 => Pick(random, mainstream),
                < 0.83 => Pick(random, special),
                < 0.88 => Pick(random, independent),
                < 0.93 => Pick(random, outOfArea),
                < 0.96 => Pick(random, residential),
                _ => homeEducated,
            };
        }

        static Setting Pick(Random random, List<Setting> pool) => pool[random.Next(pool.Count)];
    }
}
