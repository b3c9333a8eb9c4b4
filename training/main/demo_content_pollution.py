"""Demo course texts for objective 1 and monitoring: co-benefit air quality, CEMS, water quality labs (Thai)."""

from __future__ import annotations

from training.main.demo_course_spec import DemoCourse, DemoModule

INSTRUCTOR = "instructor@cai-demo.org"

# --- Co-benefit air quality management for cities -------------------------------------------------------------

AIR_1 = """\
## Two problems, one set of measures

Most Asian cities face two air problems at once. Locally, fine particles (PM2.5), sulphur dioxide (SO2) and
nitrogen oxides (NOx) from power plants, industry, traffic and open burning cause asthma, heart disease and
early deaths. Globally, the same fuels release carbon dioxide (CO2) and short-lived climate pollutants such as
black carbon and methane. The **co-benefit approach** looks for measures that cut both at the same time, so that
a city can justify climate action by the health gains people feel now, and pollution control by its climate
dividend.

## Not every control is a co-benefit

Some measures help one goal and hurt the other. A wet limestone scrubber removes most of the SO2 from a coal
boiler, but it uses about 1-2% of the plant's output and the limestone reaction itself releases CO2. Fuel
switching from coal to gas, on the other hand, removes almost all SO2, cuts PM and roughly halves CO2 per unit of
heat. The table gives a rough picture of common options.

| Measure | PM2.5 | SO2 | NOx | CO2 |
|---|---|---|---|---|
| Flue-gas desulphurisation on a coal boiler | lower | much lower | no change | slightly higher |
| Coal to natural gas in industry | much lower | much lower | lower | lower |
| Energy efficiency (motors, boilers, buildings) | lower | lower | lower | lower |
| Bus rapid transit replacing private trips | lower | small | lower | lower |
| Methane capture at a landfill | small | none | none | much lower (as CO2e) |
| Ending open burning of crop residues | much lower | small | lower | lower (black carbon) |

## Lessons from the Japanese experience

Japan's industrial cities went through severe pollution in the 1960s: the sulphur-laden air of Yokkaichi gave its
name to a form of asthma. Three things turned the situation around, and they still apply:

1. **Clear, enforced standards**: ambient standards backed by emission limits, later tightened into area-wide
   *total emission control* where many sources shared one airshed.
2. **Measurement people trust**: continuous monitoring at stacks and in neighbourhoods, with results published.
3. **Local agreements**: pollution control agreements between a city and its factories, often stricter than the
   national law, negotiated in public.

Fuel quality, energy saving after the oil shocks and investment in control technology then reinforced each other,
which is the co-benefit idea in practice.

## What you will do in this course

You will build a simple emissions inventory for a city, compare control options by their effect on health-relevant
pollutants and on CO2, and assemble a policy package with indicators that a city council can follow.
"""

AIR_2 = """\
## Why start with an inventory

You cannot manage what you have not counted. An emissions inventory tells a city which sources matter, which
measures will move the numbers, and whether the plan worked. It is also the common language between the
environment department, the energy utility and the transport authority.

## The basic equation

For each source category, emissions are estimated as:

**Emissions = Activity data x Emission factor x (1 - control efficiency)**

- *Activity data* is how much of something happens: tonnes of coal burned, vehicle-kilometres driven,
  tonnes of waste burned in the open.
- *Emission factor* is the mass of pollutant per unit of activity, from measurements at similar sources or from
  published guidebooks.
- *Control efficiency* is the share removed by equipment that is installed **and running**.

## Source categories and where the data come from

| Category | Typical activity data | Where to find it |
|---|---|---|
| Power plants and large boilers (point sources) | fuel use, stack measurements | permits, CEMS, utility reports |
| Small industry and commercial boilers | fuel sales, number of boilers | business registers, fuel suppliers |
| Road transport (mobile sources) | vehicle fleet, km travelled, fuel sold | registration data, traffic counts |
| Households | cooking and heating fuel | census, household surveys |
| Open burning of waste and crop residues | tonnes burned | waste surveys, satellite fire counts |
| Dust from roads and construction | area, silt load | field sampling, building permits |

## Bottom-up and top-down

A **bottom-up** inventory adds up individual sources; it shows who emits what, but misses sources nobody has
listed. A **top-down** inventory starts from total fuel sold in the city and allocates it; it is complete for
fuel but cannot say which boiler to visit. Good inventories do both and explain the difference.

## Common pitfalls

- Counting the same fuel twice: once in the industrial survey and again in the fuel-sales total.
- Forgetting informal sources: open burning and small brick kilns can dominate PM2.5 in some cities.
- Assuming control equipment works at its design efficiency when it is often switched off to save money.
- Reporting a single number without a range: state the uncertainty of each category.

## Link to greenhouse gases

Because the same activity data drive both, build the CO2 inventory at the same time. One data set then lets you
rank measures by both local and climate benefit, which is the heart of the co-benefit approach.
"""

AIR_3 = """\
## Sulphur dioxide

SO2 comes from the sulphur in coal and heavy oil. The options, from cheapest to most thorough:

- **Low-sulphur fuel**: switching to coal below 1% sulphur or to low-sulphur oil cuts SO2 at once.
- **Dry or semi-dry sorbent injection**: lime injected into the flue gas removes a large share at moderate cost.
- **Wet limestone flue-gas desulphurisation (FGD)**: typically removes more than 90% of SO2 and produces gypsum
  that can be sold to the cement and plasterboard industries.

## Nitrogen oxides

NOx forms when nitrogen in the air and fuel reacts at high temperature.

- **Combustion control**: low-NOx burners and staged air cut NOx by 30-50% at low cost.
- **Selective catalytic reduction (SCR)**: ammonia or urea over a catalyst removes 80-90%; operators must watch
  for ammonia slip.
- For vehicles, three-way catalysts on petrol cars and SCR on diesel trucks, which only work with clean fuel.

## Particulate matter

- **Electrostatic precipitators (ESP)** and **fabric filters (bag houses)** capture over 99% of stack dust by mass;
  fabric filters are better for the finest particles.
- Fuel sulphur matters for PM too: sulphate formed in the atmosphere is a large share of PM2.5 in many cities.
- Diesel particulate filters require fuel with 10-50 ppm sulphur, so fuel standards come first.

## Reading the climate side

| Control | Energy penalty | Effect on CO2 |
|---|---|---|
| Low-NOx burner | none | none |
| ESP or fabric filter | small (fans, power supply) | slightly higher |
| Wet FGD | 1-2% of plant output | higher (energy use and limestone reaction) |
| SCR | small | slightly higher |
| Efficiency upgrade of the boiler | negative (saves fuel) | lower |

End-of-pipe controls protect health and are often essential, but they do not reduce CO2. Measures that burn less
fuel or cleaner fuel, such as efficiency, fuel switching, renewable power and demand management, deliver both.

## A practical order of work

1. Make sure existing equipment actually runs: inspections and continuous monitoring are the cheapest
   "new" control.
2. Improve fuel quality and efficiency: co-benefits at low or negative cost.
3. Add end-of-pipe controls where health risk remains high, and plan for the energy they use.
"""

AIR_4 = """\
## From measures to a package

A single measure rarely changes air quality on its own. Cities that succeeded combined several instruments so
that each made the others work.

| Instrument | Example | What it does best |
|---|---|---|
| Regulation | emission limits, fuel standards, vehicle standards | sets a floor everyone must meet |
| Economic | emission charges, fuel taxes, congestion pricing | rewards going beyond the floor |
| Information | public air quality index, source disclosure | builds pressure and trust |
| Voluntary and negotiated | agreements with industrial estates | moves fast where law is slow |
| Public investment | buses, district heating, waste collection | removes the source itself |

## Choosing by cost and co-benefit

Rank candidate measures by cost per tonne of PM2.5 (or of health damage avoided) **and** by the CO2 they save.
A measure that is expensive for air quality alone may become attractive once its climate value is counted, and
some efficiency measures pay for themselves. Show both numbers side by side; decision-makers should see the
trade-offs rather than a single combined score.

## Monitoring that shows results

- **Reference stations** with approved methods for PM2.5, PM10, SO2, NO2 and ozone, at sites representing
  where people live, not only the cleanest parks.
- **Low-cost sensors** to fill gaps and engage schools and neighbourhoods, calibrated against reference stations.
- **Source monitoring**: continuous emissions monitoring on large stacks, roadside checks for vehicles.
- **Public reporting**: hourly index on a website and in the local language, with health advice.

## Indicators for a city plan

- Annual mean PM2.5 at each station, against the national standard and the WHO guideline (5 micrograms per
  cubic metre since 2021).
- Tonnes of SO2, NOx and PM2.5 emitted, from the inventory.
- Tonnes of CO2 from the same sources.
- Share of large sources with working continuous monitoring.
- Number of days with a "very unhealthy" index.

## Your task

Draft a one-page package for a city you know: three measures, the agency responsible for each, the money needed,
and two indicators per measure. Keep it short enough for a mayor to read before a meeting.
"""

AIR = DemoCourse(
    slug="co-benefit-air-quality-management",
    title="Co-benefit air quality management for cities",
    summary=(
        "Cut PM2.5, SO2 and NOx and greenhouse gases with the same measures: inventories, control options and "
        "policy packages for city governments."
    ),
    description="""\
Air pollution and climate change share their sources: coal, oil, traffic and burning waste. This course shows
city and provincial officials how to choose measures that improve the air people breathe **and** reduce
greenhouse gas emissions, the *co-benefit approach* at the heart of the Clean Asia Initiative.

You will work through a city emissions inventory, compare controls for SO2, NOx and particles by their health and
climate effects, and draft a policy package with indicators. Examples come from Japanese, Thai and Chinese cities.
Self-paced; about three hours a week over a month.
""",
    language="en",
    level="intermediate",
    hours="12",
    objectives=("low-carbon", "monitoring"),
    institutions=(("MOEJ", "host"), ("PCD", "co-host"), ("KGSES", "certifying")),
    instructors=(INSTRUCTOR, "lim.weiling@cai-demo.org"),
    modules=(
        DemoModule("The co-benefit approach", 45, ("low-carbon",), AIR_1),
        DemoModule("Building a city emissions inventory", 60, ("low-carbon", "monitoring"), AIR_2),
        DemoModule("Controls for SO2, NOx and PM2.5, and their climate side", 60, ("low-carbon",), AIR_3),
        DemoModule("Policy packages and measuring results", 60, ("low-carbon", "monitoring", "leadership"), AIR_4),
    ),
)

# --- Continuous emissions monitoring (archived 2025 cohort) ---------------------------------------------------

CEMS_1 = """\
## What a CEMS is for

A continuous emissions monitoring system (CEMS) measures what leaves a stack, every minute, for as long as the
plant runs. Regulators use the data to check compliance with emission limits; operators use them to tune
combustion and control equipment; emissions trading schemes and public disclosure platforms depend on them.

## What it measures

| Parameter | Why |
|---|---|
| SO2, NOx (as NO2), CO | regulated pollutants; CO also shows poor combustion |
| Particulate matter (dust) | regulated; shows if the filter or ESP works |
| O2 or CO2 | to correct concentrations to a reference oxygen level |
| Flue-gas flow, temperature, pressure | to turn concentrations into mass emissions |
| Moisture | to correct wet measurements to a dry basis |

## Corrections that change the numbers

Emission limits are usually written as mg per normal cubic metre (0 degrees C, 101.3 kPa), **dry**, at a
**reference oxygen** content (for example 6% O2 for solid fuel boilers, 11% for waste incinerators, 15% for gas
turbines). A measured concentration must be corrected:

**C(ref) = C(measured) x (21 - O2 ref) / (21 - O2 measured)**

Without this correction a plant could "dilute" its way to compliance by adding air. Trainees often forget the
dry-basis correction when an in-situ analyser measures wet gas; the error can be 10-15%.

## From concentration to mass

Mass emission (kg/h) = corrected concentration x flow at the same conditions. Summed over a year, this is the
number that goes into the emissions inventory and, where it exists, the permit's annual cap.

## The legal frame

A CEMS rule should state which plants must install one (often by capacity or pollutant load), the parameters,
the performance standards the analysers must meet, the quality assurance procedures, how long data are kept, and
how data reach the regulator. Without the last two, the equipment exists but the information does not.
"""

CEMS_2 = """\
## Extractive or in-situ

An **extractive** system draws a sample through a heated probe and line to analysers in a shelter; the gas is
filtered and usually dried first. It is easy to calibrate and maintain, but the sample line can leak or condense.
An **in-situ** system measures across the duct or at a point inside it. It has no sample line, but it sits in a
hot, dusty place and is harder to check with reference gas.

## Measuring principles

| Gas | Common principle |
|---|---|
| SO2 | ultraviolet fluorescence, non-dispersive infrared (NDIR) or UV absorption |
| NOx | chemiluminescence (after converting NO2 to NO), or NDIR/UV |
| CO, CO2 | NDIR |
| O2 | paramagnetic or zirconium oxide cell |
| HCl, NH3, multiple gases | Fourier-transform infrared (FTIR), tunable diode laser |

## Dust monitors

- **Light scattering or extinction (opacity)**: common and cheap; needs site-specific calibration against
  gravimetric reference samples because the reading depends on particle size and colour.
- **Beta attenuation**: collects dust on a tape and measures absorbed beta radiation; closer to a mass
  measurement but slower.
- **Triboelectric probes**: sensitive to changes and good for bag-leak detection, weaker for absolute values.

## Choosing equipment

1. Check the expected concentration range against the emission limit: the analyser's range should put the limit
   well inside it, not at the bottom.
2. Ask for a certificate showing the analyser passed type-approval tests (for example to EN 15267 or a national
   equivalent).
3. Plan the sampling location: straight duct, away from bends, so that flow and concentration are uniform.
4. Budget for maintenance and reference gases, not just purchase: the running cost over ten years usually exceeds
   the price of the analyser.
"""

CEMS_3 = """\
## Why quality assurance is the whole point

Analysers drift. Filters clog, lenses get dirty, sample lines leak. A CEMS without quality assurance produces
numbers that look precise and may be wrong by a factor of two. A regulator who accepts such data is worse off than
one who has none, because false confidence blocks action.

## Daily, quarterly and annual checks

- **Daily zero and span checks**: the system measures zero gas and a known span gas and records the difference.
  If drift exceeds the limit (often 2.5% of span for gases), the operator must recalibrate and investigate.
- **Quarterly audits**: a cylinder gas audit or a linearity test at several concentrations.
- **Annual parallel measurements**: an accredited laboratory measures with the reference method alongside the
  CEMS, and a calibration function is derived or checked (the idea behind EN 14181's QAL2 and annual surveillance
  test, and the relative accuracy test audit in the United States).

## Data availability and substitution

Rules usually require valid data for at least 90-95% of operating hours. When data are missing, **substitute
data** rules apply, and they should be conservative (for example the highest value from a recent period) so that
switching the analyser off never pays.

## Signs of trouble for an inspector

- Flat lines: a value that does not move for hours on a plant whose load changes.
- Oxygen readings near 21% while the plant is running: the probe may be sampling air.
- Span checks that are always perfect: the check may be simulated.
- Gaps that coincide with night shifts or weekends.

## Records to keep

Calibration logs, maintenance records, reference gas certificates, alarm logs and every change to the data
acquisition settings. Inspectors should be able to rebuild any reported hourly value from raw data.
"""

CEMS_4 = """\
## The data acquisition and handling system

The DAHS collects signals from the analysers, applies corrections, calculates averages (typically 1-minute,
hourly and daily), flags invalid periods, and stores the raw and processed data. It is software, so it can be
misconfigured or manipulated: the correction factors and averaging rules must be locked and every change logged.

## Getting data to the regulator

| Model | How it works | Strength | Weakness |
|---|---|---|---|
| Periodic reports | operator sends monthly summaries | simple | late, easy to edit |
| Real-time transmission | hourly values to a government server | timely, comparable | needs secure IT and staff |
| Public disclosure | values on a public website | trust and pressure | needs context to avoid misreading |

Several Asian countries now require real-time transmission from key polluting sources to a national or provincial
platform, and some publish the data. Disclosure works best with context: the limit, the averaging period and
whether the plant was starting up.

## Using the data

- **Compliance**: automatic alerts when a rolling average exceeds the limit.
- **Inspection targeting**: visit plants with suspicious patterns first.
- **Inventories**: replace estimated emission factors with measured values for large sources.
- **Permitting and trading**: annual mass emissions for caps and allowance surrender.

## Building a networked system

A national CEMS programme needs common data formats, clock synchronisation, secure transmission and an
accredited laboratory network for the annual checks. Start with the largest sources, publish the rules for
quality assurance before the deadline for installation, and train inspectors to read data, not just to visit.

## Protecting the data from manipulation

Wherever operators pay penalties for exceedances, some will be tempted to edit the numbers. Good systems make that
hard and visible: analysers and the DAHS store raw signals with time stamps that cannot be changed, every
configuration change is logged with the user who made it, and the regulator's server receives data directly from
the plant's DAHS rather than from a spreadsheet. Video cameras at the analyser shelter and unannounced inspections
complete the picture. Several countries have made data falsification a criminal offence for the company and for
the individuals involved, which has proved a stronger deterrent than fines.
"""

CEMS = DemoCourse(
    slug="continuous-emissions-monitoring-2025",
    title="Continuous emissions monitoring systems (2025 cohort)",
    summary=(
        "Measuring what leaves the stack: analysers, quality assurance and real-time reporting for "
        "regulators and plant operators."
    ),
    description="""\
A cohort course for environmental inspectors and plant engineers, run in 2025 and now archived. It covered how a
continuous emissions monitoring system (CEMS) works, how to choose and site analysers, the quality assurance that
makes the numbers trustworthy, and how data reach the regulator and the public.

The course is kept for its graduates and their certificates; a new cohort will open under a new page.
""",
    language="en",
    level="advanced",
    hours="8",
    objectives=("monitoring", "low-carbon"),
    institutions=(("PCD", "host"), ("GreenGrid", "co-host"), ("BIES", "certifying")),
    instructors=("li.na@cai-demo.org", INSTRUCTOR),
    modules=(
        DemoModule("What a CEMS measures, and the corrections", 45, ("monitoring",), CEMS_1),
        DemoModule("Analysers and dust monitors", 45, ("monitoring",), CEMS_2),
        DemoModule("Quality assurance: calibration, drift and audits", 60, ("monitoring",), CEMS_3),
        DemoModule("Data systems, reporting and disclosure", 45, ("monitoring", "low-carbon"), CEMS_4),
    ),
    mode="approval",
    dates=(-430, 45),  # over a year ago, so the certificates of this cohort, valid for twelve months, have expired
    status="archived",
    certificate_valid_months=12,
)

# --- Water quality laboratories (Thai) ------------------------------------------------------------------------

WATER_1 = """\
## ทำไมต้องตรวจวัดคุณภาพน้ำ

ข้อมูลคุณภาพน้ำเป็นพื้นฐานของการจัดการแหล่งน้ำทุกระดับ หน่วยงานรัฐใช้ข้อมูลนี้ตรวจสอบว่าแม่น้ำ คลอง
และแหล่งน้ำผิวดินเป็นไปตามมาตรฐานหรือไม่ ตรวจสอบน้ำทิ้งจากโรงงานและชุมชนว่าเป็นไปตามค่ามาตรฐานน้ำทิ้ง
และติดตามแนวโน้มระยะยาวเพื่อประเมินว่ามาตรการที่ลงทุนไปได้ผลจริง ข้อมูลที่ผิดพลาดอาจทำให้ตัดสินใจผิด
เช่น ปล่อยให้แหล่งมลพิษสำคัญหลุดรอดการตรวจสอบ หรือลงโทษผู้ประกอบการที่ไม่ได้ทำผิด

## พารามิเตอร์ที่สำคัญ

| พารามิเตอร์ | ความหมาย | ข้อสังเกต |
|---|---|---|
| ออกซิเจนละลายน้ำ (DO) | ออกซิเจนที่สัตว์น้ำใช้หายใจ | ต่ำกว่า 2 มก./ล. สัตว์น้ำส่วนใหญ่อยู่ไม่ได้ |
| บีโอดี (BOD5) | ออกซิเจนที่จุลินทรีย์ใช้ย่อยสลายสารอินทรีย์ใน 5 วันที่ 20 °C | บอกภาระสารอินทรีย์ที่ย่อยสลายได้ |
| ซีโอดี (COD) | ออกซิเจนที่ใช้ออกซิไดซ์สารอินทรีย์ด้วยสารเคมีอย่างแรง | ได้ผลภายในไม่กี่ชั่วโมง ค่ามักสูงกว่า BOD |
| ความเป็นกรด-ด่าง (pH) | ความเป็นกรดหรือด่างของน้ำ | เปลี่ยนเร็ว ต้องวัดที่ภาคสนาม |
| ของแข็งแขวนลอย (SS) | ตะกอนที่กรองแยกได้ | สัมพันธ์กับการกัดเซาะและน้ำทิ้ง |
| ไนโตรเจนและฟอสฟอรัส | ธาตุอาหารของพืชน้ำ | มากเกินไปทำให้เกิดสาหร่ายบลูม |
| แบคทีเรียกลุ่มโคลิฟอร์ม | ตัวบ่งชี้การปนเปื้อนจากสิ่งขับถ่าย | สำคัญต่อน้ำดิบเพื่อการประปาและการสัมผัสน้ำ |
| โลหะหนัก | เช่น ตะกั่ว แคดเมียม ปรอท | สะสมในสิ่งมีชีวิต ต้องใช้เครื่องมือเฉพาะ |

## วัดที่ภาคสนามหรือในห้องปฏิบัติการ

พารามิเตอร์บางตัวเปลี่ยนแปลงเร็วมากหลังเก็บตัวอย่าง จึงต้องวัดทันทีที่จุดเก็บ ได้แก่

- อุณหภูมิ และความเป็นกรด-ด่าง
- ออกซิเจนละลายน้ำ (ด้วยมิเตอร์ที่สอบเทียบแล้วในวันนั้น)
- ค่าการนำไฟฟ้า และความขุ่น

พารามิเตอร์อื่น เช่น BOD, COD, ธาตุอาหาร และโลหะหนัก ต้องส่งวิเคราะห์ในห้องปฏิบัติการ
โดยเก็บรักษาตัวอย่างอย่างถูกวิธี ซึ่งเป็นหัวข้อของบทถัดไป

## ความสัมพันธ์ระหว่าง BOD และ COD

อัตราส่วน BOD/COD ช่วยบอกลักษณะของน้ำเสีย น้ำเสียชุมชนมักมีอัตราส่วนประมาณ 0.4-0.6
ซึ่งแสดงว่าย่อยสลายทางชีวภาพได้ดี ถ้าอัตราส่วนต่ำกว่า 0.3 อาจมีสารที่ย่อยสลายยากหรือสารพิษต่อจุลินทรีย์
ซึ่งเป็นสัญญาณให้ตรวจสอบแหล่งน้ำทิ้งจากอุตสาหกรรมเพิ่มเติม
"""

WATER_2 = """\
## เริ่มจากแผนการเก็บตัวอย่าง

ผลวิเคราะห์ที่แม่นยำที่สุดก็ไร้ประโยชน์ถ้าตัวอย่างไม่เป็นตัวแทนของแหล่งน้ำ ก่อนออกภาคสนามต้องกำหนดให้ชัดเจนว่า

1. **จุดเก็บ**: ระบุพิกัด GPS และถ่ายภาพ เก็บที่จุดเดิมทุกครั้งเพื่อให้เปรียบเทียบแนวโน้มได้
2. **ความถี่และเวลา**: คุณภาพน้ำเปลี่ยนตามฤดูกาลและช่วงเวลาของวัน เช่น DO ต่ำสุดช่วงเช้ามืด
3. **ชนิดตัวอย่าง**: ตัวอย่างจ้วง (grab sample) บอกสภาพ ณ เวลานั้น
   ส่วนตัวอย่างผสมตามเวลาหรือตามอัตราการไหล (composite sample) เหมาะกับน้ำทิ้งที่เปลี่ยนแปลงตลอดวัน

## ภาชนะและการรักษาสภาพตัวอย่าง

| พารามิเตอร์ | ภาชนะ | การรักษาสภาพ | ระยะเวลาเก็บรักษาสูงสุด |
|---|---|---|---|
| BOD | พลาสติกหรือแก้ว | แช่เย็นไม่เกิน 6 °C | 48 ชั่วโมง |
| COD | พลาสติกหรือแก้ว | เติมกรดซัลฟิวริกให้ pH ต่ำกว่า 2 และแช่เย็น | 28 วัน |
| แอมโมเนีย-ไนโตรเจน | พลาสติกหรือแก้ว | เติมกรดซัลฟิวริกให้ pH ต่ำกว่า 2 และแช่เย็น | 28 วัน |
| โลหะหนัก | พลาสติกที่ล้างด้วยกรด | เติมกรดไนตริกให้ pH ต่ำกว่า 2 | 6 เดือน (ปรอท 28 วัน) |
| แบคทีเรียกลุ่มโคลิฟอร์ม | ขวดปลอดเชื้อ | แช่เย็นต่ำกว่า 10 °C | เริ่มวิเคราะห์ภายใน 8 ชั่วโมง |
| น้ำมันและไขมัน | แก้วเท่านั้น | เติมกรดให้ pH ต่ำกว่า 2 | 28 วัน |

ถ้าน้ำมีคลอรีนตกค้าง เช่น น้ำทิ้งที่ผ่านการฆ่าเชื้อ ต้องใส่โซเดียมไทโอซัลเฟตในขวดเก็บตัวอย่างแบคทีเรีย
มิฉะนั้นคลอรีนจะฆ่าแบคทีเรียระหว่างขนส่งและทำให้ผลต่ำกว่าความจริง

## ข้อผิดพลาดที่พบบ่อย

- เก็บตัวอย่างจากผิวน้ำที่มีฟองหรือคราบน้ำมัน แทนที่จะเก็บใต้ผิวน้ำประมาณ 30 เซนติเมตร
- ใช้ขวดซ้ำโดยไม่ล้างตามขั้นตอน ทำให้ปนเปื้อนจากตัวอย่างก่อนหน้า
- ลืมแช่เย็นระหว่างขนส่ง ทำให้ค่า BOD ลดลงเพราะจุลินทรีย์ย่อยสลายไปก่อน
- ส่งถึงห้องปฏิบัติการเกินระยะเวลาเก็บรักษา แต่ยังรายงานผลโดยไม่มีหมายเหตุ

## บันทึกการส่งต่อตัวอย่าง (chain of custody)

ทุกตัวอย่างต้องมีฉลากและแบบบันทึกที่ระบุรหัสตัวอย่าง จุดเก็บ วันเวลา ผู้เก็บ การรักษาสภาพ
และลายมือชื่อของทุกคนที่รับส่งตัวอย่างจนถึงห้องปฏิบัติการ เอกสารนี้สำคัญมากเมื่อผลวิเคราะห์ถูกใช้ในการบังคับใช้กฎหมาย
เพราะผู้ประกอบการมีสิทธิ์โต้แย้งว่าตัวอย่างอาจถูกสลับหรือปนเปื้อน
"""

WATER_3 = """\
## การประกันคุณภาพและการควบคุมคุณภาพ

**การประกันคุณภาพ (QA)** คือระบบทั้งหมดที่ทำให้มั่นใจว่าผลวิเคราะห์เชื่อถือได้ ตั้งแต่การฝึกอบรมบุคลากร
วิธีวิเคราะห์ที่เป็นมาตรฐาน จนถึงการจัดการเอกสาร ส่วน **การควบคุมคุณภาพ (QC)**
คือการตรวจสอบที่ทำในแต่ละชุดการวิเคราะห์เพื่อพิสูจน์ว่าชุดนั้นอยู่ในการควบคุม

## ตัวอย่างควบคุมคุณภาพในแต่ละชุดการวิเคราะห์

| ตัวอย่างควบคุม | ตรวจสอบอะไร | เกณฑ์ที่ใช้บ่อย |
|---|---|---|
| แบลงก์ (blank) | การปนเปื้อนจากน้ำกลั่น สารเคมี และภาชนะ | ต่ำกว่าค่าต่ำสุดที่รายงานได้ |
| ตัวอย่างซ้ำ (duplicate) | ความเที่ยงของการวิเคราะห์ | ผลต่างสัมพัทธ์ไม่เกินประมาณ 20% |
| ตัวอย่างเติมสารมาตรฐาน (spike) | ผลกระทบจากองค์ประกอบของตัวอย่าง | ร้อยละการคืนกลับ 80-120% |
| วัสดุอ้างอิงรับรอง (CRM) | ความถูกต้องเทียบกับค่าที่รับรอง | อยู่ในช่วงที่ผู้ผลิตรับรอง |
| กราฟมาตรฐาน | ความสัมพันธ์ระหว่างสัญญาณกับความเข้มข้น | สัมประสิทธิ์สหสัมพันธ์ 0.995 ขึ้นไป |

## แผนภูมิควบคุม

นำผลของตัวอย่างควบคุมมาลงแผนภูมิทุกครั้ง โดยใช้ค่าเฉลี่ยเป็นเส้นกลาง เส้นเตือนที่ ±2 เท่าของส่วนเบี่ยงเบนมาตรฐาน
และเส้นควบคุมที่ ±3 เท่า ถ้าผลออกนอกเส้นควบคุม หรือมีผลเรียงกันอยู่ด้านเดียวของเส้นกลางหลายครั้งติดต่อกัน
ให้หยุดรายงานผลของชุดนั้น หาสาเหตุ แก้ไข และวิเคราะห์ใหม่

## การรายงานผล

- รายงานพร้อมหน่วยและวิธีวิเคราะห์ที่ใช้
- ระบุขีดจำกัดการตรวจพบ (LOD) และขีดจำกัดการวัดเชิงปริมาณ (LOQ) ห้ามรายงานว่า "0"
  ให้รายงานว่าต่ำกว่าค่า LOQ แทน
- ระบุหมายเหตุเมื่อตัวอย่างเกินระยะเวลาเก็บรักษาหรือการรักษาสภาพไม่ถูกต้อง

## การรับรองความสามารถห้องปฏิบัติการ

มาตรฐาน ISO/IEC 17025 กำหนดข้อกำหนดทั่วไปสำหรับความสามารถของห้องปฏิบัติการทดสอบและสอบเทียบ
ห้องปฏิบัติการที่ได้รับการรับรองต้องเข้าร่วมการทดสอบความชำนาญ (proficiency testing) อย่างสม่ำเสมอ
การเชื่อมโยงห้องปฏิบัติการของหลายหน่วยงานให้ใช้วิธีเดียวกันและเปรียบเทียบผลกันได้
คือหัวใจของเครือข่ายการตรวจวัดสิ่งแวดล้อมที่เป็นมาตรฐานเดียวกันในภูมิภาค
"""

WATER = DemoCourse(
    slug="water-quality-laboratories-th",
    title="การตรวจวัดคุณภาพน้ำสำหรับห้องปฏิบัติการภาครัฐ",
    summary=(
        "พารามิเตอร์สำคัญ การเก็บและรักษาตัวอย่างน้ำ และการควบคุมคุณภาพผลวิเคราะห์ สำหรับเจ้าหน้าที่ห้องปฏิบัติการและผู้ตรวจติดตามคุณภาพน้ำ"
    ),
    description="""\
หลักสูตรพื้นฐานสำหรับเจ้าหน้าที่ห้องปฏิบัติการสิ่งแวดล้อม ผู้ตรวจโรงงาน และเจ้าหน้าที่ท้องถิ่น
ที่ต้องเก็บตัวอย่างน้ำ วิเคราะห์ หรืออ่านผลวิเคราะห์คุณภาพน้ำ

เนื้อหาครอบคลุมพารามิเตอร์สำคัญ เช่น DO, BOD, COD และแบคทีเรียกลุ่มโคลิฟอร์ม
วิธีเก็บและรักษาสภาพตัวอย่างให้ถูกต้อง และระบบควบคุมคุณภาพที่ทำให้ผลวิเคราะห์ใช้ในการบังคับใช้กฎหมายได้
เรียนด้วยตนเองตามเวลาที่สะดวก
""",
    language="th",
    level="introductory",
    hours="6",
    objectives=("monitoring", "low-carbon"),
    institutions=(("PCD", "host"), ("TEI", "co-host"), ("PCD", "certifying")),
    instructors=(INSTRUCTOR, "lim.weiling@cai-demo.org"),
    modules=(
        DemoModule("พารามิเตอร์คุณภาพน้ำที่สำคัญ", 40, ("monitoring", "low-carbon"), WATER_1),
        DemoModule("การเก็บและรักษาสภาพตัวอย่างน้ำ", 45, ("monitoring",), WATER_2),
        DemoModule("การควบคุมคุณภาพและการรับรองห้องปฏิบัติการ", 45, ("monitoring",), WATER_3),
    ),
)

COURSES = (AIR, CEMS, WATER)
