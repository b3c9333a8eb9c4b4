"""Certificates: completion settings, certificates, templates, signing keys, bulk-issue jobs

Revision ID: 68c5a8cee863
Revises: 67b5e1bd8733
Create Date: 2026-11-28 19:54:50.882275

"""
import warnings
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


@contextmanager
def altering(table):
    """batch_alter_table; on SQLite it copies the table and reflects its neighbours, whose expression
    indexes (lower(name)) it cannot reflect: that warning is expected and harmless here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        with op.batch_alter_table(table, schema=None) as batch_op:
            yield batch_op


# revision identifiers, used by Alembic.
revision = '68c5a8cee863'
down_revision = '67b5e1bd8733'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('layout', sa.String(length=10), nullable=False),
    sa.Column('primary_colour', sa.String(length=7), nullable=False),
    sa.Column('accent_colour', sa.String(length=7), nullable=False),
    sa.Column('heading', sa.String(length=120), nullable=False),
    sa.Column('wording', sa.String(length=1000), nullable=False),
    sa.Column('local_language', sa.String(length=10), nullable=True),
    sa.Column('local_heading', sa.String(length=120), nullable=False),
    sa.Column('local_wording', sa.String(length=1000), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("layout IN ('classic', 'modern', 'minimal')", name=op.f('ck_certificate_templates_layout_known')),
    sa.CheckConstraint('length(primary_colour) = 7 AND length(accent_colour) = 7', name=op.f('ck_certificate_templates_colours_hex')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_certificate_templates_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_templates')),
    sa.UniqueConstraint('institution_id', name=op.f('uq_certificate_templates_institution_id'))
    )
    op.create_table('institution_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('private_key', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_institution_keys_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_institution_keys_kid'))
    )
    with op.batch_alter_table('institution_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_keys_institution_id'), ['institution_id'], unique=False)

    op.create_table('certificate_issue_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_certificate_issue_jobs_status_known')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_certificate_issue_jobs_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_certificate_issue_jobs_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_issue_jobs'))
    )
    with op.batch_alter_table('certificate_issue_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_issue_jobs_course_id'), ['course_id'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=32), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=500), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('pdf_key', sa.String(length=200), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('pdf_size', sa.Integer(), nullable=True),
    sa.Column('credential_jwt', sa.Text(), nullable=True),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('flag_reason', sa.String(length=500), nullable=True),
    sa.CheckConstraint("status <> 'issued' OR (pdf_sha256 IS NOT NULL AND issued_at IS NOT NULL)", name=op.f('ck_certificates_issued_has_pdf')),
    sa.CheckConstraint("status <> 'revoked' OR revoked_reason IS NOT NULL", name=op.f('ck_certificates_revoked_has_reason')),
    sa.CheckConstraint("status IN ('pending', 'issued', 'revoked', 'replaced')", name=op.f('ck_certificates_status_known')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_certificates_course_id_courses'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_certificates_enrolment_id_enrolments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_certificates_institution_id_institutions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_certificates_issued_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replaces_id'], ['certificates.id'], name=op.f('fk_certificates_replaces_id_certificates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_certificates_revoked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('ix_certificates_course_id_status', ['course_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_enrolment_id'), ['enrolment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_pdf_sha256'), ['pdf_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_replaces_id'), ['replaces_id'], unique=False)
        batch_op.create_index('ix_certificates_user_id', ['user_id'], unique=False)
        batch_op.create_index('uq_certificates_live_user_course', ['user_id', 'course_id'], unique=True, sqlite_where=sa.text("status IN ('pending', 'issued')"), postgresql_where=sa.text("status IN ('pending', 'issued')"))

    with altering('assessments') as batch_op:
        batch_op.add_column(sa.Column('required', sa.Boolean(), nullable=False, server_default=sa.false()))

    with altering('courses') as batch_op:
        # Existing courses keep issuing on completion, as before.
        batch_op.add_column(sa.Column('certificate_mode', sa.String(length=10), nullable=False, server_default='auto'))
        batch_op.add_column(sa.Column('certificate_min_grade', sa.Numeric(precision=5, scale=2), nullable=True))
        batch_op.add_column(sa.Column('certificate_valid_months', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('certificate_mode_known', "certificate_mode IN ('auto', 'approval', 'none')")
        batch_op.create_check_constraint(
            'certificate_min_grade_percent',
            'certificate_min_grade IS NULL OR (certificate_min_grade >= 0 AND certificate_min_grade <= 100)',
        )
        batch_op.create_check_constraint('validity_positive', 'certificate_valid_months IS NULL OR certificate_valid_months > 0')



def downgrade():
    with altering('courses') as batch_op:
        batch_op.drop_constraint(op.f('ck_courses_validity_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_courses_certificate_min_grade_percent'), type_='check')
        batch_op.drop_constraint(op.f('ck_courses_certificate_mode_known'), type_='check')
        batch_op.drop_column('certificate_valid_months')
        batch_op.drop_column('certificate_min_grade')
        batch_op.drop_column('certificate_mode')

    with altering('assessments') as batch_op:
        batch_op.drop_column('required')

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_live_user_course', sqlite_where=sa.text("status IN ('pending', 'issued')"), postgresql_where=sa.text("status IN ('pending', 'issued')"))
        batch_op.drop_index('ix_certificates_user_id')
        batch_op.drop_index(batch_op.f('ix_certificates_replaces_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_pdf_sha256'))
        batch_op.drop_index(batch_op.f('ix_certificates_institution_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_enrolment_id'))
        batch_op.drop_index('ix_certificates_course_id_status')

    op.drop_table('certificates')
    with op.batch_alter_table('certificate_issue_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_issue_jobs_course_id'))

    op.drop_table('certificate_issue_jobs')
    with op.batch_alter_table('institution_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institution_keys_institution_id'))

    op.drop_table('institution_keys')
    op.drop_table('certificate_templates')
