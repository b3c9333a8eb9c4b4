"""Imports every model so that metadata (and Alembic autogenerate) sees all tables."""

from training.assessments.models import (  # noqa: F401
    Assessment,
    AssessmentItem,
    Attempt,
    AttemptAnswer,
    Question,
    QuestionCategory,
    Rubric,
)
from training.audit.models import AuditLog  # noqa: F401
from training.auth.models import AccountToken, User, UserRole  # noqa: F401
from training.certificates.models import Certificate, CertificateTemplate, InstitutionKey, IssueJob  # noqa: F401
from training.courses.models import (  # noqa: F401,E501
    CohostRequest,
    Course,
    CourseInstitution,
    Enrolment,
    Module,
    ModuleAttachment,
    ModuleProgress,
)
from training.institutions.models import Institution, Signatory  # noqa: F401
from training.objectives.models import Objective  # noqa: F401
