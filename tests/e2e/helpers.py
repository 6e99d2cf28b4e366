"""What a person does and checks in the browser, shared by the browser tests."""

from factcheck.models import Claim

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
SERIOUS = ("serious", "critical")


def claim_path(statement_start, suffix=""):
    claim = Claim.objects.get(statement__startswith=statement_start)
    return f"/claims/{claim.pk}/{suffix}"


def log_in_with_form(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def serious_accessibility_problems(page):
    """axe-core's serious and critical violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in SERIOUS
    ]


def unlabelled_fields(page):
    """Names of the visible form fields that have no label a screen reader would read."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')]
            .filter(el => !(el.labels && el.labels.length)
                          && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
            .map(el => el.name || el.id || el.outerHTML)"""
    )


def sideways_scrollers(page):
    """What scrolls sideways in the window: the page itself, or any box inside it (a table in
    an overflow container still makes a phone user scroll sideways to read a column)."""
    return page.evaluate(
        """() => {
            const page = document.scrollingElement;
            const found = page.scrollWidth > window.innerWidth
                ? [`the page: ${page.scrollWidth}px in a ${window.innerWidth}px window`] : [];
            for (const el of document.body.querySelectorAll('*')) {
                const overflow = getComputedStyle(el).overflowX;
                if (['auto', 'scroll'].includes(overflow) && el.scrollWidth > el.clientWidth + 1) {
                    found.push(`${el.tagName.toLowerCase()}.${el.classList}: `
                               + `${el.scrollWidth}px in ${el.clientWidth}px`);
                }
            }
            return found;
        }"""
    )


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus, as a keyboard user would; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")
