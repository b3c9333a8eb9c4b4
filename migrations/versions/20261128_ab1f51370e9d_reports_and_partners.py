"""Reports and partners: competence profile opt-in, co-host requests, report indexes

Revision ID: ab1f51370e9d
Revises: 68c5a8cee863
Create Date: 2026-11-28 20:24:46.697442

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ab1f51370e9d'
down_revision = '68c5a8cee863'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohost_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f('ck_cohost_requests_status_known')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_cohost_requests_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_cohost_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_cohost_requests_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_cohost_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohost_requests'))
    )
    with op.batch_alter_table('cohost_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohost_requests_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohost_requests_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index('uq_cohost_requests_pending', ['course_id', 'institution_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))

    # Plain ALTER TABLE ... ADD COLUMN and CREATE INDEX: SQLite's batch mode would copy the users table and
    # lose its expression index on lower(name).
    op.create_index('ix_certificates_issued_at', 'certificates', ['issued_at'], unique=False)
    op.create_index('ix_enrolments_completed_at', 'enrolments', ['completed_at'], unique=False)
    op.create_index('ix_enrolments_requested_at', 'enrolments', ['requested_at'], unique=False)
    op.add_column('users', sa.Column('profile_public', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('users', sa.Column('profile_token', sa.String(length=32), nullable=True))
    op.create_index(op.f('ix_users_profile_token'), 'users', ['profile_token'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_users_profile_token'), table_name='users')
    # ALTER TABLE ... DROP COLUMN, which SQLite has had since 3.35: no batch copy of the users table.
    op.execute('ALTER TABLE users DROP COLUMN profile_token')
    op.execute('ALTER TABLE users DROP COLUMN profile_public')
    op.drop_index('ix_enrolments_requested_at', table_name='enrolments')
    op.drop_index('ix_enrolments_completed_at', table_name='enrolments')
    op.drop_index('ix_certificates_issued_at', table_name='certificates')

    with op.batch_alter_table('cohost_requests', schema=None) as batch_op:
        batch_op.drop_index('uq_cohost_requests_pending', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_cohost_requests_institution_id'))
        batch_op.drop_index(batch_op.f('ix_cohost_requests_course_id'))

    op.drop_table('cohost_requests')
