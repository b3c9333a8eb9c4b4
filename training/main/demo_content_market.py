"""Demo course texts for the cross-sectoral objective, environmentalism in the market: GPP and green finance."""

from __future__ import annotations

from training.main.demo_course_spec import DEMO_ENROLMENT_KEY, DemoCourse, DemoModule

INSTRUCTOR = "instructor@cai-demo.org"

# --- Green public procurement ---------------------------------------------------------------------------------

GPP_1 = """\
## The buying power of the state

Governments are the largest buyers in most economies: public procurement is typically 10-15% of GDP, and far more
in some sectors such as construction, vehicles and IT. When public buyers ask for products with lower
environmental impact, suppliers respond, and the products become cheaper and more common for everyone. This is
**green public procurement (GPP)**: taking environmental criteria into account when public authorities buy goods,
services and works.

## Why it works

- **Market signal**: a steady, predictable public demand justifies suppliers' investment in cleaner products.
- **Savings**: many green products cost less over their life (energy-efficient lighting, durable furniture,
  refillable toner).
- **Leading by example**: a ministry that asks companies to reduce emissions should do so itself.
- **Direct impact**: the state's own footprint (buildings, fleets, paper, food in canteens) is large.

## The Japanese model

Japan's **Act on Promoting Green Purchasing** (enacted 2000, in force 2001) obliges national government bodies to
buy green products and encourages local governments to do the same. Its core is a **Basic Policy** listing product
categories (paper, office supplies, IT equipment, vehicles, lighting, construction materials, services and
more) with specific criteria for each, revised regularly as markets improve. Each agency publishes a yearly plan
and reports its results. The **Green Purchasing Network**, founded in 1996 by companies, governments and
civil-society groups, shares product information and promotes green buying in the private sector too.

## Across Asia

Thailand, the Republic of Korea, China, Malaysia, the Philippines and others have GPP policies, often linked to
national eco-labels such as Japan's Eco Mark, the Thai Green Label, the Korea Eco-label and the China Environmental
Labelling programme. Regional exchanges among GPP officials have helped countries adopt criteria tested elsewhere
instead of starting from scratch.

## Where to start

Choose a few **priority product groups** where environmental impact is high, green alternatives exist at reasonable
cost, and your agency buys a lot: often paper, IT equipment, lighting, vehicles, cleaning services and catering.
"""

GPP_2 = """\
## Where criteria go in a tender

Environmental requirements can enter a procurement at four points:

| Stage | What it does | Example |
|---|---|---|
| Technical specifications | minimum every offer must meet | copy paper of 100% recycled or certified fibre |
| Selection criteria | check the supplier can deliver | environmental management system for a cleaning contract |
| Award criteria | extra points for better performance | points for lower energy use per year |
| Contract performance clauses | obligations during the contract | take-back of packaging, reporting of fuel use |

Specifications set the floor; award criteria reward going further. Criteria must be **linked to the subject matter**
of the contract, **measurable** and **verifiable**, and must not favour one supplier without reason.

## Life-cycle costing

Comparing purchase prices alone penalises efficient products. **Life-cycle costing (LCC)** adds up the costs the
buyer will pay over the product's life.

| Cost over 10 years (illustrative) | Conventional fittings | LED fittings |
|---|---|---|
| Purchase and installation | 10,000 | 16,000 |
| Electricity | 40,000 | 18,000 |
| Lamp replacement and maintenance | 6,000 | 1,500 |
| **Total** | **56,000** | **35,500** |

Ask bidders for the data the calculation needs (power draw, expected life) and publish the formula in the tender
documents, so that the comparison is transparent.

Life-cycle costing can also include the **end-of-life cost** (disposal or take-back fees) and, where a
government has set one, a **shadow price of carbon** for the emissions from energy use. Both usually favour
durable, efficient products.

## Writing good criteria

- Refer to an eco-label's criteria rather than requiring the label itself, and accept equivalent proof.
- Use existing national or international criteria sets rather than inventing new ones.
- Check the market first: if no supplier can meet a criterion, the tender fails.
- Keep the number of criteria small; evaluators must be able to check every one.
"""

GPP_3 = """\
## Types of environmental labels

| Type | Standard | Who verifies | Use in procurement |
|---|---|---|---|
| Type I eco-label | ISO 14024 | independent third party | copy its criteria; accept the label as proof |
| Type II self-declared claim | ISO 14021 | the manufacturer | accept only with supporting evidence |
| Type III declaration (EPD) | ISO 14025 | independent review of life-cycle data | compare offers in award criteria |

Most national eco-labels in Asia are Type I and are members of the **Global Ecolabelling Network**, which helps labels
recognise each other's criteria and reduces the cost for exporters.

## Verification in practice

- Products with a Type I label: accept the label as proof; accept equivalent proof for unlabelled products.
- Other products: technical dossiers, test reports from accredited laboratories.
- Services: management system certificates (ISO 14001), staff training records, monthly reports.
- During the contract: spot checks, and a clause allowing termination for false declarations.

## Talking to the market

Before a large tender, hold **market dialogue**: publish a prior information notice, meet suppliers, and explain
the criteria you are considering. Suppliers can tell you what is feasible and at what cost; you signal your future
demand so that they can prepare. Keep the dialogue open to all interested suppliers and record it, so that no one
gains an unfair advantage.

Market dialogue is also the moment to learn about **emerging products**: a criterion written today may be
out of date in three years, and suppliers can tell you where the market is heading.

## Small and local suppliers

Green criteria should not shut out small firms. Split large contracts into lots, accept simple forms of evidence,
and run information sessions with chambers of commerce. Many small producers already meet criteria but have never
been asked to prove it.
"""

GPP_4 = """\
## What to measure

A GPP policy needs evidence that it works. Typical indicators:

- **Share of green purchases**: by number of contracts and by value, per product group.
- **Environmental results**: tonnes of CO2 avoided, kWh saved, tonnes of waste avoided, estimated with simple
  standard factors per product group.
- **Savings**: life-cycle cost savings compared with conventional alternatives.
- **Coverage**: share of agencies with a GPP plan and a trained contact person.

## Getting the data

Data are the main obstacle. Add a simple tick box ("green criteria applied: yes/no, which set") to the e-procurement
system so that every contract records it at the time of award. Ask large suppliers for annual reports of quantities
delivered.

## Avoiding common mistakes

- Counting a purchase as green because the supplier says so, without checking the criteria.
- Reporting only the number of green contracts, which hides whether the large ones are green.
- Changing indicators every year, so that no trend can be seen.

## Reporting

Japan's national agencies publish yearly green purchasing results per product category, which has kept
compliance high for two decades. A public report does not need to be long; it needs to be regular and comparable
from year to year.

## Building capacity

- A short training for every procurement officer, with model clauses they can copy.
- A help desk or network of GPP focal points in the larger agencies.
- An online catalogue of criteria and labelled products.
- Recognition for agencies with the best results.

## Linking GPP to national targets

GPP results are more convincing when they are expressed in the same terms as national policy: tonnes of CO2 for
climate targets, tonnes of waste avoided for material-cycle targets, the share of recycled content for circular
economy plans. This also helps GPP officials secure attention and budget from ministries that set those targets.
"""

GPP = DemoCourse(
    slug="green-public-procurement",
    title="Green public procurement",
    summary=(
        "Use the buying power of government to move markets: GPP policies, tender criteria, life-cycle costing, "
        "eco-labels and verification."
    ),
    description="""\
For procurement officers, finance and environment ministry staff, and suppliers who sell to government. Public
buyers spend a large share of GDP; when they ask for greener products, markets follow. This course explains how GPP
policies work (with Japan's Green Purchasing Act as a reference), how to write environmental criteria into
tenders, how to compare offers on life-cycle cost, and how to use eco-labels for verification.

An optional final module covers monitoring and reporting. Self-paced, about six hours.
""",
    language="en",
    level="introductory",
    hours="6",
    objectives=("green-market",),
    institutions=(("MOEJ", "host"), ("TEI", "co-host"), ("TEI", "certifying")),
    instructors=(INSTRUCTOR,),
    modules=(
        DemoModule("What green public procurement is and why it works", 40, ("green-market",), GPP_1),
        DemoModule("Writing criteria and comparing life-cycle costs", 50, ("green-market",), GPP_2),
        DemoModule("Eco-labels, verification and market dialogue", 45, ("green-market", "partnerships"), GPP_3),
        DemoModule("Measuring and reporting GPP", 30, ("green-market", "monitoring"), GPP_4, required=False),
    ),
)

# --- Green finance --------------------------------------------------------------------------------------------

FIN_1 = """\
## Why finance matters for the environment

Every power plant, factory and building is financed by someone. Decisions by banks, bond investors and insurers
therefore shape emissions and resource use for decades. Green finance aims to move money towards activities that
help the environment and away from those that harm it, and to make the risks of environmental damage visible in
prices.

## Two reasons investors care

- **Impact**: some investors want their money to achieve environmental outcomes, such as renewable power,
  efficient buildings or clean transport.
- **Risk**: climate change and environmental rules create financial risks even for investors who care only about
  returns.

| Risk | Examples |
|---|---|
| Physical risk | floods damaging factories, droughts cutting hydropower, heat reducing labour productivity |
| Transition risk | carbon prices, stricter standards, new technologies making assets obsolete ("stranded assets") |
| Liability and reputation | lawsuits over pollution, consumer boycotts |

Central banks and supervisors in Asia increasingly treat climate risk as a financial stability issue; many are
members of the Network for Greening the Financial System (NGFS) and ask banks to stress-test their portfolios.

## The main instruments

- **Green bonds and loans**: the money raised is used for eligible green projects (use of proceeds).
- **Sustainability-linked bonds and loans**: the money can be used for anything, but the interest rate depends on
  whether the borrower meets sustainability targets.
- **Transition finance**: funding for high-emitting sectors (steel, cement, power) to follow a credible
  decarbonisation pathway.
- **Blended finance**: public or philanthropic money takes the first loss so private investors can join.

## Words to use carefully

"Green", "sustainable", "ESG" and "climate-aligned" are not interchangeable. ESG ratings measure how a company
manages environmental, social and governance risks to itself; they do not show how green its activities are.
**Greenwashing**, claims that exaggerate environmental benefits, is now a legal risk in several jurisdictions.
"""

FIN_2 = """\
## The use-of-proceeds idea

A green bond is an ordinary bond with one promise attached: the money raised will be used only for eligible green
projects. Investors get the same credit risk as any bond of the issuer, plus the assurance that their money
finances, for example, solar farms or metro lines.

## The Green Bond Principles

The **Green Bond Principles** of the International Capital Market Association (ICMA) are voluntary guidelines that
most markets follow. They have four core components:

1. **Use of proceeds**: eligible green project categories, clearly described (renewable energy, energy
   efficiency, pollution prevention, clean transport, sustainable water management, climate adaptation, and
   others).
2. **Process for project evaluation and selection**: how the issuer decides which projects qualify, and how it
   manages their environmental and social risks.
3. **Management of proceeds**: the money is tracked, for example in a sub-account, until fully allocated.
4. **Reporting**: at least yearly, on allocation and, ideally, on impact (tonnes of CO2 avoided, MWh generated).

They also recommend a **green bond framework** document and an **external review**, such as a second-party opinion
before issuance or verification after.

## Standards in Asia

- The **ASEAN Green Bond Standards** (2017), based on the Green Bond Principles, with added requirements such as
  excluding fossil fuel power generation projects.
- National guidelines in Japan, China, India and others, and taxonomies that define eligible activities (next module).
- The **Climate Bonds Standard**, a certification scheme with sector criteria.

## Sustainability-linked bonds

Here there is no use-of-proceeds promise. Instead the issuer commits to **key performance indicators (KPIs)** and
**sustainability performance targets**, for example cutting emissions per tonne of product by 30% by 2030. If it
misses a target, the coupon steps up. The KPIs must be material to the business and the targets ambitious;
otherwise the instrument is greenwashing with extra paperwork.

## Red flags for an investor

- Eligible categories described vaguely ("environmental projects").
- Refinancing of old assets without saying so.
- No external review and no impact reporting.
- A green bond from a company whose core business expands high-emitting activities without any transition plan.
"""

FIN_3 = """\
## What a taxonomy is

A **green taxonomy** is a classification system that says which economic activities count as environmentally
sustainable, and under which technical conditions. It gives issuers, investors and regulators a common vocabulary
and makes greenwashing harder.

| Taxonomy | Approach |
|---|---|
| EU Taxonomy | technical screening criteria; "do no significant harm"; minimum safeguards |
| ASEAN Taxonomy for Sustainable Finance | principles for all members, plus thresholds; green, amber and red tiers |
| China's Green Bond Endorsed Projects Catalogue | eligible project types; the 2021 edition dropped "clean coal" |
| National taxonomies (Indonesia, Malaysia, Singapore...) | adapted to each economy, often with transition categories |

The ASEAN taxonomy's amber tier is its way of recognising activities in transition, such as an industrial plant
that is cutting emissions along a credible path but is not yet green.

Interoperability matters for cross-border capital: work such as the Common Ground Taxonomy between the EU and China
maps where definitions match.

## Disclosure

Investors cannot price what they cannot see. The **Task Force on Climate-related Financial Disclosures (TCFD)**
recommended disclosure under four pillars: governance, strategy, risk management, and metrics and targets. Its
work was taken into the **IFRS S1 and S2** standards of the International Sustainability Standards Board (2023),
which several Asian jurisdictions, including Japan through its own SSBJ standards, are adopting.

## Key disclosures

- Scope 1, 2 and, increasingly, 3 greenhouse gas emissions.
- Climate scenario analysis: how the business performs in a 1.5 degree world and in a high-warming world.
- Transition plan with interim targets.
- For banks: financed emissions of the loan and investment portfolio.

## Transition finance in Asia

Many Asian economies still depend on coal and heavy industry. Transition finance supports credible decarbonisation
of these sectors rather than excluding them. Japan, for example, issued sovereign Climate Transition Bonds in 2024
to fund industrial decarbonisation. Credibility rests on science-based pathways, interim targets and transparent
reporting.
"""

FIN_4 = """\
## Environmental and social risk management in banks

A bank lending to a new factory, mine or plantation is exposed to its environmental and social risks. An
**environmental and social risk management system (ESMS)** lets the bank screen, assess and monitor them:

1. **Exclusion list**: activities the bank never finances.
2. **Screening and categorisation** of each transaction by risk.
3. **Due diligence** proportionate to risk: questionnaires for low-risk loans, independent assessments for
   high-risk projects.
4. **Covenants** in the loan agreement: an action plan the borrower must carry out.
5. **Monitoring** during the loan, with site visits for high-risk clients.

## The Equator Principles

More than a hundred financial institutions have adopted the **Equator Principles** for project finance. They
categorise projects:

| Category | Meaning | Typical requirement |
|---|---|---|
| A | significant adverse impacts: diverse, irreversible or unprecedented | full impact assessment, independent review |
| B | limited, site-specific, mostly reversible impacts | focused assessment |
| C | minimal or no adverse impacts | no further assessment |

Assessments follow the IFC Performance Standards on pollution prevention, community health, land acquisition,
biodiversity, indigenous peoples and cultural heritage.

## A worked example

A bank is asked to finance a 50 MW solar farm on former farmland. Green? Usually yes under any taxonomy. Risks to
check: land acquisition and compensation of farmers, loss of habitat if the site is not truly degraded, end-of-life
management of panels, and labour conditions in the panel supply chain. A project can be green in its purpose and
still cause harm if it is badly managed.

## Your exercise

Take a loan or bond you know of (from your institution or from public reports). Identify the category, two main
environmental risks, and one covenant or reporting requirement you would add.
"""

FIN = DemoCourse(
    slug="green-finance-bonds-and-disclosure",
    title="Green finance: bonds, loans and disclosure",
    summary=(
        "Green bonds and the use-of-proceeds idea, sustainability-linked instruments, taxonomies, climate "
        "disclosure and environmental risk management in banks."
    ),
    description=f"""\
For staff of banks, securities regulators, ministries of finance and companies planning to raise green money.
The course explains why environmental risks are financial risks, how green and sustainability-linked bonds work
under the Green Bond Principles and the ASEAN Green Bond Standards, what taxonomies and climate disclosure
standards require, and how banks screen projects.

Enrolment uses a key, given to participants by their institution. For this demonstration the key is
**{DEMO_ENROLMENT_KEY}**. Self-paced.
""",
    language="en",
    level="intermediate",
    hours="8",
    objectives=("green-market",),
    institutions=(("APREO", "host"), ("Hanbit", "co-host"), ("KGSES", "certifying")),
    instructors=("lim.weiling@cai-demo.org", INSTRUCTOR),
    modules=(
        DemoModule("Why finance matters for the environment", 40, ("green-market",), FIN_1),
        DemoModule("Green bonds and the use of proceeds", 50, ("green-market",), FIN_2),
        DemoModule("Taxonomies, disclosure and transition finance", 50, ("green-market", "low-carbon"), FIN_3),
        DemoModule("Environmental risk in lending and project screening", 50, ("green-market",), FIN_4),
    ),
    mode="key",
)

COURSES = (GPP, FIN)
