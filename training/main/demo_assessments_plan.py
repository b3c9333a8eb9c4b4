"""Demo assessment content: per-course wording, the plan of demo attempts and their essays and feedback.

Data only; :mod:`training.main.demo_assessments` seeds it through the assessment services.
"""

from __future__ import annotations

from typing import NamedTuple

from training.main.demo_courses import (
    FATIMAH,
    KIM,
    LI_NA,
    MARIA,
    PHAM,
    PRIYA,
    RAHUL,
    SASAKI,
    SITI,
    SOMCHAI,
    TANAKA,
    WANG,
    T,
)

QUIZ_MINUTES = 30

# How a take ends
PASSED, FAILED, AWAITING, IN_PROGRESS, TIMED_OUT = "passed", "failed", "awaiting", "in_progress", "timed_out"


class Wording(NamedTuple):
    quiz: str
    quiz_instructions: str
    practice: str
    practice_instructions: str
    rubric_title: str
    rubric: str  # builder.parse_rubric's format: "Criterion: Level=points; Level=points"


WORDING: dict[str, Wording] = {
    "en": Wording(
        "Final quiz",
        "Questions on every module, ending with a short written plan for your own organisation. You have "
        f"{QUIZ_MINUTES} minutes and two attempts; your higher score counts. An instructor grades the written "
        "answer, usually within a few days. Pass mark: 60 %.",
        "Practice questions",
        "A few questions, some drawn at random from the bank, to check your understanding as you study. No time "
        "limit and as many attempts as you like; practice does not count towards your grade.",
        "Written plan",
        "Understanding of the course concepts: Misunderstood=0; Partly accurate=2; Accurate=3; "
        "Accurate and well applied=4\n"
        "Use of evidence and data: Missing=0; Partial=2; Strong=3\n"
        "Practical plan for your own context: Vague=0; Workable=2; Concrete and realistic=3",
    ),
    "ja": Wording(
        "修了テスト",
        "講座全体から出題し、最後にあなたの自治体・組織についての記述問題があります。制限時間は"
        f"{QUIZ_MINUTES}分、受験は2回まで、高いほうの得点が採用されます。記述問題は講師が採点します"
        "（通常は数日以内）。合格点は60％です。",
        "練習問題",
        "問題バンクから一部を無作為に出題する練習用の問題です。制限時間はなく、何度でも受験できます。"
        "成績には含まれません。",
        "記述問題の評価基準",
        "講座内容の理解: 誤りがある=0; 部分的に正確=2; 正確=3; 正確で応用できている=4\n"
        "根拠とデータの活用: なし=0; 一部あり=2; 十分=3\n"
        "地域・組織での実現可能性: あいまい=0; 実行可能=2; 具体的で現実的=3",
    ),
    "th": Wording(
        "แบบทดสอบท้ายหลักสูตร",
        "คำถามครอบคลุมทุกโมดูล และปิดท้ายด้วยข้อเขียนเกี่ยวกับหน่วยงานของท่าน มีเวลา "
        f"{QUIZ_MINUTES} นาที ทำได้ 2 ครั้ง โดยนับคะแนนครั้งที่สูงกว่า ผู้สอนจะตรวจข้อเขียน "
        "โดยปกติภายในไม่กี่วัน เกณฑ์ผ่าน 60%",
        "แบบฝึกหัด",
        "คำถามส่วนหนึ่งสุ่มจากคลังข้อสอบ เพื่อทบทวนความเข้าใจระหว่างเรียน ไม่จำกัดเวลาและทำได้ไม่จำกัดครั้ง ไม่นับรวมในคะแนน",
        "เกณฑ์การให้คะแนนข้อเขียน",
        "ความเข้าใจเนื้อหาของหลักสูตร: ไม่ถูกต้อง=0; ถูกต้องบางส่วน=2; ถูกต้อง=3; ถูกต้องและประยุกต์ได้ดี=4\n"
        "การใช้หลักฐานและข้อมูล: ไม่มี=0; มีบางส่วน=2; ครบถ้วนชัดเจน=3\n"
        "ความเป็นไปได้ในบริบทของหน่วยงาน: ไม่ชัดเจน=0; ทำได้จริง=2; เป็นรูปธรรมและสมจริง=3",
    ),
}

# A plausible wrong short answer per course (the usual confusion), typed by the trainees who miss it.
WRONG_SHORT: dict[str, str] = {
    "co-benefit-air-quality-management": "bottom-up",
    "continuous-emissions-monitoring-2025": "SCADA",
    "water-quality-laboratories-th": "กรดไนตริก",
    "municipal-solid-waste-3rs": "compost heaps",
    "e-waste-transboundary-movement": "85.48",
    "waste-to-energy-and-final-disposal-ja": "消石灰",
    "biodiversity-monitoring-networks": "GBIF",
    "climate-adaptation-infrastructure": "Delta Programme",
    "ecological-networks-protected-area-partnerships": "Ramsar",
    "green-public-procurement": "ISO 14021",
    "green-finance-bonds-and-disclosure": "SASB",
    "environmental-goods-in-epas-and-ftas": "CPC",
    "environmental-leadership-collaboration": "ZOPA",
}


class Take(NamedTuple):
    """One demo attempt: whose, on which assessment, how it ends, and the essay with its grade.

    ``levels`` picks a rubric level per criterion (0-based); the course's first instructor grades the essay
    with it and ``feedback``. An essay without levels waits for a grader; an empty essay earns nothing.
    """

    email: str
    ends: str
    essay: str = ""
    levels: tuple[int, int, int] | None = None
    feedback: str = ""
    practice: bool = False


# Per course slug, in order: a trainee's finished attempts come before the one in progress. Only trainees whose
# enrolment is active or completed take part; courses that have not started yet have no attempts.
# fmt: off
PLAN: dict[str, tuple[Take, ...]] = {
    "co-benefit-air-quality-management": (
        Take(WANG, PASSED, (
            "Co-benefit package for Shenzhen, for the mayor. Our 2023 inventory is rough, but it shows three "
            "sources that matter for both PM2.5 and CO2: diesel trucks serving the port, about 40 coal-fired "
            "industrial boilers in Bao'an district, and open burning of garden waste on the urban fringe.\n\n"
            "1. Electrify port drayage (Transport Bureau; about CNY 1.2 billion over five years, partly from "
            "subsidies and green loans). I estimate 400,000 t CO2 a year less and a clear cut in NOx and PM2.5 "
            "along the port roads. Indicators: share of electric drayage trucks; NO2 at the two roadside stations.\n"
            "2. Switch the remaining coal boilers to gas or heat pumps (Ecology and Environment Bureau with the "
            "district; CNY 300 million, mostly paid by the owners with a subsidy per boiler). Indicators: boilers "
            "switched; SO2 and PM tonnes from the inventory.\n"
            "3. Collect garden waste for composting instead of burning it (Urban Management Bureau; low cost). "
            "Indicators: fire reports; tonnes composted.\n\n"
            "End-of-pipe filters on the boilers would cut PM but use more electricity and do nothing for CO2, so "
            "I prefer fuel switching; and I would first check that the filters we already have actually run."
        ), (3, 1, 2), (
            "A clear and well-structured package, Wang Wei. You start from the inventory, each measure has an "
            "owner, a cost and indicators, and you check the existing controls before buying new ones, exactly as "
            "module 3 recommends. To make it stronger, give the PM2.5 effect as a change in concentration where you "
            "can (the mayor will compare it with the WHO guideline), and put cost and CO2 side by side for all "
            "three measures, not only the first."
        )),
        Take(SOMCHAI, AWAITING, (
            "For Bangkok I would propose three measures. (1) Stricter inspection of diesel buses and trucks, with "
            "the Department of Land Transport responsible. (2) An end to open burning of sugar-cane fields around "
            "the city in the dry season, with the provinces and the sugar mills, which can pay a premium for green "
            "cane. (3) Energy efficiency in the factories of Samut Prakan with the Department of Industrial Works. "
            "All three cut PM2.5 and also CO2, because less fuel is burned. Indicators: days above the Thai PM2.5 "
            "standard, hotspots counted from satellite data, and fuel use. I have not yet estimated the money "
            "needed; our budget office would have to help."
        )),
        Take(T, PASSED, practice=True),
        Take(T, IN_PROGRESS, practice=True),  # the demo trainee resumes it; the final quiz is still to start
        Take(FATIMAH, PASSED, (
            "Co-benefit package for Kuala Lumpur, for the mayor. Our regional office helped the city compile a rough "
            "2022 inventory: road transport is the largest source of NOx and PM2.5 and about 40% of the city's CO2; "
            "construction dust and the open burning of garden and building waste follow. The haze from peat fires "
            "in the region is outside the city's control and is left out of this package.\n\n"
            "1. Electrify the feeder buses and the city's own fleet (Prasarana and the City Hall; about RM 400 "
            "million over five years, partly from the federal low-carbon mobility fund). Effect: NO2 and PM2.5 down "
            "along the busiest corridors; about 60,000 t CO2 a year less. Indicators: share of electric buses in the "
            "feeder fleet; annual mean NO2 at the Batu Muda and Cheras stations.\n"
            "2. Dust control and a ban on open burning at construction sites, written into the building permit "
            "(City Hall building control; paid by the developers). Indicators: burning reports; PM10 next to the "
            "largest sites.\n"
            "3. Collect garden waste for composting instead of burning it (City Hall with its waste contractor; "
            "about RM 15 million a year). Indicators: tonnes composted; fire reports.\n\n"
            "End-of-pipe controls would not help much here: the sources are many and small, mostly vehicles, and "
            "only measures that burn less fuel also cut CO2. I would show cost and CO2 separately for each measure."
        ), (3, 2, 2), (
            "A strong package, Fatimah. Starting from the inventory, and saying plainly that the regional haze is "
            "outside the city's hands, makes the plan credible; each measure has an owner, a cost and indicators, "
            "and you explain why end-of-pipe controls do not fit a city of small sources. To improve it, give the "
            "expected PM2.5 change as a concentration the mayor can compare with the WHO guideline, and estimate "
            "the CO2 of the second and third measures too."
        )),
    ),
    "municipal-solid-waste-3rs": (
        Take(SITI, TIMED_OUT),  # ran out of time before the written plan
        Take(SITI, PASSED, (
            "First 3R programme for Surabaya.\n\n"
            "Baseline: about 1,600 t/day generated, 0.55 kg per person per day; 55% organic in our 2022 "
            "composition survey; collection coverage around 85%, the rest burned or dumped along the river.\n\n"
            "Priority 1: organic waste from markets and households. Target: 200 t/day composted or digested by "
            "2027, starting with the 12 largest markets, whose waste is clean and in one place.\n"
            "Priority 2: waste banks and junk shops. Register the 400 waste banks and the junk shops, give pickers "
            "ID cards, space in the TPS3R sorting centres and a guaranteed price for PET and cardboard. Target: "
            "recycling rate from 12% to 20%.\n"
            "Priority 3: close the coverage gap in the riverside kampungs with handcart collection.\n\n"
            "Budget: the city pays for collection through the retribution fee, raised step by step; compost is "
            "sold to the parks department.\n"
            "Indicators published every year: collection coverage (share of households served weekly) and the "
            "diversion rate (tonnes composted and recycled over tonnes generated)."
        ), (3, 2, 2), (
            "Excellent work, Siti. The baseline uses real figures, the first priority follows from the composition "
            "data, and the waste banks and pickers become partners instead of being displaced. Both indicators are "
            "defined so that anyone can recompute them. One point to develop: say who pays for running the "
            "composting sites after the first year, since the retribution fee covers collection only."
        )),
        Take(T, PASSED, (
            "My city is Da Nang, about 1.2 million people, producing around 1,100 tonnes of household waste a day "
            "(Da Nang URENCO, 2023). Almost all of it goes to the Khanh Son landfill, which is nearly full.\n\n"
            "I would tackle organic waste first: it is more than half of what we collect, it causes the smell and "
            "the leachate at Khanh Son, and the wholesale markets produce it clean and in one place. Target: "
            "compost 100 t/day from markets and restaurants by 2027.\n\n"
            "Second, separation at source in two pilot wards, with a target of 30% of households separating "
            "correctly after one year. Third, recognise the informal collectors (đồng nát) who already buy paper, "
            "metal and plastic: register them, give them access to the transfer stations and invite them to ward "
            "meetings, so that the new separation scheme does not take their materials away.\n\n"
            "The city budget pays for collection today; I would raise the household fee gradually and ask the "
            "market management boards to pay for their own organic waste. Every year I would publish the collection "
            "coverage and the share of waste diverted from Khanh Son."
        ), (2, 2, 1), (
            "A convincing plan, Lan. Starting from Khanh Son running out of space and from the composition gives "
            "your choice of organic waste a clear reason, and including the đồng nát collectors is exactly what "
            "module 4 asks for. Two things would raise it further: give the current recycling or diversion rate "
            "so that the targets can be judged, and define the indicators precisely (diversion from Khanh Son by "
            "weight, measured at the weighbridge?). Well done."
        )),
        Take(MARIA, PASSED, practice=True),
        Take(MARIA, AWAITING, (
            "For Quezon City. The Ecological Solid Waste Management Act (RA 9003) already requires segregation at "
            "source and a materials recovery facility (MRF) in every barangay, but many MRFs do not work. Baseline: "
            "about 3,000 t/day, high collection coverage but little segregation.\n"
            "1. Make the barangay MRFs work: 80% of barangays with a working MRF within two years.\n"
            "2. Organic waste from the public markets to composting, 50 t/day.\n"
            "3. Bring the waste pickers' associations and junk shops into MRF operation with fair contracts.\n"
            "Indicators: the diversion rate and the number of working MRFs. Funding: the city budget and a small "
            "fee for commercial establishments."
        )),
        Take(TANAKA, IN_PROGRESS, practice=True),
    ),
    "e-waste-transboundary-movement": (
        Take(SITI, PASSED, (
            "Tanjung Priok, Jakarta, where our company receives used electronics from other islands and where "
            "import containers are declared as used equipment or mixed scrap.\n\n"
            "Risk signals: a declared value far below the market price of the equipment; mixed loads of working "
            "and broken items; loose loading without packaging or test records; first-time consignees; routes "
            "through transhipment hubs. Data: declaration history from customs, the register of Basel "
            "notifications at the Ministry of Environment and Forestry, and the scanner images of containers.\n\n"
            "Contacts: the Basel competent authority the same day a suspect container is held; customs "
            "intelligence; and the exporting country's competent authority through the Asian Network within a "
            "week, so that a return can be arranged.\n\n"
            "Legitimate trade: a green lane for registered refurbishers who provide test reports and serial "
            "numbers, and pre-consent for recognised recycling facilities, so checks concentrate on new and "
            "high-risk shippers. Held containers go to a covered area, because broken CRT glass releases lead."
        ), (3, 2, 2), (
            "Very good, Siti. Your risk profile uses the signals from module 3 and says where each piece of data "
            "comes from, and the green lane for refurbishers balances control with legitimate trade. You could be "
            "more precise about the return: the exporting state's duty to take the shipment back runs from the "
            "notification, so say who drafts it and how fast. Clear and practical throughout."
        )),
        Take(PRIYA, FAILED, (
            "E-waste is a growing problem in India and the Basel Convention is important. We should check "
            "containers more carefully at the ports and train customs officers. Awareness campaigns for the public "
            "would also help, and companies should follow extended producer responsibility."
        ), (1, 0, 0), (
            "Thank you, Priya. These points are correct but stay general: the question asks about one real site, "
            "the risk signals you would add to the profile, named contacts with timelines, and how legitimate "
            "trade keeps moving. Please reread module 3 (risk profiling) and module 4 (the Asian Network), then "
            "use your second attempt to write about a port or facility you know, such as Nhava Sheva."
        )),
        Take(PRIYA, FAILED, practice=True),
        Take(PRIYA, PASSED, (
            "Nhava Sheva (Jawaharlal Nehru Port), where our institute advises the state pollution control board on "
            "imports of hazardous waste.\n\n"
            "Risk signals to add to the customs profile: a declared value far below the market price of the "
            "equipment; used computers mixed with broken monitors or loose circuit boards; loose loading without "
            "packaging or test reports; first-time importers without an authorisation under the Hazardous and Other "
            "Wastes Rules 2016; routes through transhipment hubs. Data: the declaration history, the Central "
            "Pollution Control Board's list of import permissions, and the scanner images of containers.\n\n"
            "Contacts: the MoEFCC, our Basel competent authority, on the day a container is held; the revenue "
            "intelligence directorate for repeat offenders; and the exporting country's competent authority through "
            "the Asian Network within a week, so that a return can be arranged. Held containers go to a covered part "
            "of the container freight station, because broken CRT glass releases lead.\n\n"
            "Legitimate trade: a faster lane for authorised refurbishers and recyclers who file test reports and "
            "serial numbers in advance, so that inspections concentrate on new and high-risk shippers."
        ), (2, 2, 2), (
            "Much better, Priya: a real port, the risk signals of module 3 with the data behind each, named contacts "
            "with timelines, and safe storage for held containers. The faster lane for authorised refurbishers keeps "
            "legitimate trade moving. To go further, say who drafts the notification for a return, and how the "
            "evidence (photographs, samples, the scanner image) is kept for a prosecution."
        )),
    ),
    "biodiversity-monitoring-networks": (
        Take(LI_NA, PASSED, (
            "Songshan National Nature Reserve, north-west of Beijing, where our institute already has two plots.\n\n"
            "Decision: whether the new visitor quota and the closure of two trails are enough to keep medium-sized "
            "mammals (leopard cat, Siberian roe deer, wild boar) using the core zone. Indicator: occupancy of these "
            "species, with the power to detect a 20% decline over ten years.\n\n"
            "Methods: 30 camera traps on a fixed grid, 30-50 cm above game trails, for three months every autumn; "
            "eDNA from the two streams twice a year for amphibians and fish; the existing volunteer bird counts.\n\n"
            "Partners: the reserve administration (field work and decisions), our institute (design, analysis, "
            "training), students of Beijing Forestry University, villagers from two nearby villages as paid camera "
            "technicians, and reporting to China BON.\n\n"
            "Data: an agreement signed before the first season; records in Darwin Core published to GBIF under "
            "CC BY, with the locations of sensitive species generalised to 10 km."
        ), (3, 2, 1), (
            "A well-designed programme, Li Na: a decision, an indicator with the change you need to detect, and a "
            "modest design that can last. The partners have real roles and the data agreement comes first. What "
            "is missing is how it will be funded and staffed after the first three years; a twenty-year programme "
            "needs an owner for its budget, ideally in the reserve's regular budget."
        )),
        Take(MARIA, AWAITING, (
            "I would design monitoring for the Las Piñas-Parañaque wetland park on Manila Bay. The decision: "
            "whether the reclamation nearby is harming migratory shorebirds. Indicator: shorebird counts at high "
            "tide, monthly from September to April. Methods: standard counts by trained volunteers, a few camera "
            "traps at the mangrove edge, and water samples every quarter. Partners: DENR, the park office, the "
            "Wild Bird Club of the Philippines and the city governments. Data would be shared through eBird and "
            "a yearly report."
        )),
        Take(FATIMAH, IN_PROGRESS),  # the timed quiz, started minutes before seeding
    ),
    "green-public-procurement": (
        Take(SASAKI, PASSED, (
            "In our ministry I would start with three product groups: copy paper, office lighting and passenger "
            "vehicles. We buy a lot of each, green alternatives exist at similar cost, and the Act on Promoting "
            "Green Purchasing already sets national criteria for them, so we need not invent any.\n\n"
            "For the lighting in our building renovation: specification, LED luminaires meeting the national "
            "criteria for efficacy; award criterion, the life-cycle cost over ten years including electricity at "
            "our real tariff (30% of the score); contract clause, the supplier takes back the old fluorescent tubes "
            "for mercury recovery. Verification: the manufacturer's test reports, eco-label certificates or "
            "equivalent, and the take-back receipt.\n\n"
            "After a year I would report the share of lighting purchases meeting the criteria, by value and by "
            "number, and the electricity saved in kWh and tonnes of CO2, in the same terms as the national annual "
            "report."
        ), (3, 2, 2), (
            "Excellent, Sasaki-san. Well-chosen product groups with reasons, existing national criteria instead "
            "of new ones, life-cycle costing where energy matters, and verification a buyer can actually do. The "
            "report uses the same terms as the national target. A short note on market dialogue with smaller "
            "suppliers would complete it."
        )),
        Take(PRIYA, PASSED, (
            "At our institute the largest purchases are IT equipment, paper and catering for training events. I "
            "would start with IT equipment: we replace about 150 laptops and monitors a year, and both energy use "
            "and e-waste matter.\n"
            "Criteria: specification, BEE star-rated or ENERGY STAR equipment with spare parts for at least three "
            "years; award criterion, 20% of the score for life-cycle cost including electricity; contract clause, "
            "take-back of old equipment by an authorised recycler under the E-Waste (Management) Rules.\n"
            "Verification: certificates with the bid and the recycler's receipt.\n"
            "Report: the share of IT purchases meeting the criteria by value, and the kWh saved."
        ), (2, 2, 1), (
            "Good work, Priya. The criteria are realistic and the take-back clause links well with the e-waste "
            "rules. Explain briefly why you chose these product groups (volume, impact, alternatives available), "
            "and add how you would talk to suppliers before the tender so that small local vendors can bid too."
        )),
        Take(KIM, FAILED, (
            "Our company should buy green products. I would choose recycled paper and energy-saving products. We "
            "can ask suppliers for eco-labels such as the Korea Eco-label. After one year we can check how much "
            "we bought."
        ), (1, 1, 0), (
            "Thank you, Kim. The Korea Eco-label is a good reference, but the answer needs more: why these "
            "product groups, the actual criteria you would write for one of them (specification, award criterion "
            "or contract clause), how you would check them, and what you would report. Module 2 has a worked "
            "example for office lighting that you can follow in your second attempt."
        )),
        # Copied from another participant's plan (the Indian rules give it away); TEI later revokes the certificate.
        Take(PHAM, PASSED, (
            "At our department the largest purchases are IT equipment, paper and catering for training events. I "
            "would start with IT equipment: we replace about 150 laptops and monitors a year, and both energy use "
            "and e-waste matter.\n"
            "Criteria: specification, BEE star-rated or ENERGY STAR equipment with spare parts for at least three "
            "years; award criterion, 20% of the score for life-cycle cost including electricity; contract clause, "
            "take-back of old equipment by an authorised recycler under the E-Waste (Management) Rules.\n"
            "Verification: certificates with the bid and the recycler's receipt.\n"
            "Report: the share of IT purchases meeting the criteria by value, and the kWh saved."
        ), (2, 2, 1), (
            "Good work, Huy. The criteria are realistic and the take-back clause is a good idea. Two questions, "
            "though: the BEE star rating and the E-Waste (Management) Rules are Indian, so which label and rules "
            "would your department use in Viet Nam (the Vietnam Energy Label, and extended producer responsibility "
            "under Decree 08/2022)? And why these product groups rather than others?"
        )),
    ),
    "green-finance-bonds-and-disclosure": (
        Take(SASAKI, PASSED, (
            "From public reports: a 200 MW solar farm with 40 km of transmission line in central Viet Nam, "
            "financed by a syndicated loan from Japanese and regional banks.\n\n"
            "Equator category B: the impacts are site-specific, largely reversible and can be handled with known "
            "measures. It would become A if the line crossed a protected forest or required large resettlement.\n\n"
            "Main risks: land acquisition from farming households along the line, with compensation disputes; and "
            "the end of life of the panels, which contain small amounts of lead and cadmium.\n\n"
            "Covenant: a resettlement and livelihood action plan agreed before the first drawdown, with an "
            "independent monitor reporting every six months.\n\n"
            "Green: solar power fits the ASEAN Taxonomy and Viet Nam's green taxonomy, but a project can be green "
            "in purpose and still harm people if land is taken badly, which is why the covenant matters."
        ), (2, 2, 2), (
            "Well argued, Sasaki-san: the category comes with reasons and with what would change it, the risks "
            "are concrete, and the covenant is something a lender can monitor. Your last sentence is the key "
            "lesson of the course. To improve: look at the supply chain too (labour conditions in polysilicon "
            "production are a known risk for solar)."
        )),
        Take(WANG, AWAITING, (
            "GreenGrid is considering a green loan to build a battery factory in Huizhou. I think it is category "
            "B: there are impacts from chemicals and wastewater, but standard measures can manage them. Main "
            "risks: hazardous waste from electrolyte and wastewater with heavy metals, and worker safety. I would "
            "add a covenant requiring an annual environmental report with the wastewater monitoring data. Under "
            "China's Green Bond Endorsed Projects Catalogue, manufacturing batteries for energy storage counts "
            "as green."
        )),
        Take(KIM, PASSED, practice=True),
        Take(KIM, PASSED, (
            "Hanbit is preparing a KRW 50 billion green bond to finance a plant in Ulsan that will turn 40,000 tonnes "
            "a year of collected PET bottles into food-grade recycled resin.\n\n"
            "Risk level: category B. The impacts stay on the site and can be managed with known measures. It would "
            "be higher if the plant used chemical recycling with large volumes of solvent, or were built on "
            "reclaimed wetland.\n\n"
            "Main risks: wastewater from the washing lines (caustic soda, labels and glue) discharged into the "
            "Taehwa River basin; and the supply of bottles, where we depend on collectors and sorting centres whose "
            "working conditions we do not see today.\n\n"
            "Covenant: an annual allocation and impact report checked by an external reviewer (tonnes of recycled "
            "resin, virgin PET replaced and CO2 avoided), and quarterly wastewater data published on our website.\n\n"
            "Green: the recycling of waste resources is in the K-Taxonomy, Korea's green taxonomy, so the bond could "
            "be labelled green, but only if the plant meets the technical criteria and does no significant harm; "
            "the label does not replace the checks above."
        ), (3, 2, 2), (
            "Very good, Min-jun. A real project from your own company, a category with its reason and what would "
            "change it, and a covenant that an investor can check. You saw that the collection chain is a social "
            "risk, which many miss. To improve: give the baseline of the CO2 avoided (which virgin resin, which "
            "emission factor), so that the impact report can be verified."
        )),
    ),
    "environmental-goods-in-epas-and-ftas": (
        Take(SASAKI, PASSED, (
            "Brief for the Ministry of the Environment on the EPA being negotiated with an ASEAN partner.\n\n"
            "Interests: Japanese exporters of environmental goods (water treatment membranes, air pollution "
            "control equipment, efficient motors) face tariffs of 5-10% there, and environmental services such as "
            "waste management consulting face limits on foreign ownership. Products of concern: used electrical "
            "equipment and plastic scrap, which must not become illegal waste shipments. Both parties have joined "
            "the Basel Convention, CITES and the Paris Agreement.\n\n"
            "Three provisions: (1) effective enforcement of environmental law, and no lowering of standards to "
            "attract investment, which protects our industry and the partner's environment alike; (2) a reference "
            "to the Basel Convention, including the plastic waste amendments; (3) cooperation on environmental "
            "goods and services, with tariffs removed on a list based on the APEC 54.\n\n"
            "Implementation: contact points in both ministries meeting every year, a cooperation budget for "
            "training customs officers on the HS codes for waste, public reporting, and a review of environmental "
            "effects after five years."
        ), (2, 2, 2), (
            "Clear and well organised, Sasaki-san. The interests are specific to real sectors, each provision "
            "comes with a reason, and you plan implementation rather than stopping at signature. To go further, "
            "mention non-tariff measures (standards and conformity assessment often matter more than a 5% "
            "tariff) and the stakeholders you would consult early, such as the industry associations."
        )),
        Take(PRIYA, FAILED, (
            "Trade agreements can help the environment if they remove tariffs on environmental goods such as "
            "solar panels and wind turbines. India should make sure the chapter includes cooperation and that "
            "environmental laws are enforced. After signature a committee should meet to check progress."
        ), (1, 0, 1), (
            "Thank you, Priya. The ideas point in the right direction, but the brief has to be specific to India: "
            "which exports and imports are at stake, which agreements India has joined, and three provisions from "
            "the checklist with your reasons. India has been cautious about lists of environmental goods; a "
            "strong brief explains why. Module 2 and the checklist in module 3 will help in your second attempt."
        )),
    ),
    "continuous-emissions-monitoring-2025": (
        Take(WANG, PASSED, (
            "Our industrial park in Shenzhen has six plants with CEMS: two gas-fired boilers, three coating lines "
            "with VOC analysers and a hazardous-waste incinerator.\n\n"
            "I would start with the incinerator and the two boilers, which emit the most. Quality assurance: "
            "automatic zero and span checks every day with drift limits; quarterly audits with certified gas by "
            "our environmental team; an annual relative accuracy test by an accredited laboratory. Data "
            "availability of at least 90% a quarter, and missing hours replaced by the highest value of the "
            "previous month.\n\n"
            "Data would go every hour to the Shenzhen ecology bureau platform, with an audit trail in the DAHS so "
            "that nobody can edit raw values. The public page would show hourly averages corrected to the "
            "reference oxygen, with the limit and a note during start-up. Inspectors would use the alarms and "
            "drift reports to choose which plant to visit."
        ), (2, 2, 1), (
            "A solid plan, Wang Wei: priorities by emissions, the full set of daily, quarterly and annual checks, "
            "a conservative substitution rule and a tamper-evident DAHS. It is less convincing on the two-year "
            "timeline: when does each step happen, and who trains the operators of the coating lines, where VOC "
            "analysers are new?"
        )),
        Take(SOMCHAI, FAILED, (
            "We regulate many factories in Map Ta Phut. CEMS data should be checked regularly and sent to PCD "
            "online. The public should be able to see the data on a website. Inspectors should check the data "
            "before visiting."
        ), (1, 1, 0), (
            "Somchai, the direction is right, but the plan needs the quality assurance in detail (which checks "
            "daily, quarterly and annually, and by whom), which sources you start with and why, and rules for "
            "missing data. Have another look at module 2 before your second attempt."
        )),
        Take(SOMCHAI, PASSED, (
            "Map Ta Phut industrial estate: about 30 large stacks report CEMS data to the Department of Industrial "
            "Works, but PCD does not trust the data.\n\n"
            "Year 1: the 12 largest sources of SO2 and NOx (refineries, power plants, the two crackers). Publish "
            "the QA rules first: daily zero and span checks with a drift limit of 2.5% of span; quarterly "
            "cylinder gas audits; an annual relative accuracy test by a laboratory accredited to ISO/IEC 17025; "
            "90% data availability, with missing hours replaced by the highest valid hour of the past 30 days so "
            "that a gap never pays.\n\n"
            "Year 2: the remaining stacks, and real-time transmission to a shared PCD-DIW server with a "
            "tamper-evident log.\n\n"
            "Public: hourly averages corrected to 7% O2 on a public map, with the limit, the averaging period and "
            "start-up periods explained. Inspectors: training on reading drift reports and alarms, and visits "
            "aimed at stacks with low availability or repeated exceedances."
        ), (3, 2, 2), (
            "Excellent, Somchai. Compared with your first attempt this is a real plan: clear priorities, precise "
            "QA rules with numbers, a substitution rule that removes any reason to lose data, and disclosure with "
            "context. This is the standard I hope others will reach."
        )),
        Take(RAHUL, FAILED, (
            "The Central Pollution Control Board already requires online monitoring for 17 categories of "
            "industry. The problem is that the data are often not reliable. We should make industries calibrate "
            "their analysers and send the data to the CPCB server."
        ), (1, 0, 0), (
            "Rahul, you name the real problem, unreliable data, but the answer needs your plan: which sources "
            "first, which checks how often, who verifies them, how the data reach the public and how inspectors "
            "use them. Please revisit module 2 on quality assurance."
        )),
    ),
    "waste-to-energy-and-final-disposal-ja": (
        Take(TANAKA, PASSED, (
            "当社が廃棄物処理を受託している人口約8万人の町を想定します。\n\n"
            "現状評価：ごみ量は1日約55トン、組成は厨芥類が約45％で水分が多く、低位発熱量は年平均で約6 MJ/kgと"
            "推定されます（雨季はさらに低くなります）。運転費は町の一般財源に頼っており、20年間の財源の見通しは"
            "ありません。焼却灰の処分先もなく、運転を担える技術者は町内に2人しかいません。住民説明会はまだ一度も"
            "開かれていません。\n\n"
            "提案：いきなり焼却施設を建設するのではなく、まず①分別収集を始めて厨芥類を堆肥化し、②既存の処分場を"
            "準好気性埋立に改修して浸出水とメタンを減らします。③3〜5年かけてごみ量と発熱量を測定し、7 MJ/kgを"
            "安定して超える見通しが立ち、財源と人材が確保できた段階で、小規模な焼却・発電施設を検討します。"
            "その際は排ガスの測定結果を公開し、住民との合意形成を先に進めます。"
        ), (3, 2, 1), (
            "大変よくまとまっています。ごみ質（特に水分と発熱量）、財源、人材、焼却灰の処分先を具体的に評価した"
            "うえで、分別と準好気性埋立から始める段階的な提案になっており、講座のねらいどおりです。さらに良くする"
            "には、収集から処分までの全体で費用を比較した数字（たとえば1トン当たりの処理費）を示すと、町の議会にも"
            "説明しやすくなります。"
        )),
        Take(SASAKI, AWAITING, (
            "私の担当地域（人口約30万人の市）では、最終処分場の残余年数が約8年しかありません。ごみ量は1日約250"
            "トンで、発熱量は8 MJ/kg程度と考えられます。焼却施設を建設すれば埋立量を大きく減らせますが、建設費と"
            "20年以上の運転費の財源をどう確保するかが課題です。まず処分場の浸出水処理を改善し、同時に焼却施設の"
            "計画を住民に公開して意見を聞くべきだと考えます。焼却灰はセメント原料として利用することを検討します。"
        )),
    ),
    "water-quality-laboratories-th": (
        Take(SOMCHAI, PASSED, (
            "ห้องปฏิบัติการของกรมควบคุมมลพิษที่ผมทำงานอยู่วิเคราะห์ตัวอย่างน้ำผิวดินจากแม่น้ำเจ้าพระยาประมาณ 1,200 "
            "ตัวอย่างต่อปี\n\n"
            "1. การเก็บและส่งต่อตัวอย่าง: ปัญหาหลักคือตัวอย่าง BOD มาถึงห้องปฏิบัติการเกิน 48 ชั่วโมง "
            "และใบส่งต่อตัวอย่างไม่ครบ จะใช้แบบฟอร์ม chain of custody ที่ลงชื่อทุกครั้งที่ส่งต่อ "
            "บันทึกอุณหภูมิในกล่องเย็น และไม่รับตัวอย่างที่เกินระยะเวลาเก็บรักษา\n"
            "2. การควบคุมคุณภาพ: ทุกชุดการวิเคราะห์ไม่เกิน 20 ตัวอย่างจะมีแบลงก์ ตัวอย่างซ้ำ และ spike "
            "พร้อมเกณฑ์ยอมรับ ใช้ CRM ทุกเดือน และลงผลในแผนภูมิควบคุมทุกครั้ง\n"
            "3. การรายงานผล: รายงานผลที่ต่ำกว่า LOQ ว่า \"< LOQ\" พร้อมค่า LOQ แทนการรายงานว่า 0 "
            "และเข้าร่วมการทดสอบความชำนาญปีละสองครั้ง เพื่อเตรียมขอการรับรอง ISO/IEC 17025 ภายในสองปี"
        ), (2, 2, 1), (
            "แผนชัดเจนและนำไปใช้ได้จริงค่ะ คุณสมชายระบุปัญหาจริงของห้องปฏิบัติการ ใช้ตัวอย่างควบคุมคุณภาพครบทั้ง"
            "แบลงก์ ตัวอย่างซ้ำ spike และ CRM และรายงานผลต่ำกว่า LOQ ได้ถูกต้อง สิ่งที่ควรเพิ่มคือกำหนดเวลาและ"
            "ผู้รับผิดชอบของแต่ละขั้นตอน และวิธีนำผลการทดสอบความชำนาญมาปรับปรุงวิธีวิเคราะห์"
        )),
        Take(PHAM, FAILED),  # tried the quiz before studying and left the written plan blank
        Take(FATIMAH, IN_PROGRESS, practice=True),
    ),
}
# fmt: on
