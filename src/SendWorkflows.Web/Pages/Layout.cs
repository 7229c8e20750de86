namespace SendWorkflows.Web.Pages;

/// <summary>
/// The one page layout, on the GOV.UK Design System's page template (served from this host, see
/// <see cref="FrontendAssets"/>): skip link, header, service navigation, phase banner, main wrapper and footer.
/// The council is not GOV.UK, so the header is the generic header without the crown or GOV.UK logo.
/// </summary>
public static class Layout
{
    const string ServiceName = "SEND workflows";

    static readonly (string Href, string Label)[] StaffLinks =
    [
        ("/dashboard", "Overview"), ("/dashboard/register", "Register"), ("/dashboard/my-cases", "My cases"), ("/dashboard/assessments", "Assessments"),
        ("/dashboard/overdue", "Overdue"), ("/dashboard/rejected-events", "Rejected events"), ("/dashboard/failed", "Failed workflows"),
        ("/dashboard/imports", "Imports"),
        ("/signout", "Sign out"),
    ];

    /// <summary>A public page (sign-in, response links, errors): no navigation to staff pages.</summary>
    public static string Public(string title, Html body) => Page(title, Html.Empty, body, homepage: "/", bodyClass: "");

    /// <summary>A staff page with the dashboard's navigation; <paramref name="current"/> marks the section it is in.</summary>
    public static string Staff(string title, Html body, string? current = null) => Page(title, StaffNavigation(current), body, homepage: "/dashboard", bodyClass: " app-staff");

    static Html StaffNavigation(string? current) => Html.Of($"""
        <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
          <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">Menu</button>
          <ul class="govuk-service-navigation__list" id="navigation">{Html.Join(StaffLinks.Select(link => NavigationItem(link.Href, link.Label, link.Href == current)))}</ul>
        </nav>
        """);

    static Html NavigationItem(string href, string label, bool active) => active
        ? Html.Of($"""<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{href}" aria-current="page"><strong class="govuk-service-navigation__active-fallback">{label}</strong></a></li>""")
        : Html.Of($"""<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{href}">{label}</a></li>""");

    /// <summary><paramref name="bodyClass"/> " app-staff" widens staff pages for their tables; public pages keep GOV.UK's reading width.</summary>
    static string Page(string title, Html navigation, Html body, string homepage, string bodyClass) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="en-GB" class="govuk-template govuk-template--rebranded">
        <head><meta charset="utf-8"><title>{title} - {ServiceName}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"><meta name="theme-color" content="#1d70b8">
        <link rel="stylesheet" href="/assets/govuk-frontend.min.css"><link rel="stylesheet" href="/assets/app.css"></head>
        <body class="govuk-template__body{bodyClass}">
        <script>{new Html(FrontendAssets.BodyClassScript)}</script>
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
        <header class="govuk-generic-header">
          <div class="govuk-generic-header__container govuk-width-container">
            <div class="govuk-generic-header__logo"><a href="{homepage}" class="govuk-generic-header__homepage-link">Special educational needs and disabilities</a></div>
          </div>
        </header>
        <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
          <div class="govuk-width-container"><div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name"><a href="{homepage}" class="govuk-service-navigation__link">{ServiceName}</a></span>
            {navigation}
          </div></div>
        </section>
        <div class="govuk-width-container">
          <div class="govuk-phase-banner"><p class="govuk-phase-banner__content"><strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
            <span class="govuk-phase-banner__text">This is a new service. Tell the SEND team if something is wrong or unclear.</span></p></div>
          <main class="govuk-main-wrapper" id="main-content"><h1 class="govuk-heading-l">{title}</h1>{body}</main>
        </div>
        <footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta">
          <div class="govuk-footer__meta-item govuk-footer__meta-item--grow"><h2 class="govuk-visually-hidden">About this service</h2>
            <p class="govuk-footer__meta-custom">EHC needs assessments and annual reviews of EHC plans, run by the council's SEND team.</p></div>
        </div></div></footer>
        <script type="module" src="/assets/init.js"></script>
        </body></html>
        """).Value;
}
