"""Seed the eight canonical CAI objective codes (data migration, plain SQL, no model imports).

Titles and descriptions are written from the initiative's text (Clean Asia
Initiative objectives); the Japanese text is our translation. The codes are
stable and must never change meaning.

Revision ID: 7c1a2e9d4b10
Revises: 5be3887189e2
Create Date: 2026-11-28 17:40:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "7c1a2e9d4b10"
down_revision = "5be3887189e2"
branch_labels = None
depends_on = None

OBJECTIVES = [
    (
        "low-carbon", "objective",
        "Low-carbon / low-pollution society",
        "Shift to a low-carbon society while tackling urgent air and water pollution through the co-benefit "
        "approach: policy packages, measurement technology, regulation systems and the people to run them, "
        "building on successful pollution control.",
        "低炭素・低公害社会",
        "コベネフィット・アプローチにより、低炭素社会への移行と大気・水質汚染という喫緊の課題への対策を同時に進めます。"
        "政策パッケージ、測定技術、規制制度、そしてそれを担う人材を、公害克服の経験に基づいて普及・発展させます。",
    ),
    (
        "material-cycle", "objective",
        "Sound material-cycle society",
        "Raise resource productivity across Asia: the 3Rs, waste management systems and technology, measures "
        "against illegitimate transboundary movement of circulative resources, final disposal sites and energy "
        "recovery from waste.",
        "循環型社会",
        "アジア全体の資源生産性を高めます。3R、廃棄物管理の制度と技術、循環資源の不適正な越境移動への対策、"
        "最終処分場の整備、廃棄物からのエネルギー回収に取り組みます。",
    ),
    (
        "nature-adaptation", "objective",
        "Societies in harmony with nature, adapting to climate change",
        "Societies where people and nature coexist and benefit from biodiversity: ecological networks, soft and "
        "hard infrastructure for adaptation in vulnerable areas, and biodiversity monitoring that follows the "
        "impacts of climate change.",
        "自然共生・気候変動適応社会",
        "人と自然が共生し、生物多様性の恵みを受け続けられる社会をめざします。生態系ネットワーク、"
        "影響を受けやすい地域での適応のためのソフト・ハードのインフラ、気候変動の影響を捉える生物多様性モニタリングに取り組みます。",
    ),
    (
        "green-market", "cross-sectoral",
        "Environmentalism in the market",
        "Green purchasing, environmentally conscious supply chains, and environmentally conscious activity in "
        "financial and capital markets.",
        "市場における環境配慮",
        "グリーン購入、環境に配慮したサプライチェーン、金融・資本市場における環境配慮型の経済活動を推進します。",
    ),
    (
        "partnerships", "collaborative-base",
        "Partnerships for biodiversity",
        "Partnerships for the conservation and sustainable use of biodiversity, toward societies in harmony "
        "with nature.",
        "生物多様性のためのパートナーシップ",
        "自然共生社会に向けて、生物多様性の保全と持続可能な利用のためのパートナーシップを強化します。",
    ),
    (
        "monitoring", "collaborative-base",
        "Environmental monitoring and countermeasures",
        "Standardised and networked environmental monitoring, and support for solving pollution problems with "
        "proven technology and experience.",
        "環境モニタリングと対策",
        "環境モニタリングと対策の標準化・ネットワーク化を進め、実績ある技術と経験で公害問題の解決を支援します。",
    ),
    (
        "leadership", "collaborative-base",
        "Environmental leadership and human resources",
        "Training the people who will lead environmentalism in social and economic systems, through "
        "government-industry-academia collaboration.",
        "環境リーダーシップと人材育成",
        "産学官の連携により、社会・経済システムにおける環境配慮を主導する人材を育成します。",
    ),
    (
        "environment-trade", "collaborative-base",
        "Environment and trade",
        "Environmental considerations and cooperation in EPAs and FTAs, and liberalisation of environmental "
        "goods and services, so that environment and trade support each other.",
        "環境と貿易",
        "EPA・FTAにおける環境配慮と環境協力、環境物品・サービスの自由化を進め、環境と貿易の相互支援的な関係を保ちます。",
    ),
]

objectives = sa.table(
    "objectives",
    sa.column("code", sa.String), sa.column("kind", sa.String), sa.column("title", sa.String),
    sa.column("description", sa.Text), sa.column("position", sa.Integer), sa.column("translations", sa.JSON),
)


def upgrade():
    op.bulk_insert(objectives, [
        {
            "code": code, "kind": kind, "title": title, "description": description, "position": position,
            "translations": {"ja": {"title": title_ja, "description": description_ja}},
        }
        for position, (code, kind, title, description, title_ja, description_ja) in enumerate(OBJECTIVES, start=1)
    ])


def downgrade():
    # Lossy only for sub-themes an administrator added below these codes: they go too.
    codes = [row[0] for row in OBJECTIVES]
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM objectives WHERE parent_id IS NOT NULL"))
    conn.execute(objectives.delete().where(objectives.c.code.in_(codes)))
