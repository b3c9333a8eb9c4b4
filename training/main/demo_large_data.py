"""Data of the large demo (``seed-demo --large``): countries, names, sectors, the generated courses and their
statements, and the shape of the history (months, growth). Plain constants; demo_large.py does the work.
"""

from __future__ import annotations

from dataclasses import dataclass

DOMAIN = "large.cai-demo.org"
SLUG_PREFIX = "large-demo-"
FLAGSHIP = SLUG_PREFIX + "epr-for-packaging"  # MOEJ hosts and certifies it: last year's cohort comes from everywhere
FLAGSHIP_COHORT = 30  # at most this many trainees (two per country) took the flagship course last calendar year
WINDOW_DAYS = 730  # the history covers the last 24 months
HOURS = 3600

# --- Who the trainees are --------------------------------------------------------------------------------------

# country: (weight, time zone, course language spoken there besides English)
COUNTRIES: dict[str, tuple[int, str, str | None]] = {
    "JP": (14, "Asia/Tokyo", "ja"),
    "TH": (10, "Asia/Bangkok", "th"),
    "VN": (10, "Asia/Ho_Chi_Minh", "vi"),
    "ID": (10, "Asia/Jakarta", "id"),
    "IN": (9, "Asia/Kolkata", None),
    "PH": (8, "Asia/Manila", None),
    "CN": (8, "Asia/Shanghai", "zh"),
    "MY": (6, "Asia/Kuala_Lumpur", None),
    "KR": (5, "Asia/Seoul", "ko"),
    "KH": (4, "Asia/Phnom_Penh", None),
    "MM": (4, "Asia/Yangon", None),
    "BD": (4, "Asia/Dhaka", None),
    "LA": (3, "Asia/Vientiane", None),
    "MN": (3, "Asia/Ulaanbaatar", None),
    "NP": (3, "Asia/Kathmandu", None),
}
SECTOR_WEIGHTS = {"government": 38, "industry": 18, "academia": 20, "civil_society": 14, "international": 10}
NO_INSTITUTION = 0.25

# (family names, given names, joined family-first without a space?)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "JP": (
        ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"),
        ("陽翔", "蓮", "結衣", "美咲", "大輝", "さくら", "翔", "彩花", "健太", "真由美"),
        "family first",
    ),
    "CN": (
        ("王", "李", "张", "刘", "陈", "杨", "黄", "赵"),
        ("伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "婷"),
        "joined",
    ),
    "KR": (
        ("김", "이", "박", "최", "정", "강", "조"),
        ("민준", "서연", "지훈", "하은", "도윤", "수빈", "예준"),
        "joined",
    ),
    "TH": (
        ("ทองดี", "ศรีสุข", "บุญมา", "แก้วใส", "จันทร์เพ็ญ", "สุขสวัสดิ์"),
        ("สมศักดิ์", "สุดา", "ประเสริฐ", "วิภา", "อนันต์", "มาลี", "กิตติ"),
        "given first",
    ),
    "VN": (
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"),
        ("Văn An", "Thị Hương", "Minh Tuấn", "Thu Trang", "Quốc Bảo", "Thị Mai", "Đức Nam"),
        "family first",
    ),
    "ID": (
        ("Setiawan", "Kartika", "Wulandari", "Hartono", "Handayani", "Prasetyo", "Saputra"),
        ("Agus", "Dewi", "Rina", "Budi", "Sri", "Eko", "Putri"),
        "given first",
    ),
    "IN": (
        ("Patel", "Reddy", "Nair", "Gupta", "Singh", "Iyer", "Das"),
        ("Aarav", "Ananya", "Rohan", "Kavya", "Vikram", "Sneha", "Arjun"),
        "given first",
    ),
    "PH": (
        ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz"),
        ("Juan", "Maria", "Jose", "Ana", "Mark", "Kristine", "Paolo"),
        "given first",
    ),
    "MY": (
        ("bin Ismail", "binti Rahman", "Tan", "Lim", "Raj", "binti Hassan"),
        ("Ahmad Faizal", "Nur Izzati", "Mei Ling", "Chee Keong", "Priya", "Siti Nabilah"),
        "given first",
    ),
    "KH": (
        ("Chan", "Sok", "Kim", "Heng", "Meas", "Chea"),
        ("Sokha", "Dara", "Vanna", "Sreymom", "Pisey", "Rithy"),
        "family first",
    ),
    "MM": (("",), ("Aung Aung", "Thandar Win", "Kyaw Zin", "Hnin Wai", "Zaw Min Oo", "Su Mon"), "given first"),
    "BD": (
        ("Hossain", "Akter", "Rahman", "Islam", "Chowdhury"),
        ("Rahim", "Fatema", "Tanvir", "Nusrat", "Arif"),
        "given first",
    ),
    "LA": (
        ("Phommachanh", "Sisavath", "Vongsa", "Inthavong"),
        ("Souksavanh", "Keo", "Bounmy", "Vilay", "Noy"),
        "given first",
    ),
    "MN": (
        ("Dorj", "Bold", "Sukh", "Batbayar"),
        ("Ganbold", "Oyunchimeg", "Saruul", "Tsetseg", "Bat-Erdene"),
        "patronymic",
    ),
    "NP": (
        ("Shrestha", "Gurung", "Thapa", "Adhikari", "Rai"),
        ("Sita", "Ram", "Binod", "Anita", "Suman", "Pooja"),
        "given first",
    ),
}

# Busy in spring and autumn, quiet in August and over the New Year; activity grows over the two years.
MONTH_WEIGHTS = (0.7, 0.9, 1.15, 1.3, 1.3, 1.1, 0.9, 0.55, 1.2, 1.4, 1.25, 0.5)
GROWTH = (0.6, 1.4)  # relative activity 24 months ago and today
ENROLMENTS_PER_TRAINEE = {1: 34, 2: 30, 3: 20, 4: 10, 5: 6}
COMPLETE, WITHDRAW = 0.66, 0.14  # of accepted enrolments with time enough to finish; the rest stall

# --- The generated courses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedCourse:
    key: str  # the slug after SLUG_PREFIX
    title: str
    summary: str
    objectives: tuple[str, ...]  # CAI codes, the first is the course's main objective (its questions)
    language: str
    level: str
    hours: int
    host: str  # demo institution short names
    co_host: str | None
    certifying: str
    popularity: int  # relative share of enrolments
    published_months_ago: int
    mode: str = "open"  # enrolment: open or approval
    certificate_mode: str = "auto"  # auto or approval
    valid_months: int | None = None
    min_grade: int | None = None


def _gc(key, title, summary, objectives, language, level, hours, host, co_host, certifying, popularity, months, **kw):
    return GeneratedCourse(
        key, title, summary, objectives, language, level, hours, host, co_host, certifying, popularity, months, **kw
    )


LC, MC, NA, GM = "low-carbon", "material-cycle", "nature-adaptation", "green-market"
PT, MO, LD, ET = "partnerships", "monitoring", "leadership", "environment-trade"

# fmt: off
GENERATED: tuple[GeneratedCourse, ...] = (
    _gc("city-climate-action-plans", "City climate action plans: from inventory to targets",
        "Build a city greenhouse-gas inventory, set targets and turn them into a costed action plan.",
        (LC, LD), "en", "intermediate", 10, "APREO", None, "APREO", 3, 26),
    _gc("energy-efficiency-public-buildings", "Energy efficiency in public buildings",
        "Audit, retrofit and operate schools, offices and hospitals with less energy.",
        (LC,), "en", "introductory", 6, "KGSES", None, "KGSES", 2, 20),
    _gc("ghg-inventory-basics-ja", "温室効果ガス排出量の算定・報告入門",
        "事業所と自治体の温室効果ガス排出量を算定し、報告するための基礎。",
        (LC, MO), "ja", "introductory", 8, "MOEJ", None, "MOEJ", 2, 26),
    _gc("low-carbon-urban-transport", "Low-carbon urban transport planning",
        "Public transport, walking, cycling and electric mobility in a city's climate plan.",
        (LC, PT), "en", "advanced", 12, "MONRE", "GreenGrid", "MONRE", 1, 14, mode="approval",
        certificate_mode="approval"),
    _gc("epr-for-packaging", "Extended producer responsibility for packaging",
        "Design, run and monitor an EPR scheme that pays for the collection and recycling of packaging.",
        (MC, GM), "en", "intermediate", 12, "MOEJ", "RCCEA", "MOEJ", 3, 26, valid_months=36, min_grade=60),
    _gc("plastic-waste-recycling-markets", "Plastic waste: from collection to recycling markets",
        "Collection, sorting and the markets that make plastic recycling pay, with Asian case studies.",
        (MC,), "en", "introductory", 8, "RCCEA", "MOEJ", "MOEJ", 3, 22),
    _gc("circular-society-3r-policy-ja", "循環型社会と3R政策",
        "日本の循環型社会形成推進基本法と3R政策の仕組みを、自治体と企業の事例で学びます。",
        (MC,), "ja", "introductory", 6, "MOEJ", "NCM", "MOEJ", 2, 26),
    _gc("food-loss-and-waste-in-cities", "Food loss and waste in Asian cities",
        "Measure food loss and waste, prevent it, and compost or digest what remains.",
        (MC, PT), "en", "introductory", 6, "KGSES", "NCM", "KGSES", 2, 18),
    _gc("construction-demolition-waste", "Construction and demolition waste: a circular approach",
        "Selective demolition, recycled aggregates and the rules that create a market for them.",
        (MC,), "en", "intermediate", 10, "NWR", "UASM", "UASM", 1, 12),
    _gc("healthcare-waste-management", "Healthcare waste: safe segregation and treatment",
        "Segregate, store, treat and dispose of healthcare waste safely, from clinic to incinerator.",
        (MC, MO), "en", "intermediate", 8, "MoEFCC", None, "IISS", 2, 26, certificate_mode="approval"),
    _gc("mangrove-restoration", "Mangrove restoration and coastal resilience",
        "Plan and monitor mangrove restoration that protects coasts and livelihoods.",
        (NA,), "en", "intermediate", 10, "GEN-PH", "UASM", "APREO", 2, 24),
    _gc("urban-flood-risk-nbs", "Urban flood risk and nature-based solutions",
        "Assess flood risk and combine green and grey measures in a city's drainage plan.",
        (NA, LC), "en", "intermediate", 8, "MONRE", None, "MONRE", 2, 20),
    _gc("urban-heat-adaptation-th", "การปรับตัวรับมือคลื่นความร้อนในเมือง",
        "แนวทางลดผลกระทบจากความร้อนในเมืองด้วยพื้นที่สีเขียวและการวางแผนด้านสุขภาพ",
        (NA,), "th", "introductory", 5, "TEI", None, "TEI", 1, 16),
    _gc("financing-biodiversity", "Financing biodiversity: tools for planners",
        "Public budgets, payments for ecosystem services and biodiversity credits compared.",
        (NA, GM), "en", "advanced", 12, "APREO", "Hanbit", "APREO", 1, 10, certificate_mode="approval"),
    _gc("eco-labels-consumer-information", "Eco-labels and green consumer information",
        "How eco-labels are set, verified and used by buyers, and how to spot greenwashing.",
        (GM,), "en", "introductory", 5, "TEI", "MOEJ", "TEI", 2, 26),
    _gc("sustainable-supply-chains-smes", "Sustainable supply chains for SMEs",
        "Help small suppliers meet buyers' environmental requirements without losing business.",
        (GM, PT), "en", "intermediate", 8, "Hanbit", "NCM", "KGSES", 2, 20),
    _gc("corporate-environmental-disclosure-zh", "企业环境信息披露实务",
        "企业环境信息依法披露的要求、指标与报告编制方法。",
        (GM,), "zh", "intermediate", 8, "GreenGrid", None, "BIES", 1, 18),
    _gc("green-finance-local-government-id", "Pembiayaan hijau untuk pemerintah daerah",
        "Sumber pembiayaan hijau dan cara menyusun proyek daerah yang layak dibiayai.",
        (GM,), "id", "introductory", 6, "NWR", None, "RCCEA", 1, 12),
    _gc("city-to-city-cooperation", "City-to-city cooperation for environmental management",
        "Set up and run a partnership between cities that face the same environmental problems.",
        (PT,), "en", "introductory", 6, "RCCEA", "MOEJ", "RCCEA", 2, 26),
    _gc("stakeholder-engagement", "Stakeholder engagement for environmental projects",
        "Map stakeholders, consult them well and keep them involved from design to evaluation.",
        (PT, LD), "en", "introductory", 5, "GEN-PH", None, "GEN-PH", 2, 22),
    _gc("fundable-project-proposals", "Writing fundable environmental project proposals",
        "From problem tree to logical framework and budget: proposals that donors fund.",
        (PT,), "en", "intermediate", 8, "APREO", None, "APREO", 2, 14),
    _gc("youth-environmental-networks-vi", "Mạng lưới thanh niên vì môi trường",
        "Xây dựng và duy trì mạng lưới thanh niên tham gia các hoạt động bảo vệ môi trường.",
        (PT,), "vi", "introductory", 4, "MONRE", None, "MONRE", 1, 9),
    _gc("low-cost-air-sensors", "Low-cost air quality sensors: deployment and data quality",
        "Choose, calibrate and deploy low-cost sensors, and know what their data can and cannot show.",
        (MO, LC), "en", "intermediate", 8, "PCD", "GreenGrid", "BIES", 2, 24),
    _gc("water-quality-data-management", "Water quality data management and reporting",
        "From sampling plans to validated data and public reports on river and lake quality.",
        (MO,), "en", "intermediate", 10, "BIES", None, "BIES", 2, 20),
    _gc("remote-sensing-land-forest", "Remote sensing for land and forest monitoring",
        "Satellite imagery for land cover, deforestation alerts and restoration tracking.",
        (MO, NA), "en", "advanced", 14, "UASM", None, "UASM", 1, 16, mode="approval"),
    _gc("emission-inventory-ko", "대기오염물질 배출량 인벤토리 구축",
        "사업장과 도시의 대기오염물질 배출량 인벤토리를 구축하고 검증하는 방법.",
        (MO,), "ko", "intermediate", 8, "Hanbit", None, "Hanbit", 1, 12),
    _gc("women-in-environmental-leadership", "Women in environmental leadership",
        "Leadership skills, networks and mentoring for women working on the environment.",
        (LD, PT), "en", "introductory", 6, "APREO", None, "KGSES", 2, 24),
    _gc("evidence-based-policy-making", "Evidence-based environmental policy making",
        "Use data, evaluation and consultation to design, adjust and defend environmental policy.",
        (LD,), "en", "advanced", 12, "KGSES", "MOEJ", "KGSES", 1, 26, mode="approval"),
    _gc("leading-change-in-agencies", "Leading change in environmental agencies",
        "Plan and lead organisational change in a ministry or agency.",
        (LD,), "en", "intermediate", 8, "IISS", None, "IISS", 1, 15),
    _gc("basel-convention-illegal-waste-trade", "Combating illegal waste trade: the Basel Convention in practice",
        "Notification, prior informed consent and enforcement against illegal shipments of waste.",
        (ET, MC), "en", "advanced", 10, "MoEFCC", "RCCEA", "IISS", 1, 26, certificate_mode="approval"),
    _gc("green-customs", "Green customs: environmental goods at the border",
        "Classify environmental goods, apply trade-agreement preferences and stop illegal trade.",
        (ET, GM), "en", "intermediate", 8, "APREO", None, "APREO", 1, 20),
    _gc("carbon-border-measures", "Carbon border measures and Asian exporters",
        "What carbon border adjustments ask of exporters, and how to measure embedded emissions.",
        (ET, LC), "en", "intermediate", 6, "RCCEA", "NCM", "RCCEA", 2, 8),
)
# fmt: on

# Who teaches a generated course: the demo instructor of its host institution, else the demo instructor.
INSTRUCTORS = {
    "KGSES": "instructor@cai-demo.org",
    "BIES": "li.na@cai-demo.org",
    "MONRE": "tran.van.minh@cai-demo.org",
    "IISS": "meera.iyer@cai-demo.org",
    "MoEFCC": "meera.iyer@cai-demo.org",
    "UASM": "nurul.aisyah@cai-demo.org",
    "APREO": "lim.weiling@cai-demo.org",
}
DEFAULT_INSTRUCTOR = "instructor@cai-demo.org"

MODULE_TITLES = {
    "en": ("Why it matters", "Methods and tools", "Case studies from Asia", "Putting it into practice"),
    "ja": ("なぜ重要か", "手法とツール", "アジアの事例", "実践に向けて"),
    "th": ("ความสำคัญ", "วิธีการและเครื่องมือ", "กรณีศึกษาในเอเชีย", "การนำไปใช้"),
    "zh": ("为什么重要", "方法与工具", "亚洲案例", "付诸实践"),
    "ko": ("왜 중요한가", "방법과 도구", "아시아 사례", "실천하기"),
    "vi": ("Vì sao quan trọng", "Phương pháp và công cụ", "Ví dụ từ châu Á", "Áp dụng vào thực tế"),
    "id": ("Mengapa penting", "Metode dan alat", "Studi kasus di Asia", "Menerapkan dalam praktik"),
}

# Five true/false statements per objective: (statement, true?, feedback). The quiz asks the first three, the final
# test all five.
STATEMENTS: dict[str, tuple[tuple[str, bool, str], ...]] = {
    LC: (
        (
            "A city's greenhouse-gas inventory multiplies activity data (fuel, power, waste) by emission factors.",
            True,
            "Activity data times emission factors is the usual method.",
        ),
        (
            "Scope 2 emissions are the direct emissions of fuel burned on site.",
            False,
            "Those are Scope 1; Scope 2 covers purchased electricity, heat and steam.",
        ),
        (
            "Cleaner air and lower energy bills can be co-benefits of climate measures.",
            True,
            "Co-benefits often make the case for action locally.",
        ),
        (
            "A net-zero target means that a city emits no greenhouse gases at all.",
            False,
            "Net zero balances the remaining emissions with removals.",
        ),
        ("Replacing street lighting with LEDs is an energy-efficiency measure.", True, "Same service, less energy."),
    ),
    MC: (
        (
            "In the waste hierarchy, prevention comes before recycling.",
            True,
            "Prevent, reuse, recycle, recover, dispose.",
        ),
        (
            "Extended producer responsibility makes producers responsible for their products after use.",
            True,
            "Producers pay for, or organise, collection and recycling.",
        ),
        (
            "Mixing food waste with recyclables usually raises the value of the recyclables.",
            False,
            "Contamination lowers their value.",
        ),
        ("Landfill is the preferred option of the 3Rs approach.", False, "Landfill is the last resort."),
        ("Sorting at source makes composting food waste easier.", True, "Clean organic waste composts well."),
    ),
    NA: (
        ("Mangroves can reduce wave energy and coastal erosion.", True, "They are a natural coastal defence."),
        (
            "Nature-based solutions cannot be combined with grey infrastructure.",
            False,
            "Hybrid green-grey designs are common.",
        ),
        ("A climate risk assessment combines hazard, exposure and vulnerability.", True, "Risk needs all three."),
        ("Urban green space can lower local temperatures during heat waves.", True, "Shade and evaporation cool."),
        ("Adaptation planning needs no input from local communities.", False, "Local knowledge is essential."),
    ),
    GM: (
        (
            "Green public procurement uses public buying power to favour environmentally better products.",
            True,
            "Public purchasing is a large share of demand.",
        ),
        (
            "An eco-label is credible when its criteria and verification are transparent.",
            True,
            "Transparency and independent checks build trust.",
        ),
        (
            "Life-cycle costing looks only at the purchase price.",
            False,
            "It adds running, maintenance and disposal costs.",
        ),
        ("Green bonds finance projects with environmental benefits.", True, "The proceeds are earmarked."),
        (
            "Greenwashing is the independent verification of environmental claims.",
            False,
            "Greenwashing is overstating environmental benefits.",
        ),
    ),
    PT: (
        ("City-to-city cooperation lets cities learn from peers with similar problems.", True, "Peer learning."),
        ("A stakeholder map lists who is affected by, or can influence, a project.", True, "Then plan how to engage."),
        ("A partnership agreement needs no shared objectives.", False, "Shared objectives hold it together."),
        ("Involving civil society early can make a project's results last longer.", True, "Ownership lasts."),
        (
            "A logical framework lists activities only, without expected outcomes.",
            False,
            "It links activities to outputs, outcomes and indicators.",
        ),
    ),
    MO: (
        ("Low-cost air sensors should be checked against a reference monitor.", True, "Co-location calibrates them."),
        (
            "Quality assurance of monitoring data can stop once the sensors are installed.",
            False,
            "Sensors drift: checks go on.",
        ),
        ("PM2.5 means particles with a diameter of 2.5 micrometres or less.", True, "Fine particles."),
        ("Open data formats make monitoring results easier to share.", True, "Others can reuse them."),
        ("One sample describes a river's water quality for a whole year.", False, "Quality varies with the seasons."),
    ),
    LD: (
        ("Evidence-based policy uses data and evaluation to choose and adjust measures.", True, "Learn and adjust."),
        ("Leading change starts with a clear, shared reason for the change.", True, "People need the why."),
        ("Good environmental leaders avoid consulting other ministries.", False, "Environment cuts across ministries."),
        ("Monitoring and evaluation tell a leader whether a policy works.", True, "Measure to learn."),
        ("Being honest about uncertainty always undermines trust.", False, "Candour usually builds trust."),
    ),
    ET: (
        ("The Basel Convention controls transboundary movements of hazardous wastes.", True, "Since 1992."),
        (
            "Prior informed consent means the importing country agrees before a controlled shipment.",
            True,
            "No consent, no shipment.",
        ),
        ("Trade agreements can lower tariffs on environmental goods.", True, "Environmental goods lists do so."),
        (
            "Since the plastic waste amendments, any mixed plastic waste may be exported without notification.",
            False,
            "Most mixed plastic waste now needs prior informed consent.",
        ),
        ("Customs officers play no part in stopping illegal waste shipments.", False, "They are the front line."),
    ),
}

REVOKE_SHARE = 0.005
REVOKE_REASON = (
    "Revoked by the certifying institution after an integrity review of the final test (large demo history)."
)


# --- The specimen PDF --------------------------------------------------------------------------------------------
