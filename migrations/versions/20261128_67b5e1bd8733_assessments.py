"""Assessments: question banks, rubrics, assessments, attempts and answers

Revision ID: 67b5e1bd8733
Revises: 25d89c0dadec
Create Date: 2026-11-28 19:31:35.698188

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '67b5e1bd8733'
down_revision = '25d89c0dadec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_question_categories_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_categories')),
    sa.UniqueConstraint('course_id', 'name', name='uq_question_categories_course_id_name')
    )
    op.create_table('rubrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_rubrics_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubrics'))
    )
    with op.batch_alter_table('rubrics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rubrics_course_id'), ['course_id'], unique=False)

    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('shuffle_questions', sa.Boolean(), nullable=False),
    sa.Column('shuffle_options', sa.Boolean(), nullable=False),
    sa.Column('passing_score', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=True),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('late_policy', sa.String(length=10), nullable=False),
    sa.Column('late_penalty', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('grading_method', sa.String(length=10), nullable=False),
    sa.Column('review_policy', sa.String(length=15), nullable=False),
    sa.Column('weight', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("grading_method IN ('highest', 'last', 'average')", name=op.f('ck_assessments_grading_method_known')),
    sa.CheckConstraint("late_policy IN ('refuse', 'penalty')", name=op.f('ck_assessments_late_policy_known')),
    sa.CheckConstraint("review_policy IN ('after_submit', 'after_close', 'never')", name=op.f('ck_assessments_review_policy_known')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_assessments_status_known')),
    sa.CheckConstraint('closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at', name=op.f('ck_assessments_dates_ordered')),
    sa.CheckConstraint('late_penalty >= 0 AND late_penalty <= 100', name=op.f('ck_assessments_late_penalty_percent')),
    sa.CheckConstraint('max_attempts IS NULL OR max_attempts > 0', name=op.f('ck_assessments_max_attempts_positive')),
    sa.CheckConstraint('passing_score >= 0 AND passing_score <= 100', name=op.f('ck_assessments_passing_score_percent')),
    sa.CheckConstraint('time_limit_minutes IS NULL OR time_limit_minutes > 0', name=op.f('ck_assessments_time_limit_positive')),
    sa.CheckConstraint('weight >= 0', name=op.f('ck_assessments_weight_not_negative')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_assessments_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_assessments_module_id_modules'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_course_id_position', ['course_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_module_id'), ['module_id'], unique=False)

    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('prompt_format', sa.String(length=10), nullable=False),
    sa.Column('general_feedback', sa.Text(), nullable=False),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('id_number', sa.String(length=100), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("prompt_format IN ('markdown', 'html', 'plain')", name=op.f('ck_questions_format_known')),
    sa.CheckConstraint("type IN ('single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_answer', 'matching', 'essay', 'description')", name=op.f('ck_questions_type_known')),
    sa.CheckConstraint('points >= 0', name=op.f('ck_questions_points_not_negative')),
    sa.ForeignKeyConstraint(['category_id'], ['question_categories.id'], name=op.f('fk_questions_category_id_question_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_questions_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_questions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_questions_module_id_modules'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index('ix_questions_category_id', ['category_id'], unique=False)
        batch_op.create_index('ix_questions_course_id_category_id', ['course_id', 'category_id'], unique=False)
        batch_op.create_index('ix_questions_module_id', ['module_id'], unique=False)

    op.create_table('assessment_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('draw_count', sa.Integer(), nullable=True),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(question_id IS NOT NULL AND category_id IS NULL AND draw_count IS NULL) OR (question_id IS NULL AND category_id IS NOT NULL AND draw_count >= 1)', name=op.f('ck_assessment_items_fixed_or_drawn')),
    sa.CheckConstraint('points >= 0', name=op.f('ck_assessment_items_points_not_negative')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_assessment_items_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_id'], ['question_categories.id'], name=op.f('fk_assessment_items_category_id_question_categories'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_assessment_items_question_id_questions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rubric_id'], ['rubrics.id'], name=op.f('fk_assessment_items_rubric_id_rubrics'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_items'))
    )
    with op.batch_alter_table('assessment_items', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_items_assessment_id_position', ['assessment_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_items_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_items_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_items_rubric_id'), ['rubric_id'], unique=False)

    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_timer', sa.Boolean(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('max_score', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('in_progress', 'awaiting_grading', 'graded')", name=op.f('ck_attempts_status_known')),
    sa.CheckConstraint('number > 0', name=op.f('ck_attempts_number_positive')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_attempts_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts')),
    sa.UniqueConstraint('assessment_id', 'user_id', 'number', name='uq_attempts_assessment_id_user_id_number')
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index('ix_attempts_assessment_id_status', ['assessment_id', 'status'], unique=False)
        batch_op.create_index('ix_attempts_status_deadline', ['status', 'deadline'], unique=False)
        batch_op.create_index('ix_attempts_user_id_assessment_id', ['user_id', 'assessment_id'], unique=False)

    op.create_table('question_objectives',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_question_objectives_objective_id_objectives'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_objectives_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'objective_id', name=op.f('pk_question_objectives'))
    )
    with op.batch_alter_table('question_objectives', schema=None) as batch_op:
        batch_op.create_index('ix_question_objectives_objective_id', ['objective_id'], unique=False)

    op.create_table('attempt_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('option_order', sa.JSON(), nullable=True),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('needs_grading', sa.Boolean(), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('rubric_id', sa.Integer(), nullable=True),
    sa.Column('rubric_choices', sa.JSON(), nullable=True),
    sa.Column('graded_by_id', sa.Integer(), nullable=True),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('points >= 0', name=op.f('ck_attempt_answers_points_not_negative')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_answers_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['graded_by_id'], ['users.id'], name=op.f('fk_attempt_answers_graded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['assessment_items.id'], name=op.f('fk_attempt_answers_item_id_assessment_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_attempt_answers_question_id_questions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rubric_id'], ['rubrics.id'], name=op.f('fk_attempt_answers_rubric_id_rubrics'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_answers')),
    sa.UniqueConstraint('attempt_id', 'position', name='uq_attempt_answers_attempt_id_position')
    )
    with op.batch_alter_table('attempt_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_answers_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_attempt_answers_needs_grading', ['needs_grading', 'attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_answers_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('attempt_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_answers_question_id'))
        batch_op.drop_index('ix_attempt_answers_needs_grading')
        batch_op.drop_index(batch_op.f('ix_attempt_answers_item_id'))

    op.drop_table('attempt_answers')
    with op.batch_alter_table('question_objectives', schema=None) as batch_op:
        batch_op.drop_index('ix_question_objectives_objective_id')

    op.drop_table('question_objectives')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_user_id_assessment_id')
        batch_op.drop_index('ix_attempts_status_deadline')
        batch_op.drop_index('ix_attempts_assessment_id_status')

    op.drop_table('attempts')
    with op.batch_alter_table('assessment_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_items_rubric_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_items_question_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_items_category_id'))
        batch_op.drop_index('ix_assessment_items_assessment_id_position')

    op.drop_table('assessment_items')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_module_id')
        batch_op.drop_index('ix_questions_course_id_category_id')
        batch_op.drop_index('ix_questions_category_id')

    op.drop_table('questions')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_module_id'))
        batch_op.drop_index('ix_assessments_course_id_position')

    op.drop_table('assessments')
    with op.batch_alter_table('rubrics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rubrics_course_id'))

    op.drop_table('rubrics')
    op.drop_table('question_categories')
