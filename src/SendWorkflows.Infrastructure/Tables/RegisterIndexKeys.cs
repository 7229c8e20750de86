using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>The register index's row keys and rows (ADR 0103, 0106): what each row is called and holds.</summary>
static class RegisterIndexKeys
{
    public const string Partition = "register";
    public const int SummaryShards = 32;
    public const string JsonColumn = "Json";

    public static TableEntity Row(string rowKey, RegisteredPlan plan, string json, string partition = Partition) => new(partition, rowKey)
    {
        [JsonColumn] = json,
        ["NextReviewDue"] = Day(plan.Entry.NextReviewDue),
        ["Status"] = RegisterQuery.StatusOf(plan.Entry),
        ["Ceased"] = plan.Entry.Ceased,
        ["Setting"] = plan.Entry.SettingName,
        ["SettingType"] = plan.Entry.SettingType.ToString(),
        ["PlanUpper"] = plan.PlanId.ToUpperInvariant(),
        ["Initials"] = plan.Entry.ChildInitials.ToUpperInvariant(),
    };

    public static RegisteredPlan Read(string json) =>
        JsonSerializer.Deserialize<RegisteredPlan>(json, TableJson.Options) ?? throw new InvalidDataException("An index row holds no plan.");

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string PlanKey(string planId) => "plan:" + TableKeys.Escape(planId);

    public static string DueKey(RegisteredPlan plan) => "due:" + DueRow(plan);

    public static string DueRow(RegisteredPlan plan) => Day(plan.Entry.NextReviewDue) + TableKeys.Separator + TableKeys.Escape(plan.PlanId);

    /// <summary>
    /// The setting's name as 4 hex digits a character (upper case) and a 0000 end: RowKey order is then the page's
    /// order (ignoring case, "Oak" before "Oak Primary"), which the name itself with a separator would not give.
    /// </summary>
    public static string SettingKey(RegisteredPlan plan) =>
        "setting:" + SettingHex(plan.Entry.SettingName) + "0000" + TableKeys.Separator + TableKeys.Escape(plan.PlanId);

    public static string SettingHex(string settingName) =>
        string.Concat(settingName.ToUpperInvariant().Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)));

    public static string CaseworkerPartition(RegisteredPlan plan) => TableKeys.Escape(plan.CaseworkerEmail.ToLowerInvariant());

    /// <summary>
    /// The shard that takes this attempt's summary change: any shard will do, since the summary is their sum; a retry
    /// moves to another, away from the writer it collided with. (string.GetHashCode differs between processes.)
    /// </summary>
    public static string SummaryKey(string planId, int attempt)
    {
        var hash = 17u + (uint)attempt;
        foreach (var c in planId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return ShardKey((int)(hash % SummaryShards));
    }

    public static string ShardKey(int shard) => "sum:" + shard.ToString("00", CultureInfo.InvariantCulture);

    public static string Range(string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
}
