"""Demo course texts for objective 3 and partnerships: biodiversity monitoring, adaptation, ecological networks."""

from __future__ import annotations

from training.main.demo_course_spec import DemoCourse, DemoModule

INSTRUCTOR = "instructor@cai-demo.org"

# --- Biodiversity monitoring networks -------------------------------------------------------------------------

BIO_1 = """\
## Questions before methods

Monitoring programmes fail most often not because of bad equipment but because nobody wrote down what question
the data should answer. Before choosing camera traps or DNA kits, agree on:

- **The decision** the data will inform: where to put a wildlife corridor, whether a restoration project works,
  whether a protected area is losing species.
- **The indicator**: what, exactly, will be measured (occupancy of a species, forest cover, number of bird
  species per point count).
- **The change you need to detect**: for example a 30% decline over ten years, with a stated confidence.
- **Who will use the results**, and in what format.

## Essential biodiversity variables

The biodiversity observation community has agreed on **essential biodiversity variables (EBVs)**, a short list of
measurements that, taken together, describe the state of biodiversity and can be compared across places:

| EBV class | Example measurement |
|---|---|
| Genetic composition | genetic diversity of a threatened population |
| Species populations | occupancy or abundance of target species |
| Species traits | body size, flowering time (sensitive to climate change) |
| Community composition | species list from eDNA or point counts |
| Ecosystem structure | forest cover and fragmentation from satellites |
| Ecosystem function | primary productivity, decomposition |

## Reporting obligations

The **Kunming-Montreal Global Biodiversity Framework** (2022) asks countries to report progress on 23 targets with
a set of headline indicators. National monitoring designed around EBVs makes this reporting a by-product of work
that also serves local decisions, rather than a separate exercise.

## Baselines and statistical power

A trend needs a baseline, repeated with the **same method** at the **same sites**. Decide the number of sites
with a simple power analysis: too few sites and a real decline stays invisible; too many and the programme cannot
be sustained after the first project ends. A modest design that runs for twenty years is worth more than an
ambitious one that runs for two.

## Monitoring and climate change

Long-term series also show how biodiversity responds to climate change: shifts in flowering and migration dates,
species moving uphill, coral bleaching. They are the evidence base for adaptation, which is why the Clean Asia
Initiative links biodiversity monitoring with climate observation.
"""

BIO_2 = """\
## Camera traps

A camera trap takes a photograph or video when a warm animal moves in front of its sensor. For medium and large
mammals and ground birds it has become the standard survey tool in Asian forests.

**Design choices**

- **Grid**: place cameras on a regular grid (often 1-2 km spacing for medium-sized mammals) so that results
  represent the area, not just the best trails.
- **Duration**: 30-60 days per station is common; longer for rare species, but not so long that the population
  changes during the survey.
- **Placement**: about 30-50 cm above ground, facing along a game trail, away from direct sun; note the exact
  position and habitat.
- **Effort**: record camera-days (trap-nights) per station, including days a camera failed.

**From photos to numbers**

Detection is imperfect: an animal may be present and never pass the camera. **Occupancy models** use repeated
detection histories to estimate both the probability a site is occupied and the probability of detecting the
species when it is there. For species with individual markings (tigers, leopards, clouded leopards),
**capture-recapture** gives population density.

## Handling the images

A survey of 60 cameras can produce hundreds of thousands of images. Plan from the start:

- a naming convention and backup routine before the first card comes back;
- automated classifiers to remove empty frames and suggest species, with a human check of every
  identification used in analysis;
- rules for sensitive species: never publish the exact location of a pangolin or a tiger.

## Acoustic monitoring

Autonomous sound recorders capture birds, frogs, insects, bats (with ultrasonic microphones) and even gunshots or
chainsaws. They run for weeks on batteries and work at night and in dense vegetation where cameras see little.
Indices of acoustic diversity give a quick picture of community change; species identification needs reference
recordings and, increasingly, machine learning.

| Method | Best for | Main cost |
|---|---|---|
| Camera traps | mammals, ground birds | equipment, image processing |
| Acoustic recorders | birds, frogs, bats, insects | storage, sound analysis |
| Point counts by observers | birds | trained people every visit |
"""

BIO_3 = """\
## What eDNA is

Every organism sheds DNA into its surroundings: skin cells, mucus, faeces, gametes. **Environmental DNA (eDNA)**
methods collect water, soil or even air and identify the species whose DNA is in it. A litre of river water can
reveal most of the fish species living upstream, including shy or rare ones that nets and divers miss.

## Two approaches

- **Targeted detection (qPCR)**: tests for one species with specific primers. Very sensitive; suited to
  detecting an invasive species early or confirming a threatened species.
- **Metabarcoding**: amplifies a short DNA region shared by a whole group (for example the 12S region for fish,
  with the MiFish primers developed in Japan), sequences it and compares the results with a reference library.
  One sample gives a species list.

## Field protocol

1. Filter water on site (often 1-2 litres through a fine filter) or preserve it immediately on ice.
2. Wear gloves, use single-use or bleached equipment, and collect upstream sites before downstream ones.
3. Take a **field blank**, clean water handled exactly like a sample, with every batch; it reveals contamination.
4. Record site, time, volume filtered, water temperature and turbidity.
5. Keep filters frozen or in preservative until extraction.

## Limits to understand

| Question | What eDNA can say |
|---|---|
| Is the species present? | yes, with good sensitivity, if it is in the reference library |
| How many individuals? | only roughly; DNA quantity depends on size, activity, temperature, flow |
| Is it alive and here now? | usually recent, since DNA breaks down in days in warm water, but it can drift downstream |
| Which individual, sex or age? | no, with standard methods |

The biggest gap in Asia is the **reference library**: many species have no sequence yet, so results come back as
"unknown fish". Sampling museum and voucher specimens to fill the library is itself a useful regional project.

## Cost and combination

eDNA is cheap per site compared with traditional surveys, which lets a programme cover many more sites. It works
best combined with cameras or visual surveys at a subset of sites to interpret the signals.
"""

BIO_4 = """\
## From projects to a network

Many biodiversity data sets in Asia are collected by single projects and disappear when the project ends. A
monitoring **network** keeps them alive: shared methods, shared data standards and partners who stay.

## Standards that make data comparable

- **Protocols**: the same camera height, survey duration and eDNA filtration volume across sites; write them down
  and version them.
- **Darwin Core**: the common standard for species occurrence records (who, what, where, when, how).
- **Publishing**: the Global Biodiversity Information Facility (GBIF) publishes occurrence data openly; national
  nodes help institutions do so.
- **Licences**: choose an open licence (CC0 or CC BY) so others can reuse the data; generalise coordinates of
  sensitive species.

## Who does what

| Partner | Typical role |
|---|---|
| National ministry | sets priorities, funds core sites, reports to the CBD |
| Protected-area managers | run field surveys, use results in management |
| Universities and museums | design, analysis, reference collections, training |
| Local communities and citizen scientists | observations, local knowledge, long-term presence |
| Companies | data from their concessions, funding, technology |
| Regional networks | common methods, comparison across countries, capacity building |

The **Asia-Pacific Biodiversity Observation Network (AP-BON)**, launched in 2009, brings together scientists and
agencies in the region to share methods and data, and links national work with the global GEO BON community.

## Citizen science

Apps that record observations with photos and location let thousands of people contribute. Data quality improves
with community identification and expert review. Citizen science also builds public support: people protect what
they have seen and recorded.

## Keeping a network alive

- A small secretariat with stable funding, even if it is only two people.
- An annual meeting where data producers see what their data became.
- Recognition: co-authorship, certificates and training for field staff and volunteers.
- Agreements on data ownership signed before data are collected, not after.
"""

BIO = DemoCourse(
    slug="biodiversity-monitoring-networks",
    title="Biodiversity monitoring networks",
    summary=(
        "Camera traps, acoustic recorders and environmental DNA, and how to join them into monitoring networks "
        "that last beyond a single project."
    ),
    description="""\
For protected-area staff, ecologists in ministries and universities, and conservation NGOs. The course starts
from the questions monitoring must answer, then covers the main field methods used in Asia today, camera traps,
sound recorders and environmental DNA, with their strengths and limits. The last module is about building
networks: shared protocols, data standards and partnerships between agencies, scientists and communities.

A small cohort with live discussion sessions; places are limited.
""",
    language="en",
    level="intermediate",
    hours="10",
    objectives=("nature-adaptation", "monitoring", "partnerships"),
    institutions=(("UASM", "host"), ("GEN-PH", "co-host"), ("APREO", "certifying")),
    instructors=(INSTRUCTOR, "nurul.aisyah@cai-demo.org"),
    modules=(
        DemoModule("Why monitor: questions, indicators and baselines", 45, ("nature-adaptation", "monitoring"), BIO_1),
        DemoModule("Camera traps and acoustic monitoring", 60, ("nature-adaptation", "monitoring"), BIO_2),
        DemoModule("Environmental DNA", 60, ("nature-adaptation", "monitoring"), BIO_3),
        DemoModule("Networks, data standards and partnerships", 45, ("partnerships", "monitoring"), BIO_4),
    ),
    capacity=3,
    dates=(-10, 60),
)

# --- Climate adaptation infrastructure ------------------------------------------------------------------------

ADAPT_1 = """\
## Risk is more than hazard

Climate risk arises from three things together:

- **Hazard**: a flood, storm surge, heatwave or drought, and how climate change alters its frequency and strength.
- **Exposure**: the people, buildings, roads and farms in harm's way.
- **Vulnerability**: how badly they are affected and how well they recover: building quality, income, health,
  access to warnings and insurance.

Infrastructure can act on all three: a dike reduces the hazard reaching a city, land-use rules reduce exposure,
and an early warning system reduces vulnerability.

## What changes with the climate

Infrastructure is designed for a **design event**, often expressed as a return period: a drain for the 1-in-10
year rain, a dike for the 1-in-100 year flood. Those statistics were derived from the past. With a warming climate,
heavy rainfall becomes more intense (roughly 7% more moisture in the air per degree of warming), sea level
rises and what was a 1-in-100 year flood may become a 1-in-20 year flood within the life of the asset.

## Using climate projections

- Use a range of **scenarios** (for example the shared socio-economic pathways used by the IPCC), not one number.
- Downscaled projections for your region are useful but uncertain, especially for rainfall extremes.
- For long-lived assets (dikes, bridges, ports: 50-100 years) the uncertainty is large; design must handle it,
  as the third module shows.

## A first risk screening

| Step | Question |
|---|---|
| 1. Hazards | which climate hazards affect the asset or area now, and how may they change? |
| 2. Exposure | what lies in the affected area, now and in 30 years of urban growth? |
| 3. Vulnerability | who suffers most, and why? |
| 4. Consequences | deaths, damage, loss of services, knock-on effects |
| 5. Priorities | where is risk high and action feasible? |

## Deltas and coasts in Asia

Many of Asia's largest cities and food baskets lie in deltas (Mekong, Ganges-Brahmaputra, Chao Phraya) where land
subsidence from groundwater pumping adds to sea-level rise. In some places subsidence is faster than the sea is
rising. Adaptation there starts with groundwater management, not only with higher walls.
"""

ADAPT_2 = """\
## Three families of measures

| Type | Examples | Strengths | Weaknesses |
|---|---|---|---|
| Hard (grey) | dikes, sea walls, drains, reservoirs | predictable, clear standards | costly, rigid, may shift risk |
| Soft | early warning, zoning, building codes, insurance | cheap, flexible | needs institutions and enforcement |
| Nature-based | mangroves, wetlands, floodplains | co-benefits; can grow with sea level | less certain, needs space |

## Hard infrastructure

Grey infrastructure is indispensable where large populations and assets must be protected. Design it to be
**upgradeable**: foundations wide enough to raise a dike later, drainage with space for bigger pumps. Beware the
*levee effect*: protection attracts development behind it, so a rare failure causes larger losses.

## Soft measures

Early warning systems have saved many lives in Asia's cyclone-prone coasts. A complete system has four links,
and fails if any one breaks: **risk knowledge**, **monitoring and forecasting**, **dissemination** of warnings that
people understand and trust, and **response capability** (shelters, evacuation routes, drills).

## Nature-based solutions

- **Mangroves** reduce wave height and erosion and trap sediment; a healthy belt several hundred metres wide
  protects coasts while supporting fisheries. Replanting succeeds only where the tide and sediment conditions
  suit mangroves.
- **Wetlands and floodplains** store floodwater; giving rivers room reduces peaks downstream.
- **Urban green and blue space** ("sponge city" designs) lets rain soak in, cools streets during heatwaves and
  reduces the load on drains.

## Hybrid designs

The most robust schemes combine families: a mangrove belt in front of a lower dike, drainage plus retention ponds
plus zoning that keeps new housing off the lowest land. Hybrid designs often cost less over their life than a
purely grey solution.
"""

ADAPT_3 = """\
## The problem with a single design number

If you design a sea wall for 0.5 m of sea-level rise and the sea rises 1 m, the wall fails; if the sea rises 0.3 m,
you have spent too much. Long-lived infrastructure faces **deep uncertainty**: we cannot assign reliable
probabilities to the futures that matter.

## Principles for decisions under uncertainty

1. **No-regret measures first**: actions worth doing under any climate future, such as early warning, maintenance
   of drains, protecting mangroves, and stopping groundwater over-pumping.
2. **Robustness**: prefer options that perform acceptably across many futures over the option that is best in one.
3. **Flexibility**: design so that the next step is cheap, for example space reserved for a higher dike.
4. **Safety margins where failure is catastrophic**: hospitals, power substations and evacuation routes.

## Adaptation pathways

An **adaptation pathway** lays out a sequence of measures and the conditions that trigger the switch from one
to the next. Each measure has an **adaptation tipping point**, the amount of change at which it no longer meets
its objective.

| Measure | Works until | Then switch to |
|---|---|---|
| Maintain existing dike and drains | 0.3 m sea-level rise | raise dike by 1 m |
| Raised dike | 0.8 m sea-level rise | storm-surge barrier or managed retreat of low areas |
| Mangrove restoration (in parallel) | keeps pace with moderate rise if sediment supply continues | combine with dike |

The plan for the Thames Estuary in London is a well-known example: it defines indicators (sea level, peak surge,
river flows), monitors them, and sets decision points decades ahead.

## Monitoring the triggers

A pathway is only useful if someone watches the indicators: tide gauges, land subsidence surveys, rainfall
records, and the performance of existing works after each event. Assign that task to a named agency and review the
pathway every five to ten years.

## Your exercise

For an asset in your area (a port, a district drainage system, a coastal road), list three measures, estimate
each one's tipping point roughly, and sketch the order in which you would use them.
"""

ADAPT_4 = """\
## Appraising adaptation

Adaptation spending competes with schools and hospitals, so it must show value.

- **Cost-benefit analysis**: benefits are the **damages avoided**, estimated from flood maps, depth-damage curves
  and the value of exposed assets, over the asset's life and across climate scenarios. Count co-benefits such as
  fisheries from mangroves or recreation in flood parks.
- **Cost-effectiveness**: when benefits are hard to value (lives, culture), compare the cost of reaching a target
  such as "no household flooded more than once in 20 years".
- **Multi-criteria analysis**: scores options on several criteria with weights agreed with stakeholders;
  transparent, but the weights must be discussed openly.

Discounting matters: a high discount rate makes long-term protection look cheap to skip. Show results at more than
one rate.

## Sources of finance

| Source | Typical use |
|---|---|
| National and local budgets | maintenance, soft measures, co-financing |
| Multilateral development banks | large infrastructure with climate screening |
| Green Climate Fund, Adaptation Fund | projects in developing countries, often with a community focus |
| Insurance and risk pools | fast money after disasters; incentives for risk reduction |
| Private investors | where assets earn revenue: ports, water utilities, resilient buildings |

Funders increasingly ask for a clear **climate rationale** (how the project responds to projected change) and for
benefits to vulnerable groups.

## Monitoring and evaluation

Track outputs (kilometres of dike raised, hectares of mangrove restored), outcomes (flood days, people evacuated in
time) and the indicators that trigger the next step of the pathway. Evaluate after real events: a flood is also a
test of the system.

## Governance

Adaptation crosses ministries: water, transport, housing, agriculture, environment, finance. Successful countries
give one body the mandate to coordinate, set common climate assumptions for all agencies, and require a climate
risk screening for every major public investment.
"""

ADAPT = DemoCourse(
    slug="climate-adaptation-infrastructure",
    title="Climate adaptation infrastructure",
    summary=(
        "Planning hard, soft and nature-based adaptation for floods, storms and heat: risk screening, design "
        "under uncertainty, adaptation pathways and finance."
    ),
    description="""\
For planners and engineers in ministries, provinces and cities, and for staff of development banks. Climate change
makes yesterday's design standards unsafe. This course shows how to screen climate risk, choose between dikes,
early warning and mangroves (or combine them), design infrastructure that can be upgraded as the climate changes,
and make the case for funding.

Examples come from Asia's deltas and coastal cities. The next cohort starts soon; enrol now to receive the
schedule of live sessions.
""",
    language="en",
    level="intermediate",
    hours="12",
    objectives=("nature-adaptation",),
    institutions=(("MONRE", "host"), ("APREO", "co-host"), ("APREO", "certifying")),
    instructors=("tran.van.minh@cai-demo.org", INSTRUCTOR),
    modules=(
        DemoModule("Climate risk: hazard, exposure and vulnerability", 50, ("nature-adaptation",), ADAPT_1),
        DemoModule("Hard, soft and nature-based measures", 50, ("nature-adaptation", "partnerships"), ADAPT_2),
        DemoModule("Designing under uncertainty: adaptation pathways", 60, ("nature-adaptation",), ADAPT_3),
        DemoModule("Appraisal, finance and governance", 50, ("nature-adaptation", "green-market"), ADAPT_4),
    ),
    dates=(14, 56),
)

# --- Ecological networks and protected-area partnerships (draft) ----------------------------------------------

ECO_1 = """\
## Why isolated reserves are not enough

A protected area surrounded by farms and roads behaves like an island: small populations lose genetic diversity,
animals cannot move to find food or mates, and species cannot shift their range as the climate warms. Over time,
isolated reserves lose species even if nothing inside them is disturbed.

## The elements of an ecological network

| Element | Function |
|---|---|
| Core areas | large, well-protected habitat where populations are secure |
| Corridors | continuous strips of habitat linking cores (river banks, forested ridges) |
| Stepping stones | patches close enough for animals or seeds to hop between |
| Buffer zones | land around cores where use is compatible with conservation |
| Sustainable-use areas | working landscapes (farms, plantations, villages) that still let species pass |

## Connectivity in working landscapes

Most land in Asia is used by people. Connectivity therefore depends on farms, plantations and villages as much as
on reserves. The **Satoyama Initiative**, launched in 2010, promotes landscapes where human use and nature support
each other: rice paddies, village forests and irrigation ponds that sustain both livelihoods and biodiversity.

## Transboundary networks

Rivers and forests cross borders. The **Heart of Borneo** commitment by Brunei Darussalam, Indonesia and Malaysia
(2007) and the **ASEAN Heritage Parks** programme are examples of countries agreeing to manage a shared landscape as
one network.

## Planning a network

1. Map habitat and the species that need to move (large mammals, migratory birds, fish).
2. Model connectivity: where are the bottlenecks and barriers (roads, dams, plantations)?
3. Identify which landowners and agencies control each link.
4. Choose tools for each link: protection, restoration, agreements with landowners, wildlife crossings.
"""

ECO_2 = """\
## Who governs a protected area

Protected areas are not only governed by governments. The IUCN distinguishes four governance types:

- **By government**: a national or local agency manages the area.
- **Shared governance**: several actors decide together, for example a co-management board.
- **Private governance**: landowners, companies or NGOs protect land they own.
- **By indigenous peoples and local communities**: territories and areas conserved by those who live there.

All can be effective; what matters is whether the arrangement is legitimate, well-resourced and accountable.

## Other effective area-based conservation measures

Since 2018 the Convention on Biological Diversity recognises **OECMs**: areas outside protected areas that deliver
lasting conservation, even if that is not their main purpose, such as watershed forests protecting a water supply,
military areas or sacred groves. Counting them helps countries reach the target of conserving 30% of land and sea
by 2030 and brings their custodians into the network.

## Co-management in practice

| Element | Good practice |
|---|---|
| Board | government, communities, NGOs and scientists, with clear voting rules |
| Zoning | agreed maps of strict protection, sustainable use and settlement |
| Rules | written, known to everyone, enforced fairly |
| Benefits | a share of park fees, jobs in patrols and tourism, access to resources in use zones |
| Conflict | a grievance procedure that works before conflicts escalate |

## Recognising community conservation

Across Asia, many forests, wetlands and coastal areas are conserved by communities under customary rules: village
forests, community fish reserves, sacred sites. These areas often connect formal protected areas better than any
new reserve could. Recognising them, in law or through agreements, and supporting their custodians with
monitoring tools and legal advice, is frequently the cheapest way to strengthen an ecological network.

## Benefit sharing

People who bear the costs of conservation (crop damage by elephants, lost access to forest products) need to see
benefits. Without them, the best-drawn network exists only on paper.
"""

ECO_3 = """\
## Why a written partnership

Ecological networks depend on many partners staying committed over decades, through changes of ministers, managers
and project funding. A written agreement makes expectations explicit and survives staff turnover.

## Steps to an agreement

1. **Map the stakeholders**: who owns or manages each part of the network, who depends on it, who can block it.
2. **Agree a shared goal** in plain words, for example "elephants can move between the two reserves by 2030".
3. **Divide roles** according to mandate and capacity, not ambition.
4. **Agree on data**: who collects, who owns, who may publish.
5. **Fund the core**: a small, stable budget for coordination matters more than large project grants.
6. **Review**: an annual meeting and a review of the agreement every three to five years.

## What a memorandum of understanding should contain

| Section | Content |
|---|---|
| Parties and purpose | who signs, the shared goal |
| Area | map of the network and each party's part |
| Roles | tasks of each party, named contact persons |
| Resources | money, staff and equipment each party contributes |
| Data and knowledge | sharing rules, respect for traditional knowledge |
| Decisions | how decisions are made and disputes resolved |
| Duration and exit | term, renewal, how a party may leave |

## Common pitfalls

- Agreements signed at a ceremony and never implemented: attach a first-year work plan.
- Communities listed as "beneficiaries" but not as parties.
- No budget line for meetings, so the partnership never meets.
- Indicators nobody collects: agree who reports which indicator, and when, in the agreement itself.

## A short example

Two national parks on either side of a valley of plantations and villages want to reconnect their elephant
populations. The partnership brings together the two park authorities, the provincial forestry department, two
plantation companies and five villages. The companies agree to keep a forested strip along the river and to adjust
fencing; the villages receive support for elephant-proof grain stores and a share of tourism income; the park
authorities monitor movement with camera traps and report results to all partners every six months.
"""

ECO = DemoCourse(
    slug="ecological-networks-protected-area-partnerships",
    title="Ecological networks and protected-area partnerships",
    summary=(
        "Connecting protected areas through corridors and working landscapes, and the partnerships that keep "
        "those networks alive."
    ),
    description="""\
A course in preparation for protected-area managers, spatial planners and community organisations. It explains
why isolated reserves lose species, how corridors and stepping stones link them, and how governments, communities,
companies and NGOs can share the work through co-management and written partnership agreements.

*Draft: modules are still being reviewed by the partner institutions.*
""",
    language="en",
    level="intermediate",
    hours="8",
    objectives=("partnerships", "nature-adaptation"),
    institutions=(("GEN-PH", "host"), ("UASM", "co-host")),
    instructors=("nurul.aisyah@cai-demo.org", INSTRUCTOR),
    modules=(
        DemoModule("From islands to networks", 45, ("nature-adaptation", "partnerships"), ECO_1),
        DemoModule("Governance types and co-management", 45, ("partnerships",), ECO_2),
        DemoModule("Building a partnership agreement", 40, ("partnerships", "leadership"), ECO_3),
    ),
    mode="approval",
    status="draft",
)

COURSES = (BIO, ADAPT, ECO)
