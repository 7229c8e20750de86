using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>The columns of a list notification's table, shared by both layouts.</summary>
internal static class ItemColumns
{
    public static IReadOnlyList<string> Headers { get; } = ["Case", "Child's initials", "What", "Due", "Status"];

    /// <summary>One value per header; an unknown value is an empty cell, never a placeholder.</summary>
    public static IReadOnlyList<string> Values(NotificationItem item, DateOnly on) =>
    [
        item.CaseId,
        item.ChildInitials,
        item.What,
        item.DueOn is { } due ? UkDates.WithDaysPhrase(due, on) : "",
        item.Status ?? "",
    ];
}
