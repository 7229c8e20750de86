namespace SendWorkflows.Host.Web;

/// <summary>The one page layout: a header, optional staff navigation and a small stylesheet. No scripts.</summary>
public static class Layout
{
    const string Stylesheet = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
        header{background:#1d3557;color:#fff;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff}header strong{margin-right:1rem}
        main{padding:1rem;max-width:75rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;background:#fff}
        th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;font-size:.9rem}
        th{background:#eef}
        .overdue{color:#a4000f;font-weight:bold}.ok{color:#1a7f37}.muted{color:#666}
        .notice{padding:1rem;border-left:.4rem solid #1d3557;background:#fff;margin:1rem 0}
        .notice.error{border-color:#a4000f}
        .kpis{display:flex;flex-wrap:wrap;gap:1rem}.kpi{background:#fff;border:1px solid #ccc;padding:.6rem;min-width:14rem}
        .kpi b{font-size:1.6rem;display:block}
        button{background:#1d3557;color:#fff;border:0;padding:.5rem 1rem;font-size:1rem;cursor:pointer}
        input{padding:.4rem;font-size:1rem}
        dl.asked dt{font-weight:bold}dl.asked dd{margin:0 0 .6rem}
        """;

    /// <summary>A public page (sign-in, response links): no navigation to staff pages.</summary>
    public static string Public(string title, Html body) => Page(title, Html.Empty, body);

    /// <summary>A staff page with the dashboard's navigation.</summary>
    public static string Staff(string title, Html body) => Page(title, StaffNavigation, body);

    static Html StaffNavigation => Html.Of($"""
        <a href="/dashboard">Overview</a><a href="/dashboard/register">Register</a><a href="/dashboard/assessments">Assessments</a>
        <a href="/dashboard/overdue">Overdue</a><a href="/dashboard/rejected-events">Rejected events</a><a href="/dashboard/failed">Failed workflows</a>
        <a href="/signout" style="margin-left:auto">Sign out</a>
        """);

    static string Page(string title, Html navigation, Html body) => Html.Of($"""
        <!doctype html>
        <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title} - SEND workflows</title><style>{new Html(Stylesheet)}</style></head>
        <body><header><strong>SEND workflows</strong>{navigation}</header><main><h1>{title}</h1>{body}</main></body></html>
        """).Value;
}
