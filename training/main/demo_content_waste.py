"""Demo course texts for objective 2: municipal waste and the 3Rs, and e-waste trade."""

from __future__ import annotations

from training.main.demo_course_spec import DemoCourse, DemoModule

INSTRUCTOR = "instructor@cai-demo.org"

# --- Municipal solid waste and the 3Rs ------------------------------------------------------------------------

MSW_1 = """\
## The waste hierarchy

The waste hierarchy ranks options from most to least preferred. It is not a rigid law, since local conditions
matter, but it is the right starting question for every decision: *can we move this material one step up?*

1. **Prevention**: the waste is never produced (durable goods, less packaging, food not wasted).
2. **Reduce and reuse**: refill systems, repair shops, second-hand markets.
3. **Recycling**, including composting of organic waste.
4. **Recovery**: energy from waste that cannot be recycled.
5. **Disposal**: sanitary landfill, the last resort, but a necessary one.

The **3Rs** (reduce, reuse, recycle) are the top of the hierarchy in a form easy to explain to the public. They were
launched as an international initiative at the G8 summit in 2004 on Japan's proposal, and the Regional 3R Forum in
Asia and the Pacific has met since 2009.

## Why it matters in Asia

Cities in Asia produced a large share of the world's roughly two billion tonnes of municipal solid waste a year,
and the total keeps growing with income and urbanisation. In many cities:

- **Organic waste is 40-60%** of the total: food and garden waste that rots in dumps, produces methane and
  leachate, and attracts pests.
- **Collection coverage is incomplete**, especially in informal settlements; uncollected waste is burned or ends
  up in rivers and the sea.
- **Open dumps** are still common; fires and landslides at dumpsites have killed people.

## What a sound material-cycle society means

A sound material-cycle society keeps materials in use at their highest value and returns what is left safely to
nature. Japan's Fundamental Law for Establishing a Sound Material-Cycle Society (2000) set the hierarchy in law and
set national targets for **resource productivity**, **cyclical use rate** and **final disposal amount**, three
indicators any country can measure.

## The role of a municipal official

You will not be able to do everything at once. A realistic first plan usually:

- secures safe collection and disposal for everyone (public health first);
- separates organic waste, the biggest and wettest stream, for composting or digestion;
- supports recycling markets rather than building a plant for every material;
- works with producers on packaging and products that are hard to manage.
"""

MSW_2 = """\
## Why survey before you plan

Plans built on guessed waste quantities fail in predictable ways: a composting plant sized for waste that is not
separated, an incinerator designed for waste that is too wet to burn, trucks that fill up halfway through the
route. A **generation and composition survey** costs little compared with these mistakes.

## Generation

Generation is usually expressed in kilograms per person per day. Values range widely: below 0.5 kg in some
low-income areas, well above 1 kg in wealthy districts, with markets, hotels and offices adding their own streams.
Measure at several points:

- **Households**, sampled by income level and housing type, for 7-8 consecutive days (the first day's waste is
  often discarded because it contains an unknown number of days' waste).
- **Commercial and institutional sources**: markets, restaurants, schools.
- **Weighbridge data** at the disposal site, if there is one, to check the totals.

## Composition

A typical method: collect a truckload from a representative route, mix it, reduce it by **quartering** (divide the
pile in four, keep two opposite quarters, repeat) to about 100 kg, then sort it by hand into categories and weigh
each one. Repeat in dry and wet seasons.

| Category | What to look for | Why it matters |
|---|---|---|
| Food and garden waste | share, moisture | composting, digestion, methane at landfills |
| Paper and cardboard | clean or soiled | recycling value |
| Plastics (by type) | films, bottles, multilayer | recycling markets, marine litter |
| Glass and metals | colour, cans | high recycling value |
| Textiles, rubber, wood | | fuel value, bulky waste |
| Hazardous household waste | batteries, lamps, chemicals | separate collection |
| Fines and inert | sand, ash | weight without value |

## Physical and chemical properties

If energy recovery is considered, also measure **moisture content**, **bulk density** and the **lower calorific
value**. Wet, organic-rich waste may not burn without support fuel, a point taken up in the course on
waste-to-energy.

## Using the results

Put the numbers into a simple mass-balance diagram: generated, collected, recycled (formally and informally),
treated, disposed, and leaked. The leaks, waste burned or dumped, are where the first investments should go.
"""

MSW_3 = """\
## Separation at source

Separation works when it is **simple, consistent and visibly used**. Residents stop separating as soon as they see
a collection truck tip both bins into one compartment.

- Start with two or three streams: *organic*, *recyclable*, *residual*. Add more only when the first work.
- Match the collection schedule to the streams: organics often, recyclables weekly.
- Explain with pictures, in local languages; involve schools, religious and community leaders.
- Use neighbourhood volunteers or "waste ambassadors" in the first months.

## Collection and transfer

Collection is usually the largest cost of a waste system, often more than half. Efficient routes, the right vehicle
size for narrow streets, and **transfer stations** where small vehicles unload into large ones for long trips can
cut costs sharply. Monitor kilograms collected per crew-hour and per litre of fuel.

## Material recovery facilities

A material recovery facility (MRF) sorts recyclables into marketable grades. A low-technology MRF with a
sorting belt and balers can work well if recyclables arrive reasonably clean. Sorting mixed waste is far
less productive.

## The informal sector

In many Asian cities, waste pickers and junk shops recover most of what is recycled, at no cost to the city. A
plan that ignores them destroys livelihoods and often the recycling rate too. Good practice includes:

- registering waste pickers and giving them identity cards and safe access to sorting areas;
- contracting cooperatives for door-to-door collection of recyclables;
- providing protective equipment, health checks and schooling for children.

## Extended producer responsibility

Under **extended producer responsibility (EPR)** producers pay for, or organise, the collection and recycling of
their products after use. Japan's Containers and Packaging Recycling Act (1995) divided the work: residents separate,
municipalities collect, producers pay for recycling. Several Asian countries now have or are preparing EPR for
packaging. For a city, EPR brings money and a partner; for producers, it is an incentive to design packaging that
can actually be recycled.
"""

MSW_4 = """\
## The biggest stream

Organic waste is usually the largest and heaviest part of municipal waste in Asia. Taking it out of the residual
stream makes everything else easier: dry recyclables stay cleaner, landfills produce less methane and leachate, and
incinerators burn better.

## Composting

Composting is aerobic decomposition. It needs four things in balance:

| Factor | Target | If wrong |
|---|---|---|
| Carbon to nitrogen ratio | about 25-30 to 1 | too much nitrogen smells of ammonia; too much carbon is slow |
| Moisture | 50-60% (feels like a wrung-out sponge) | too wet turns anaerobic and smells; too dry stops |
| Oxygen | turning or forced aeration | anaerobic pockets, odour |
| Temperature | above 55 degrees C for several days | pathogens and weed seeds survive |

Options range from home and community bins to open **windrows** turned by machine, to in-vessel systems in cities
short of space. Windrows are cheap and robust; their weak point is odour if they are badly managed.

## Anaerobic digestion

Digestion breaks down organic waste without oxygen and produces **biogas** (mostly methane and CO2) and a digestate
that can be used as fertiliser. It suits wet, homogeneous food waste from markets, restaurants and food industries.
It needs more skill and capital than composting, and clean input: plastics and grit cause most operating problems.

## Product quality decides success

Compost nobody wants is just another waste. To build demand:

- keep glass, plastic and metals out (source separation is far better than sorting afterwards);
- test for heavy metals and pathogens against a national or voluntary standard;
- sell to farms, landscaping, land restoration and the city's own parks;
- count the avoided landfill costs and methane when judging whether a plant pays.

## Starting small

Many cities start with market waste: it is concentrated, mostly organic, and collected by a few trucks. A market
composting project shows residents and council members that separation works before the city scales up.
"""

MSW_5 = """\
## Who pays

Waste services are paid from general taxes, from fees, or from a mix. Fees work best when people see the service
improve at the same time.

- **Flat fees** collected with electricity or water bills have high collection rates.
- **Pay-as-you-throw**: residents buy official bags or stickers for residual waste, while recyclables are
  collected free. Several Japanese, Korean and Taiwanese cities saw residual waste fall noticeably after
  introducing such schemes.
- **Tipping fees** at disposal sites make commercial generators pay for what they dispose.

## Costs to know

Keep a simple account per tonne for each step: collection, transfer, treatment, disposal. Without it, every
option looks cheaper than it is.

## Indicators

| Indicator | Definition |
|---|---|
| Collection coverage | share of households with regular collection |
| Recycling rate | tonnes recycled (including composted) / tonnes generated |
| Diversion rate | tonnes not sent to disposal / tonnes generated |
| Controlled disposal | share disposed in an engineered, operated site |
| Cost per tonne | by step and in total |
| Complaints | per 1,000 households per month |

Report informal recycling too, even as an estimate; leaving it out understates what the city already achieves.

## Spending wisely

Investments that look impressive are not always the ones that help most. A new treatment plant is visible; better
collection routes, a repaired weighbridge and trained supervisors are not, but they often give more improvement per
unit of money. Before approving a large facility, ask three questions: is the waste it needs actually collected and
separated, who will pay its operating costs for twenty years, and what happens to the residues?

## A 3R programme in one page

1. Baseline from the survey in module 2.
2. Three priority actions with a target each (e.g. organic separation in two districts within a year).
3. The budget and who pays.
4. Indicators above, published every year.
"""

MSW = DemoCourse(
    slug="municipal-solid-waste-3rs",
    title="Municipal solid waste and the 3Rs",
    summary=(
        "From the waste hierarchy to separate collection, composting and extended producer responsibility: "
        "a practical course for city waste managers."
    ),
    description="""\
An introduction for municipal officials, waste-company staff and community organisers who manage, or want to
improve, a city's solid waste. It follows the material from households to its final destination and shows where
reduce, reuse and recycle (the 3Rs) change the outcome.

Modules cover the waste hierarchy, generation and composition surveys, separation and collection with the informal
sector, composting and digestion of organic waste, and an optional module on financing and indicators.
Self-paced.
""",
    language="en",
    level="introductory",
    hours="8",
    objectives=("material-cycle",),
    institutions=(("RCCEA", "host"), ("NWR", "co-host"), ("KGSES", "certifying")),
    instructors=(INSTRUCTOR, "nurul.aisyah@cai-demo.org"),
    modules=(
        DemoModule("The waste hierarchy and the 3Rs", 40, ("material-cycle",), MSW_1),
        DemoModule("Knowing your waste: generation and composition", 50, ("material-cycle", "monitoring"), MSW_2),
        DemoModule("Separation, collection and the informal sector", 50, ("material-cycle", "partnerships"), MSW_3),
        DemoModule("Composting and digestion of organic waste", 45, ("material-cycle", "low-carbon"), MSW_4),
        DemoModule(
            "Financing and measuring a 3R programme", 35, ("material-cycle", "leadership"), MSW_5, required=False
        ),
    ),
)

# --- E-waste and the transboundary movement of circulative resources ------------------------------------------

EWASTE_1 = """\
## A growing stream with two faces

Electrical and electronic waste (e-waste) is one of the fastest-growing waste streams in the world: about 62 million
tonnes in 2022, of which less than a quarter was documented as properly collected and recycled. Asia generates the
largest share and also receives and processes a great deal of it.

E-waste has two faces:

- **A resource**: a tonne of mobile phone circuit boards contains far more gold than a tonne of typical gold ore,
  plus copper, silver, palladium and rare earths.
- **A hazard**: lead in old cathode-ray tube glass and solder, mercury in lamps and old flat-screen backlights,
  cadmium in batteries, brominated flame retardants in plastics, refrigerant gases that damage the ozone layer and
  the climate.

| Component | Valuable content | Hazard if mishandled |
|---|---|---|
| Printed circuit boards | gold, silver, copper, palladium | lead, flame retardants, dioxins when burned |
| Cables | copper | dioxins and furans from open burning of insulation |
| CRT monitors | little | lead in the glass |
| Fridges and air conditioners | steel, copper | CFC/HCFC/HFC refrigerants and foams |
| Lamps and backlights | little | mercury |
| Lithium-ion batteries | cobalt, nickel, lithium | fires and explosions |

## Informal recycling

Where recycling is informal, workers burn cables in the open to recover copper, and leach circuit boards with
acid in backyards. Studies at such sites in Asia and Africa have found high lead levels in children's blood and
dioxins in soil, eggs and breast milk. The metals recovered are a fraction of what a modern smelter would get.

## The policy goal

The goal is not to stop trade in used electronics or scrap, but to make sure that:

1. hazardous e-waste moves only with the **consent** of the countries involved and goes to **environmentally sound**
   facilities;
2. legitimate trade in reusable equipment and secondary raw materials, which raises resource productivity
   across Asia, is not blocked;
3. illegal shipments disguised as "second-hand goods" are detected and returned.
"""

EWASTE_2 = """\
## The Basel Convention in brief

The Basel Convention on the Control of Transboundary Movements of Hazardous Wastes and their Disposal was adopted
in 1989 and entered into force in 1992. Almost every country is a Party. Its core ideas:

- **Minimise** generation and transboundary movement of hazardous wastes.
- **Prior informed consent (PIC)**: an export may take place only after the country of export has notified the
  countries of import and transit, and they have consented in writing.
- **Environmentally sound management (ESM)** at the destination; exports must be refused if the exporting
  country has reason to believe the waste will not be managed in an environmentally sound way.
- **Illegal traffic is criminal**, and the exporting state must take back an illegal shipment.

## How e-waste fits in

Wastes are classified in annexes. For e-waste, the key entries were long **A1180** (hazardous e-waste, Annex VIII)
and **B1110** (e-waste presumed non-hazardous, Annex IX). Amendments adopted in 2022 changed this: since
**1 January 2025** all e-waste, hazardous or not, is subject to the PIC procedure between Basel Parties. Check
your country's notification forms and customs guidance against the current text.

## Waste or not waste?

The hardest question at the border is whether a shipment of used equipment is *waste* or *goods for reuse*. The
Basel technical guidelines on e-waste suggest evidence that used equipment is not waste, for example:

- each item has been **tested and found functional**, with a record of the test;
- it is **protected** against damage in transport (packed, not loose and broken);
- there is a **contract** of sale for reuse, and a declaration by the exporter.

Equipment sent for **repair or failure analysis** under a valid contract may also fall outside waste rules, under
strict conditions.

## The procedure step by step

1. The exporter's competent authority sends a **notification** to the import and transit authorities.
2. They reply with consent, conditions or refusal, usually within 60 days.
3. The shipment travels with a **movement document**.
4. The disposer confirms receipt, and later **completion of recovery**.

## Other agreements to know

Stricter rules apply on top of the Convention: for the Parties that ratified it, the **Ban Amendment** (in force
since 2019) prohibits exports of hazardous waste from OECD and EU countries and Liechtenstein to all other
countries, and many Asian countries have national import bans on specific e-waste.
"""

EWASTE_3 = """\
## Customs is the front line

Most illegal shipments are detected, if at all, by customs and port authorities. They rarely see the word "waste"
on a declaration; they see "used computers", "spare parts" or "mixed metal scrap".

## Classifying correctly

Since **HS 2022**, heading **85.49** covers *electrical and electronic waste and scrap*, with subheadings that
separate scrap containing batteries, lamps or CRTs. This gives customs a clear code to declare and, for the first
time, trade statistics that show e-waste flows. Misdeclaration under ordinary product codes remains the most common
route for illegal shipments.

## Risk profiling

| Signal | Why it is suspicious |
|---|---|
| Old, low-value equipment declared at a high value | to look like a genuine used-goods trade |
| Mixed loads of different appliance types | reuse markets buy specific models |
| Loose loading, no packaging, visible damage | not protected for reuse |
| Exporter with no history or a trading company address | shell companies |
| Route with several transhipments | to hide the origin |

## Inspection

A targeted physical inspection checks packing, labels, a sample of items for function, and the presence of
batteries, CRTs or refrigerants. Photograph everything and keep samples: a case may go to court.

## Working across borders

Illegal traffic cannot be controlled by one country. The **Asian Network for Prevention of Illegal Transboundary
Movement of Hazardous Wastes**, set up in 2003 on Japan's initiative, links Basel competent authorities in the
region to share information, alerts and training. Bilateral contacts between customs offices of exporting and
importing ports are just as valuable: a phone call before a container is unloaded can prevent a return shipment
that costs months.

## When a shipment is illegal

1. Detain the container and notify the competent authority.
2. Contact the authority of the country of export through the Basel focal point.
3. Arrange the take-back at the exporter's cost; document every step.
4. Share the case (anonymised if needed) through the regional network so that others can spot the same pattern.
"""

EWASTE_4 = """\
## Extended producer responsibility for electronics

Legitimate recycling needs money for collection and for the parts that cost more to treat than they are worth
(CRT glass, plastics with flame retardants, refrigerants). EPR makes producers and importers finance this.

| Country | Scheme | Key feature |
|---|---|---|
| Japan | Home Appliance Recycling Act (2001) | consumers pay a fee at disposal; makers take back four appliance types |
| Japan | Small Home Appliance Recycling Act (2013) | certified operators collect phones, cameras, small devices |
| India | E-Waste (Management) Rules 2022 | producers meet targets with EPR certificates from registered recyclers |
| Viet Nam | Law on Environmental Protection 2020 | EPR for electronics and other products, with a fund option |

The four appliance types under Japan's law are air conditioners, televisions, refrigerators and freezers, and
washing machines and clothes dryers; manufacturers must meet legal recycling rates for each.

## Environmentally sound management in the facility

Whether e-waste is recycled at home or imported, the recycler should meet ESM criteria:

- an environmental management system and a permit that lists the wastes accepted;
- depollution first: remove batteries, capacitors, mercury lamps, CRT glass and refrigerants by hand or machine
  before shredding;
- downstream due diligence: know where each fraction goes, to the final smelter or disposal site;
- worker protection, health monitoring and training;
- records that allow a regulator to follow a tonne in and out.

## Integrating informal collectors

Informal collectors are good at finding and buying used equipment; the harm comes from burning and acid leaching.
Successful programmes let them keep the collection business and sell to registered dismantlers, who in turn send
boards and batteries to certified refiners.

## Facilitating legitimate trade

The Clean Asia Initiative aims at a regional sound material-cycle block: scrap and secondary materials should move
to the facilities in Asia that recover them best, with paperwork that is fast for good operators and strict for
everyone. Pre-consent procedures for recognised facilities, electronic notification systems and mutual recognition
of facility audits are tools several countries are exploring.
"""

EWASTE_5 = """\
## The scenario

A customs officer at a regional port flags a 40-foot container declared as "used computer monitors and spare
parts for repair", consigned to a trading company. The declared value is unusually high per unit. The exporter has
shipped twice before to two other countries in the region.

## Your tasks

1. **Plan the inspection**: what do you look for, who must be present, what do you photograph?
2. **Decide**: the inspection finds 600 CRT monitors, loosely stacked, many with cracked screens, and no test
   records. Is this waste under the Basel Convention? Which annex entry applies? Which HS heading should have been
   declared?
3. **Act**: draft the message to the Basel competent authority of the exporting country. What do you ask for?
4. **Prevent**: which signals would you add to your risk profile, and which partner would you share them with?

## Discussion points

- What would change if every monitor worked and had a test certificate?
- How would you handle an exporter who offers to "re-export to another buyer" instead of taking the container back?
- What does it cost your port to store a container for three months, and who should pay?

Post your answers in the course forum; the instructor will comment on each.

## What a good answer covers

A strong answer distinguishes the legal questions (is it waste, which entry, who is responsible) from the
practical ones (storage, safety, costs, evidence), names the competent authorities and customs contacts to involve,
and proposes at least one change to risk profiling or regional information sharing that would catch the next
shipment earlier. Remember that CRT glass contains lead: damaged monitors stored in the open can contaminate the
port area, so temporary storage conditions are part of the answer.
"""

EWASTE = DemoCourse(
    slug="e-waste-transboundary-movement",
    title="E-waste and the transboundary movement of circulative resources",
    summary=(
        "Basel Convention rules, customs controls and extended producer responsibility for e-waste: stopping "
        "illegal shipments while keeping legitimate recycling trade moving."
    ),
    description="""\
For Basel competent authorities, customs and port officers, and managers of recycling companies. E-waste is both a
valuable resource and a hazardous waste, and it moves across Asia in large volumes. This course explains the rules
that govern those movements (the Basel Convention, including the 2025 e-waste amendments), how shipments are
classified and inspected, and how extended producer responsibility and certified recyclers make legitimate
recycling pay.

The course runs as a cohort with a fixed timetable; places are confirmed by the instructors.
""",
    language="en",
    level="advanced",
    hours="10",
    objectives=("material-cycle", "environment-trade"),
    institutions=(("MoEFCC", "host"), ("RCCEA", "co-host"), ("IISS", "certifying")),
    instructors=("meera.iyer@cai-demo.org", INSTRUCTOR),
    modules=(
        DemoModule("E-waste: resource and hazard", 40, ("material-cycle",), EWASTE_1),
        DemoModule("The Basel Convention and e-waste", 60, ("material-cycle", "environment-trade"), EWASTE_2),
        DemoModule("Customs controls and regional cooperation", 50, ("environment-trade", "partnerships"), EWASTE_3),
        DemoModule(
            "Extended producer responsibility and sound recycling", 50, ("material-cycle", "green-market"), EWASTE_4
        ),
        DemoModule("Case exercise: a suspicious container", 45, ("environment-trade",), EWASTE_5, required=False),
    ),
    mode="approval",
    capacity=25,
    dates=(-14, 70),
    certificate_mode="approval",  # IISS checks each completion of this advanced course before certifying it
)

COURSES = (MSW, EWASTE)
