"""The demo's fields of work (plain data for `workfair.skills.demo` and the steps after it).

Each category names its skills (the taxonomy the skills step seeds) and the words that the
profiles and job posts of that field are written with. Templates with slots (`{business}`)
are filled with the demo's seeded random generator, so every run writes the same marketplace.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryText:
    """One job category: its skills, job titles (each with the sentence that says what is
    needed), what the client expects, and the titles freelancers of this field give themselves."""

    name: str
    skills: tuple[str, ...]
    jobs: tuple[tuple[str, str], ...]
    expectations: tuple[str, ...]
    freelancer_titles: tuple[str, ...]


CATEGORIES: tuple[CategoryText, ...] = (
    CategoryText(
        name="Web Development",
        skills=("Python", "Django", "JavaScript", "React", "TypeScript", "PostgreSQL", "HTML & CSS", "WordPress"),
        jobs=(
            (
                "Django developer to build a booking system for our {business}",
                "We need online booking with a calendar per staff member, reminders and a simple admin view.",
            ),
            (
                "Rebuild our {business} website in React with a headless CMS",
                "The current site is hard to edit; we want the team to change texts and photos without a developer.",
            ),
            (
                "Speed up a slow WordPress site for a {business}",
                "Pages take six seconds to load on a phone. Find the causes, fix them and show before and after.",
            ),
            (
                "Add card payments and invoices to an existing Django shop",
                "Customers should pay at checkout and receive an invoice; refunds must be possible from the admin.",
            ),
            (
                "Full-stack developer for a customer portal (React and Python)",
                "Customers of our {business} should see their orders, download documents and update their details.",
            ),
            (
                "Migrate a legacy PHP site to Django and PostgreSQL",
                "About forty pages and a small member area; the data must move over without losses.",
            ),
            (
                "Accessibility review and fixes for a public website",
                "We want to meet WCAG 2.1 AA: keyboard use, contrast, labels and screen-reader testing.",
            ),
        ),
        expectations=(
            "clean, tested code in a shared repository",
            "a short written handover so our team can maintain it",
            "weekly demos of working software, not slides",
            "experience with deployments on a Linux server",
            "attention to accessibility and page speed",
        ),
        freelancer_titles=(
            "Full-stack Django developer",
            "React and TypeScript engineer",
            "WordPress specialist",
            "Python back-end developer",
            "Front-end developer with an eye for accessibility",
        ),
    ),
    CategoryText(
        name="Mobile Development",
        skills=("Swift", "Kotlin", "Flutter", "React Native", "Firebase", "iOS", "Android"),
        jobs=(
            (
                "Flutter app for the members of our {business}",
                "Members should book sessions, see their history and get reminders on iOS and Android.",
            ),
            (
                "Fix crashes in our Android app before the next release",
                "Crash reports point at the camera screen and background sync; we need a stable build.",
            ),
            (
                "iOS developer to add offline mode to a field-service app",
                "Technicians lose signal on site; their forms must save locally and sync later.",
            ),
            (
                "React Native developer for a loyalty app for a {business}",
                "Customers collect points with a QR code at the counter and redeem them for rewards.",
            ),
            (
                "Publish our existing app to the App Store and Google Play",
                "The app works; we need help with signing, store listings, screenshots and review feedback.",
            ),
        ),
        expectations=(
            "releases through a test track before going live",
            "experience publishing to both app stores",
            "clear estimates per screen or feature",
            "automated tests for the critical flows",
        ),
        freelancer_titles=(
            "Flutter developer",
            "iOS engineer (Swift)",
            "Android developer (Kotlin)",
            "Mobile developer, React Native",
        ),
    ),
    CategoryText(
        name="Data Science & Analytics",
        skills=("Python", "SQL", "pandas", "Machine Learning", "Power BI", "Tableau", "Statistics"),
        jobs=(
            (
                "Sales dashboard in Power BI for a {business}",
                "Pull data from our accounting tool and the shop, and show revenue by product, month and region.",
            ),
            (
                "Forecast weekly demand for a {business}",
                "We want a model that predicts next month's orders per product so we stop over-ordering stock.",
            ),
            (
                "Clean and merge three customer spreadsheets into one database",
                "Duplicates, typos and different date formats; the result should be one clean table we can trust.",
            ),
            (
                "Analyse a customer survey and write up the findings",
                "About 2,000 responses with open and closed questions; we need the main themes and clear charts.",
            ),
            (
                "Set up product analytics and a weekly KPI report",
                "Define the events worth tracking, check the data is right and automate a one-page weekly report.",
            ),
        ),
        expectations=(
            "reproducible notebooks or scripts",
            "plain-language explanations of the results",
            "care with personal data",
            "charts that a busy manager understands at a glance",
        ),
        freelancer_titles=(
            "Data analyst (SQL, Power BI)",
            "Data scientist, forecasting and experiments",
            "Analytics engineer",
            "Statistician and survey analyst",
        ),
    ),
    CategoryText(
        name="Design & Creative",
        skills=("Figma", "UI Design", "UX Research", "Logo Design", "Branding", "Illustration", "Adobe Illustrator"),
        jobs=(
            (
                "Logo and visual identity for a new {business}",
                "We need a logo, a colour palette, type choices and a one-page guide for using them.",
            ),
            (
                "UX designer to simplify our sign-up and onboarding",
                "Too many people give up halfway; we want interviews, a new flow in Figma and a clickable prototype.",
            ),
            (
                "Design a mobile app in Figma for a {business}",
                "Around twelve screens with a small design system the developers can build from.",
            ),
            (
                "Illustrations for the pages of our website",
                "Six friendly illustrations in one consistent style, delivered as SVG and PNG.",
            ),
            (
                "Packaging design for a range of three products",
                "Boxes and labels for a {business}; print-ready files with the printer's templates.",
            ),
        ),
        expectations=(
            "two or three directions to choose from before refining one",
            "source files handed over at the end",
            "a portfolio that shows similar work",
            "clear rounds of feedback with dates",
        ),
        freelancer_titles=(
            "Product designer (UI and UX)",
            "Brand identity designer",
            "Illustrator",
            "UX researcher and designer",
        ),
    ),
    CategoryText(
        name="Writing & Translation",
        skills=("Copywriting", "Editing", "Technical Writing", "Translation", "SEO Writing", "Proofreading"),
        jobs=(
            (
                "Copywriter for the website of a {business}",
                "Home, about, services and contact pages in a warm, plain voice that sounds like us.",
            ),
            (
                "Translate our product documentation from English to German",
                "About 25,000 words of help articles; consistent terms and a glossary at the end.",
            ),
            (
                "Technical writer for API documentation",
                "Developers should get from zero to a first working call in ten minutes; we have an OpenAPI file.",
            ),
            (
                "Monthly blog articles for a {business}",
                "Four articles a month of about 1,200 words, researched and written for people, not search engines.",
            ),
            (
                "Proofread and edit a 60-page annual report",
                "Grammar, consistency, tone and a check that the numbers in the text match the tables.",
            ),
        ),
        expectations=(
            "native-level writing in the target language",
            "tracked changes so we can see every edit",
            "meeting agreed deadlines",
            "samples of published work",
        ),
        freelancer_titles=(
            "Copywriter and editor",
            "Technical writer",
            "English to German translator",
            "Content writer for small businesses",
        ),
    ),
    CategoryText(
        name="Marketing & Sales",
        skills=("SEO", "Google Ads", "Email Marketing", "Social Media Marketing", "Content Strategy", "CRM"),
        jobs=(
            (
                "SEO audit and a six-month plan for a {business}",
                "Find what holds our pages back, fix the quick wins and plan content for the rest.",
            ),
            (
                "Run Google Ads campaigns for a {business}",
                "Set up campaigns, track conversions properly and report every two weeks on cost per customer.",
            ),
            (
                "Email newsletter set-up and first three campaigns",
                "Move our list to a proper tool, design a template and write the first three newsletters.",
            ),
            (
                "Social media manager for a {business}",
                "Plan and publish three posts a week, answer comments and tell us what works.",
            ),
            (
                "Set up a CRM and a simple sales pipeline",
                "Our leads live in e-mail threads; we want one pipeline with stages, tasks and reports.",
            ),
        ),
        expectations=(
            "measurable goals agreed at the start",
            "honest reporting, including what did not work",
            "experience with small budgets",
            "respect for privacy rules when handling contacts",
        ),
        freelancer_titles=(
            "SEO consultant",
            "Paid search specialist",
            "Email marketing strategist",
            "Social media manager",
        ),
    ),
    CategoryText(
        name="DevOps & Cloud",
        skills=("AWS", "Docker", "Kubernetes", "Terraform", "Linux", "CI/CD", "Monitoring"),
        jobs=(
            (
                "Move our app from a single server to AWS",
                "A Django app with PostgreSQL and Redis; we want backups, a staging copy and no downtime on the day.",
            ),
            (
                "Set up CI/CD with automated tests and deployments",
                "Every merge should run the tests and deploy to staging; production deploys with one click.",
            ),
            (
                "Kubernetes cluster review and cost reduction",
                "Our cloud bill doubled this year; find what we pay for and do not use.",
            ),
            (
                "Monitoring and alerting for a {business} platform",
                "Dashboards for the key metrics and alerts that wake someone only when it matters.",
            ),
            (
                "Write Terraform for our existing cloud set-up",
                "Everything was clicked together by hand; we want it as code, reviewed and documented.",
            ),
        ),
        expectations=(
            "changes reviewed before they reach production",
            "a runbook for the common incidents",
            "experience with security basics: secrets, least privilege, updates",
            "documentation our developers can follow",
        ),
        freelancer_titles=(
            "DevOps engineer (AWS, Terraform)",
            "Site reliability engineer",
            "Cloud architect",
            "Linux and Kubernetes administrator",
        ),
    ),
    CategoryText(
        name="Customer Support",
        skills=("Customer Service", "Zendesk", "Live Chat", "Help Center Writing", "Order Management"),
        jobs=(
            (
                "Part-time support agent for a {business}",
                "Answer customer e-mails and chat in the afternoons, five days a week, in a friendly and clear way.",
            ),
            (
                "Write the help-centre articles for our product",
                "Turn the questions we answer every week into about thirty short, searchable articles.",
            ),
            (
                "Set up Zendesk with macros and routing rules",
                "Two inboxes, three teams and the twenty answers we type most, as macros.",
            ),
            (
                "Weekend support cover for an online {business}",
                "Saturday and Sunday, handling orders, returns and delivery questions.",
            ),
        ),
        expectations=(
            "excellent written English",
            "patience and a calm tone with upset customers",
            "reliable availability in the agreed hours",
            "experience with a ticketing tool",
        ),
        freelancer_titles=(
            "Customer support specialist",
            "Help-centre writer",
            "Support operations consultant",
        ),
    ),
    CategoryText(
        name="Finance & Accounting",
        skills=("Bookkeeping", "Xero", "QuickBooks", "Financial Modelling", "Excel", "Payroll"),
        jobs=(
            (
                "Bookkeeper for a small {business}",
                "Monthly bookkeeping, bank reconciliation and a short monthly summary of where the money goes.",
            ),
            (
                "Financial model for a seed funding round",
                "Three-year model with scenarios, hiring plan and runway, built so we can change the assumptions.",
            ),
            (
                "Move our books from spreadsheets to Xero",
                "Two years of history, opening balances and a chart of accounts that fits a {business}.",
            ),
            (
                "Excel expert to automate monthly reporting",
                "We copy numbers by hand from four files every month; we want one workbook that does it.",
            ),
        ),
        expectations=(
            "accuracy and a second look at every figure",
            "discretion with financial data",
            "experience with small companies",
            "clear notes on every assumption",
        ),
        freelancer_titles=(
            "Bookkeeper (Xero and QuickBooks)",
            "Financial modelling consultant",
            "Excel automation specialist",
        ),
    ),
    CategoryText(
        name="Video & Animation",
        skills=("Video Editing", "Motion Graphics", "After Effects", "Premiere Pro", "2D Animation", "Subtitles"),
        jobs=(
            (
                "Explainer video for a {business}",
                "A 90-second animated video that shows what we do; script help welcome.",
            ),
            (
                "Edit a series of eight interview videos",
                "Raw footage of about an hour each, cut to five minutes with titles, music and subtitles.",
            ),
            (
                "Motion graphics for product launch adverts",
                "Three short adverts in square and vertical formats from our existing brand assets.",
            ),
            (
                "Subtitles in three languages for our training videos",
                "Twelve videos of ten minutes; accurate timing and consistent terminology.",
            ),
        ),
        expectations=(
            "a first cut within a week",
            "two rounds of changes included",
            "licensed music and fonts only",
            "a showreel with similar work",
        ),
        freelancer_titles=(
            "Video editor",
            "Motion designer",
            "2D animator and illustrator",
        ),
    ),
    CategoryText(
        name="Engineering & Architecture",
        skills=("AutoCAD", "SolidWorks", "3D Modelling", "Revit", "Product Design", "Technical Drawing"),
        jobs=(
            (
                "3D model and drawings of a small consumer product",
                "We have sketches and a prototype; we need a model ready for injection moulding quotes.",
            ),
            (
                "Floor plans and renders for a renovation of a {business}",
                "Existing measurements are available; we want plans, two layout options and three renders.",
            ),
            (
                "Convert old paper drawings to AutoCAD",
                "About forty sheets of building drawings, scanned; clean layers and consistent title blocks.",
            ),
            (
                "Mechanical engineer to review an enclosure design",
                "Check wall thickness, fixings and heat before we order the first batch.",
            ),
        ),
        expectations=(
            "drawings to the agreed standard",
            "native files as well as PDF exports",
            "experience with manufacturing constraints",
            "clear change logs between versions",
        ),
        freelancer_titles=(
            "Mechanical design engineer",
            "Architectural drafter (Revit and AutoCAD)",
            "3D modeller and product designer",
        ),
    ),
    CategoryText(
        name="Admin Support",
        skills=("Data Entry", "Research", "Virtual Assistance", "Scheduling", "Google Workspace", "Spreadsheets"),
        jobs=(
            (
                "Virtual assistant for the founder of a {business}",
                "Inbox triage, scheduling and travel bookings, about ten hours a week.",
            ),
            (
                "Research 300 potential suppliers and build a list",
                "Name, location, products and minimum order for each, in a shared spreadsheet.",
            ),
            (
                "Data entry from scanned forms into our system",
                "About 1,500 short forms; accuracy matters more than speed.",
            ),
            (
                "Organise our shared drive and write naming rules",
                "Years of folders from five people; make it findable and keep it that way.",
            ),
        ),
        expectations=(
            "reliability and careful work",
            "good written communication",
            "comfort with spreadsheets and shared documents",
            "availability for a short call once a week",
        ),
        freelancer_titles=(
            "Virtual assistant",
            "Research and data-entry specialist",
            "Operations assistant",
        ),
    ),
)
