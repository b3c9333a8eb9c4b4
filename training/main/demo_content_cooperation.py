"""Demo course texts for the collaborative base: environment and trade, and environmental leadership."""

from __future__ import annotations

from training.main.demo_course_spec import DemoCourse, DemoModule

INSTRUCTOR = "instructor@cai-demo.org"

# --- Environmental goods and services in EPAs and FTAs --------------------------------------------------------

EGS_1 = """\
## A mutually supportive relationship

Trade and environmental policy can collide: a ban on imports of a product may look like protectionism; lower tariffs
may increase trade in polluting goods. They can also support each other: trade spreads clean technologies, and
environmental cooperation in trade agreements lifts standards. The Clean Asia Initiative aims at the second, a
*mutually supportive* relationship between environment and trade.

## The WTO frame

- Members may not discriminate between like products from different countries, or between imports and domestic
  products.
- **Article XX of the GATT** allows measures "necessary to protect human, animal or plant life or health" (XX(b))
  and "relating to the conservation of exhaustible natural resources" (XX(g)), provided they are not arbitrary or
  disguised restrictions on trade.
- Disputes such as the shrimp-turtle case showed that environmental measures can be justified if they are applied
  even-handedly and after serious efforts to negotiate.

## Environment in EPAs and FTAs

Bilateral and regional agreements go further than the WTO. Many recent agreements contain an **environment
chapter** or a **trade and sustainable development chapter**, in which parties commit to:

- effectively enforce their own environmental laws and not weaken them to attract trade or investment;
- implement the multilateral environmental agreements they have joined;
- cooperate on issues such as illegal logging, wildlife trade, fisheries subsidies and marine litter;
- involve the public through consultation and, in some agreements, submissions.

Japan's economic partnership agreements include environmental provisions, and newer ones, such as the agreement with
the European Union, contain a full trade and sustainable development chapter. The CPTPP has a detailed environment
chapter; RCEP, by contrast, has none, which shows how much practice still varies in Asia.

## Why this matters for officials

Trade negotiators need environmental expertise at the table, and environment ministries need to know what their
government commits to. This course is for both.
"""

EGS_2 = """\
## What counts as an environmental good

An environmental good is one used to measure, prevent, limit or correct environmental damage, or a product that is
cleaner than alternatives. In trade negotiations, goods are identified by their **Harmonized System (HS)** code, the
six-digit classification shared by customs worldwide.

## The APEC list

In 2012 APEC economies agreed on a list of **54 environmental goods** at the six-digit HS level, and committed to
cut applied tariffs on them to **5% or less by the end of 2015**. It was the first such list agreed among major
economies. Examples:

| HS 2012 subheading | Description (shortened) |
|---|---|
| 8421.21 | machinery for filtering or purifying water |
| 8421.39 | machinery for filtering or purifying gases |
| 8502.31 | wind-powered electric generating sets |
| 8541.40 | photosensitive semiconductor devices, including photovoltaic cells |
| 8419.19 | non-electric water heaters (solar water heaters) |
| 9027.10 | gas or smoke analysis apparatus |

## Practical difficulties

- **Dual use**: a pump or a valve can serve a wastewater plant or an oil refinery. Lists therefore use
  **ex-outs**, covering only part of a subheading, which customs officers must then verify, often with
  end-use declarations.
- **HS versions**: the HS is revised every five years. Photovoltaic cells, for example, moved to new subheadings in
  HS 2022. Lists must be transposed, or tariff commitments drift out of line with national tariff schedules.
- **Tariffs are often already low**: the main barriers may be non-tariff measures, discussed in the next module.

## Beyond APEC

A plurilateral **Environmental Goods Agreement** was negotiated at the WTO from 2014 but stalled in 2016,
largely over which products to include. Some recent FTAs list environmental goods for faster liberalisation;
others address them through cooperation chapters.

## Exercise

Look up the applied tariff in your country for three of the subheadings above. Are they at or below 5%? If a
product is not on the list (for example LED lamps or electric buses), how would you argue for or against adding it?
"""

EGS_3 = """\
## Environmental services

Environmental goods are only useful with the services that design, install, operate and maintain them. In WTO
classification, environmental services cover sewage services, refuse disposal, sanitation and other services such
as cleaning exhaust gases, noise abatement and nature protection. Related services matter as much: engineering,
construction, consulting, testing and laboratory analysis.

## The four modes of supply

| Mode | Example in environmental services |
|---|---|
| 1. Cross-border supply | a consultancy designs a treatment plant by video link |
| 2. Consumption abroad | officials travel to another country for training |
| 3. Commercial presence | a foreign company sets up a local subsidiary to operate a landfill |
| 4. Movement of natural persons | foreign engineers work on site for commissioning |

Commitments under the WTO services agreement (GATS) and FTAs say which modes are open, with what limitations, for
example on foreign equity or the number of foreign staff.

## Non-tariff measures

For environmental goods the real barriers are often:

- **Technical regulations and standards** that differ between countries, requiring re-testing and certification;
- **Conformity assessment**: no recognition of test results from the exporter's country;
- **Local content requirements** in renewable energy tenders;
- **Public procurement rules** closed to foreign suppliers.

Trade agreements can address these through cooperation on standards, **mutual recognition** of test results and
accredited laboratories, and transparency about new regulations. The WTO's technical barriers to trade agreement
already requires notification of draft regulations so that trading partners can comment.

## Balancing openness and policy space

Governments also have legitimate reasons for rules: an energy-efficiency standard keeps poor equipment out, and
that is its purpose. The aim is not to remove such rules but to make them transparent, based on international
standards where possible, and no more trade-restrictive than necessary.
"""

EGS_4 = """\
## Before the negotiation

- Map the environmental interests: sectors where your country exports environmental goods or services, products
  whose trade raises environmental concern (timber, wildlife, waste, fish), and obligations under environmental
  agreements your country has joined.
- Consult ministries, industry associations, NGOs and researchers early; they know where the barriers are.
- Decide what you want from cooperation provisions: funding, training, joint research, technology.

## Checklist for an environment chapter

| Provision | Question to ask |
|---|---|
| Right to regulate | is each party's right to set its own level of protection affirmed? |
| Enforcement | is there a commitment to enforce environmental laws effectively? |
| Multilateral agreements | are relevant ones listed (Basel, CITES, Montreal Protocol, Paris Agreement)? |
| Specific issues | illegal logging, wildlife trade, fisheries, marine litter, circular economy? |
| Environmental goods and services | is there a list or a work programme to liberalise them? |
| Cooperation | are activities, resources and contact points defined? |
| Public participation | can citizens and organisations raise concerns? |
| Dispute settlement | is the chapter subject to consultations, a panel of experts, or full dispute settlement? |

## After signature

Most environmental value comes from implementation, not from the text:

- a committee or contact points that actually meet;
- cooperation projects with budgets;
- reviews of the environmental effects of the agreement, ideally before and after;
- reporting to parliament and the public.

## Measuring what an agreement achieved

Environmental reviews of trade agreements ask two questions: did trade growth under the agreement increase
pressure on the environment (more timber exports, more shipping emissions), and did the environmental provisions
change anything (new laws enforced, cooperation projects completed)? Build the data for both into the
implementation plan from the start.

## Linking to the circular economy

Trade in secondary raw materials, remanufactured goods and repair services is central to a sound material-cycle
society across Asia. Agreements can clarify the line between used goods, remanufactured goods and waste,
complementing the Basel Convention rather than undercutting it.
"""

EGS = DemoCourse(
    slug="environmental-goods-in-epas-and-ftas",
    title="Environmental goods and services in EPAs and FTAs",
    summary=(
        "Environment chapters in trade agreements, the APEC environmental goods list and HS codes, services "
        "and non-tariff measures: for trade and environment officials."
    ),
    description="""\
For trade negotiators, customs and standards officials, and environment ministry staff who work on economic
partnership agreements (EPAs) and free trade agreements (FTAs). The course explains how trade rules and
environmental policy can support each other, how environmental goods are identified by HS codes (with the APEC
list as the main example), why non-tariff measures often matter more than tariffs, and what to look for in an
environment chapter.

A cohort course with places confirmed by the instructors; trade and customs officials have priority.
""",
    language="en",
    level="advanced",
    hours="10",
    objectives=("environment-trade", "green-market"),
    institutions=(("MOEJ", "host"), ("RCCEA", "co-host"), ("IISS", "certifying")),
    instructors=(INSTRUCTOR, "meera.iyer@cai-demo.org"),
    modules=(
        DemoModule("Trade and environment: a mutually supportive relationship", 45, ("environment-trade",), EGS_1),
        DemoModule(
            "Identifying environmental goods: HS codes and the APEC list",
            60,
            ("environment-trade", "green-market"),
            EGS_2,
        ),
        DemoModule("Environmental services and non-tariff measures", 50, ("environment-trade",), EGS_3),
        DemoModule(
            "Negotiating and implementing environmental provisions", 50, ("environment-trade", "partnerships"), EGS_4
        ),
    ),
    mode="approval",
    capacity=40,
    dates=(-30, 90),
)

# --- Environmental leadership: government-industry-academia collaboration -------------------------------------

LEAD_1 = """\
## Leading where no one is in charge

Environmental problems rarely belong to one organisation. Air quality in a city depends on the utility, the
transport authority, factories, households and the weather. Environmental leaders therefore lead mostly **without
formal authority**: they convene, persuade, broker agreements and keep partners at the table.

## Technical and adaptive challenges

A useful distinction in leadership studies:

- **Technical challenges** have known solutions that experts can apply: install a scrubber, build a sewer.
- **Adaptive challenges** require people to change values, habits or interests: farmers stopping residue burning,
  an industry accepting stricter limits, a ministry sharing data with another.

Most environmental challenges are adaptive at their core. Treating them as purely technical, with a new plant or
a new law and nothing else, is the most common cause of failure.

## What environmental leaders do

| Practice | In action |
|---|---|
| Systems thinking | see the links between energy, waste, water and health; look for leverage points |
| Convening | bring government, industry, academia and communities to one table |
| Using evidence | commission monitoring and research that all sides trust |
| Building trust | keep promises, share information, admit mistakes |
| Long-term thinking | protect a policy across elections and budget cycles |

## A lesson from Japan

In 1964 the city of Yokohama negotiated a **pollution control agreement** with the operator of a new coal-fired
power plant, with stricter conditions than national law then required. Such agreements spread to thousands of
local governments and companies. They worked because local leaders combined public pressure, technical knowledge
(often from universities and local research institutes) and a willingness by companies to negotiate. They are an
early example of government-industry-academia collaboration.

## Reflect

Think of an environmental change you have seen succeed in your country. Who led it, and what kind of authority did
they have?
"""

LEAD_2 = """\
## The triple helix

Innovation and environmental progress often come from the interaction of three spheres: **government**,
**industry** and **academia**. Each brings something the others lack.

| Partner | Brings | Needs from the others |
|---|---|---|
| Government | rules, public money, convening power, legitimacy | evidence, technology, feasible options |
| Industry | technology, investment, operational experience | stable rules, skilled staff, research |
| Academia | independent evidence, research, training of future staff | data, real problems, funding, uptake |

Civil society and communities are often added as a fourth strand: they bring local knowledge and legitimacy, and
hold the others to account.

## Designing the collaboration

1. **A shared problem, stated concretely**: "cut PM2.5 in the industrial district by 30% in five years", not
   "improve the environment".
2. **Governance**: a steering group with senior members from each partner, and a working group that meets often.
3. **Clear roles and contributions**: who funds, who measures, who implements, who trains.
4. **Data and intellectual property**: agree in advance who owns data and results, what may be published, and
   how confidential business information is protected.
5. **Independence of research**: academic partners must be free to publish unwelcome results.
6. **Exit and renewal**: a term, a review, and a way to bring in new partners.

## Forms it can take

- Joint research centres on a university campus, co-funded by companies and government.
- Regional environmental technology platforms that test equipment for local conditions.
- Leadership and training programmes co-designed by universities and employers, like this course.
- Pollution control or voluntary agreements negotiated with expert support from universities.

## Warning signs

Collaborations falter when one partner dominates, when meetings become ceremonies, or when results never reach
decisions. Measure the partnership itself: are decisions taken, data shared, people trained?
"""

LEAD_3 = """\
## Interests, not positions

A position is what someone says they want ("no new limits on emissions"); an interest is why ("we fear losing
export contracts if costs rise"). Negotiations stuck on positions can move when parties discuss interests: a
phased limit with technical support may serve both the city's health goals and the company's need for
predictability.

## Preparing a negotiation

- Know your **best alternative to a negotiated agreement (BATNA)**: what happens if there is no deal?
  Regulation? Court action? Status quo?
- Map the other side's interests and their alternatives.
- Prepare **objective criteria**: monitoring data, international standards, costs in comparable countries.
- Plan options that create value for both sides before discussing how to share it.

## Stakeholder mapping

Plot stakeholders by **power** over the outcome and **interest** in it.

| | Low interest | High interest |
|---|---|---|
| **High power** | keep satisfied: inform, consult on key points | manage closely: involve in decisions |
| **Low power** | monitor | keep informed, and help them be heard |

Communities affected by pollution are often high in interest but low in power; good leaders build their voice into
the process rather than leaving it out.

## Public participation

Principle 10 of the Rio Declaration (1992) states that environmental issues are best handled with the
participation of all concerned citizens, with access to information, participation in decisions and access to
justice. In practice:

- publish information early and in local languages;
- hold hearings at times and places people can attend;
- respond in writing to the main comments received;
- explain what changed because of the consultation.

## Practice

Role-play a negotiation between a provincial environment agency, an industrial estate and a university over a
monitoring programme. Prepare your interests, your BATNA and two options before the live session.
"""

LEAD_4 = """\
## Your leadership project

Each participant designs a project they can lead in their own organisation within twelve months. The project is
the bridge from this course to real change.

## Choosing a project

A good project is:

- **Important**: linked to one of the CAI objectives and to your organisation's priorities.
- **Within your influence**: you may not control it, but you can convene the people who do.
- **Collaborative**: it involves at least one partner from another sector.
- **Measurable**: you can tell within a year whether it worked.

## The project plan

| Section | Content |
|---|---|
| Problem | the issue, with evidence, in three sentences |
| Goal | what will be different in 12 months |
| Partners | who from government, industry, academia and communities, and why each will join |
| Actions | the first three steps, with dates |
| Resources | money, staff time, data |
| Risks | what could stop the project, and your response |
| Indicators | two or three, with a baseline |

## Peer coaching

You will be paired with a participant from another country and sector. Meet by video every month: each presents
progress for ten minutes, the other asks questions before giving advice. Experience from earlier cohorts shows that
peer coaching keeps projects alive after the course ends.

## Learning from setbacks

Most projects meet resistance: a partner withdraws, a budget is cut, a minister changes. Keep a short log of what
happened and what you tried. In the final session, participants often learn more from a well-analysed setback than
from a smooth success, and the log helps you adapt the plan rather than abandon it.

## Sharing results

Present your plan in the final live session. Strong projects are invited to the CAI leadership network's annual
forum, where partner institutions look for collaborations to support.
"""

LEAD = DemoCourse(
    slug="environmental-leadership-collaboration",
    title="Environmental leadership for government-industry-academia collaboration",
    summary=(
        "Lead change where no one is in charge: adaptive leadership, triple-helix partnerships, negotiation "
        "and stakeholder engagement, and your own leadership project."
    ),
    description="""\
For mid-career professionals from ministries, companies, universities and NGOs who are expected to lead
environmental change across organisational boundaries. Drawing on Japan's experience of pollution control
agreements and on collaborations across Asia, the course covers adaptive leadership, how to design
government-industry-academia partnerships, and negotiation and stakeholder engagement.

Participants are nominated by partner institutions and confirmed by the instructors. The optional final module
guides you through a leadership project with peer coaching.
""",
    language="en",
    level="intermediate",
    hours="10",
    objectives=("leadership", "partnerships"),
    institutions=(("KGSES", "host"), ("NCM", "co-host"), ("MOEJ", "co-host"), ("KGSES", "certifying")),
    instructors=(INSTRUCTOR, "meera.iyer@cai-demo.org"),
    modules=(
        DemoModule("What environmental leaders do", 45, ("leadership",), LEAD_1),
        DemoModule("Designing government-industry-academia collaboration", 50, ("leadership", "partnerships"), LEAD_2),
        DemoModule("Negotiation and stakeholder engagement", 50, ("leadership", "partnerships"), LEAD_3),
        DemoModule("Your leadership project", 40, ("leadership",), LEAD_4, required=False),
    ),
    mode="approval",
    capacity=20,
    dates=(10, 56),
)

COURSES = (EGS, LEAD)
