namespace SendWorkflows.Web.Pages;

/// <summary>The GOV.UK Design System components the pages use, as <see cref="Html"/> (markup as in govuk-frontend's templates).</summary>
public static class Govuk
{
    /// <summary>A body paragraph.</summary>
    public static Html P(Html content, string? id = null) => id is null
        ? Html.Of($"""<p class="govuk-body">{content}</p>""")
        : Html.Of($"""<p class="govuk-body" id="{id}">{content}</p>""");

    public static Html P(string text, string? id = null) => P(Html.Of($"{text}"), id);

    /// <summary>A table (wrapped so a wide one scrolls on a phone instead of stretching the page); when there are no rows, one row says why.</summary>
    public static Html Table(string id, string caption, IReadOnlyList<string> headers, IEnumerable<Html> rows, string whenEmpty)
    {
        var list = rows.ToList();
        var body = list.Count > 0
            ? Html.Join(list)
            : Html.Of($"""<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{headers.Count}">{whenEmpty}</td></tr>""");
        var head = Html.Join(headers.Select(h => Html.Of($"""<th scope="col" class="govuk-table__header">{h}</th>""")));
        return Html.Of($"""
            <div class="app-table-wrapper" tabindex="0" role="region" aria-label="{caption}"><table class="govuk-table" id="{id}">
            <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>
            <tbody class="govuk-table__body">{body}</tbody></table></div>
            """);
    }

    /// <summary>A table row; each cell is <see cref="Html"/> as it is or any other value, encoded.</summary>
    public static Html Row(params object?[] cells) =>
        Html.Of($"""<tr class="govuk-table__row">{Html.Join(cells.Select(Cell))}</tr>""");

    static Html Cell(object? cell) => cell is Html html
        ? Html.Of($"""<td class="govuk-table__cell">{html}</td>""")
        : Html.Of($"""<td class="govuk-table__cell">{cell}</td>""");

    /// <summary>A link to a case's page; the id never wraps.</summary>
    public static Html CaseLink(string caseId) =>
        Html.Of($"""<a class="govuk-link app-nowrap" href="/dashboard/cases/{Uri.EscapeDataString(caseId)}">{caseId}</a>""");

    /// <summary>A status tag; <paramref name="colour"/> is one of GOV.UK's tag colours (red, green, yellow, grey, blue…) or null for the default.</summary>
    public static Html Tag(string text, string? colour = null) => colour is null
        ? Html.Of($"""<strong class="govuk-tag">{text}</strong>""")
        : Html.Of($"""<strong class="govuk-tag govuk-tag--{colour}">{text}</strong>""");

    /// <summary>A summary list of key facts.</summary>
    public static Html SummaryList(string id, IEnumerable<(string Key, Html Value)> rows) => Html.Of($"""
        <dl class="govuk-summary-list" id="{id}">{Html.Join(rows.Select(r => Html.Of($"""<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{r.Key}</dt><dd class="govuk-summary-list__value">{r.Value}</dd></div>""")))}</dl>
        """);

    /// <summary>Inset text: a notice that stands out from the page.</summary>
    public static Html Inset(Html content, string? id = null) => id is null
        ? Html.Of($"""<div class="govuk-inset-text">{content}</div>""")
        : Html.Of($"""<div class="govuk-inset-text" id="{id}">{content}</div>""");

    /// <summary>A success notification banner.</summary>
    public static Html Success(string id, Html content) => Html.Of($"""
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="{id}-title" data-module="govuk-notification-banner">
          <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="{id}-title">Success</h2></div>
          <div class="govuk-notification-banner__content" id="{id}">{content}</div>
        </div>
        """);

    /// <summary>An error summary at the top of a form page, linking to the field in error.</summary>
    public static Html ErrorSummary(string id, string message, string fieldId) => Html.Of($"""
        <div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list"><li><a href="#{fieldId}" id="{id}">{message}</a></li></ul></div>
        </div></div>
        """);

    /// <summary>An error summary listing several problems, each linking to its field (or to <paramref name="fallbackFieldId"/>).</summary>
    public static Html ErrorSummary(IEnumerable<(string? FieldId, string Message)> problems, string fallbackFieldId) => Html.Of($"""
        <div class="govuk-error-summary" data-module="govuk-error-summary" id="error-summary"><div role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">{Html.Join(problems.Select(p => Html.Of($"""<li><a href="#{p.FieldId ?? fallbackFieldId}">{p.Message}</a></li>""")))}</ul></div>
        </div></div>
        """);

    /// <summary>A primary button.</summary>
    public static Html Button(string label, string? classes = null) =>
        Html.Of($"""<button type="submit" class="govuk-button {classes}" data-module="govuk-button">{label}</button>""");

    /// <summary>A list of tiles with a big figure each: the overview's headline numbers.</summary>
    public static Html Tile(string id, object figure, Html label, bool alert = false) => Html.Of($"""
        <div class="app-tile{(alert ? " app-tile--alert" : "")}"><span class="app-tile__figure" id="{id}">{(figure is Html html ? html : Html.Of($"{figure}"))}</span><p class="govuk-body govuk-!-margin-bottom-0">{label}</p></div>
        """);

    /// <summary>The pagination component: previous, numbered pages (first, last and those next to the current one), next.</summary>
    public static Html Pagination(string path, int page, int pages, Func<int, string> query)
    {
        if (pages <= 1)
        {
            return Html.Empty;
        }

        var shown = Enumerable.Range(1, pages).Where(p => p == 1 || p == pages || Math.Abs(p - page) <= 1).ToList();
        var items = new List<Html>();
        for (var i = 0; i < shown.Count; i++)
        {
            if (i > 0 && shown[i] - shown[i - 1] > 1)
                items.Add(Html.Of($"""<li class="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>"""));
            var p = shown[i];
            items.Add(p == page
                ? Html.Of($"""<li class="govuk-pagination__item govuk-pagination__item--current"><a class="govuk-link govuk-pagination__link" href="{path}{query(p)}" aria-label="Page {p}" aria-current="page">{p}</a></li>""")
                : Html.Of($"""<li class="govuk-pagination__item"><a class="govuk-link govuk-pagination__link" href="{path}{query(p)}" aria-label="Page {p}">{p}</a></li>"""));
        }

        var previous = page > 1
            ? Html.Of($"""<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href="{path}{query(page - 1)}" rel="prev"><span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span></a></div>""")
            : Html.Empty;
        var next = page < pages
            ? Html.Of($"""<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="{path}{query(page + 1)}" rel="next"><span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span></a></div>""")
            : Html.Empty;
        return Html.Of($"""<nav class="govuk-pagination" aria-label="Pages" id="pagination">{previous}<ul class="govuk-pagination__list">{Html.Join(items)}</ul>{next}</nav>""");
    }
}
