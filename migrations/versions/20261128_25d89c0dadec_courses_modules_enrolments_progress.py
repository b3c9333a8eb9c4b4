"""Courses: courses, objectives and instructors links, partner institutions, modules, attachments, enrolments, progress.

Revision ID: 25d89c0dadec
Revises: 7c1a2e9d4b10
Create Date: 2026-11-28 17:49:42.032226

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '25d89c0dadec'
down_revision = '7c1a2e9d4b10'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('estimated_hours', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('cover_key', sa.String(length=200), nullable=True),
    sa.Column('cover_content_type', sa.String(length=40), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('enrolment_mode', sa.String(length=10), nullable=False),
    sa.Column('enrolment_key_hash', sa.String(length=255), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("enrolment_mode <> 'key' OR enrolment_key_hash IS NOT NULL", name=op.f('ck_courses_key_mode_has_key')),
    sa.CheckConstraint("enrolment_mode IN ('open', 'approval', 'key')", name=op.f('ck_courses_mode_known')),
    sa.CheckConstraint("level IN ('introductory', 'intermediate', 'advanced')", name=op.f('ck_courses_level_known')),
    sa.CheckConstraint("status IN ('draft', 'published', 'archived')", name=op.f('ck_courses_status_known')),
    sa.CheckConstraint('capacity IS NULL OR capacity > 0', name=op.f('ck_courses_capacity_positive')),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_courses_dates_ordered')),
    sa.CheckConstraint('estimated_hours >= 0', name=op.f('ck_courses_hours_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_courses_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses')),
    sa.UniqueConstraint('slug', name=op.f('uq_courses_slug'))
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_courses_language'), ['language'], unique=False)
        batch_op.create_index(batch_op.f('ix_courses_level'), ['level'], unique=False)
        batch_op.create_index('ix_courses_status_published_at', ['status', 'published_at'], unique=False)

    op.create_table('course_institutions',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.CheckConstraint("role IN ('host', 'co-host', 'certifying')", name=op.f('ck_course_institutions_role_known')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_institutions_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_course_institutions_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'institution_id', 'role', name=op.f('pk_course_institutions'))
    )
    with op.batch_alter_table('course_institutions', schema=None) as batch_op:
        batch_op.create_index('ix_course_institutions_institution_id', ['institution_id'], unique=False)

    op.create_table('course_instructors',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_instructors_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_course_instructors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'user_id', name=op.f('pk_course_instructors'))
    )
    with op.batch_alter_table('course_instructors', schema=None) as batch_op:
        batch_op.create_index('ix_course_instructors_user_id', ['user_id'], unique=False)

    op.create_table('course_objectives',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_objectives_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_course_objectives_objective_id_objectives'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('course_id', 'objective_id', name=op.f('pk_course_objectives'))
    )
    with op.batch_alter_table('course_objectives', schema=None) as batch_op:
        batch_op.create_index('ix_course_objectives_objective_id', ['objective_id'], unique=False)

    op.create_table('modules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('estimated_minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('estimated_minutes >= 0', name=op.f('ck_modules_minutes_not_negative')),
    sa.CheckConstraint('position >= 0', name=op.f('ck_modules_position_not_negative')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_modules_course_id_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_modules'))
    )
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.create_index('ix_modules_course_id_position', ['course_id', 'position'], unique=False)

    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_module_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'active', 'waitlisted', 'completed', 'withdrawn', 'rejected')", name=op.f('ck_enrolments_status_known')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_enrolments_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_enrolments_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['last_module_id'], ['modules.id'], name=op.f('fk_enrolments_last_module_id_modules'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_enrolments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('user_id', 'course_id', name='uq_enrolments_user_id_course_id')
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_course_status', ['course_id', 'status', 'status_changed_at'], unique=False)

    op.create_table('module_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_attachments_module_id_modules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_attachments'))
    )
    with op.batch_alter_table('module_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_attachments_module_id'), ['module_id'], unique=False)

    op.create_table('module_objectives',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_objectives_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'], name=op.f('fk_module_objectives_objective_id_objectives'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('module_id', 'objective_id', name=op.f('pk_module_objectives'))
    )
    with op.batch_alter_table('module_objectives', schema=None) as batch_op:
        batch_op.create_index('ix_module_objectives_objective_id', ['objective_id'], unique=False)

    op.create_table('module_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_module_progress_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_progress_module_id_modules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_progress')),
    sa.UniqueConstraint('enrolment_id', 'module_id', name='uq_module_progress_enrolment_id_module_id')
    )
    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_progress_module_id'), ['module_id'], unique=False)




def downgrade():

    with op.batch_alter_table('module_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_progress_module_id'))

    op.drop_table('module_progress')
    with op.batch_alter_table('module_objectives', schema=None) as batch_op:
        batch_op.drop_index('ix_module_objectives_objective_id')

    op.drop_table('module_objectives')
    with op.batch_alter_table('module_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_attachments_module_id'))

    op.drop_table('module_attachments')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_course_status')

    op.drop_table('enrolments')
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_index('ix_modules_course_id_position')

    op.drop_table('modules')
    with op.batch_alter_table('course_objectives', schema=None) as batch_op:
        batch_op.drop_index('ix_course_objectives_objective_id')

    op.drop_table('course_objectives')
    with op.batch_alter_table('course_instructors', schema=None) as batch_op:
        batch_op.drop_index('ix_course_instructors_user_id')

    op.drop_table('course_instructors')
    with op.batch_alter_table('course_institutions', schema=None) as batch_op:
        batch_op.drop_index('ix_course_institutions_institution_id')

    op.drop_table('course_institutions')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index('ix_courses_status_published_at')
        batch_op.drop_index(batch_op.f('ix_courses_level'))
        batch_op.drop_index(batch_op.f('ix_courses_language'))

    op.drop_table('courses')

