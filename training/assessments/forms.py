"""Forms of the question bank, assessments, rubrics and grading."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from training.admin.forms import MultiCheckboxField
from training.courses.forms import finite_or_none, no_nul
from training.forms import PlainText, SiteForm, strip_filter

TYPE_LABELS = {
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "true_false": _l("True or false"),
    "numeric": _l("Numeric"),
    "short_answer": _l("Short answer"),
    "matching": _l("Matching"),
    "essay": _l("Essay (graded by hand)"),
    "description": _l("Description (no grade)"),
}
FORMAT_LABELS = {"markdown": _l("Markdown"), "html": _l("HTML"), "plain": _l("Plain text")}
LATE_LABELS = {"refuse": _l("Refuse late work"), "penalty": _l("Accept late work with a penalty")}
METHOD_LABELS = {"highest": _l("Highest attempt"), "last": _l("Last attempt"), "average": _l("Average of attempts")}
REVIEW_LABELS = {
    "after_submit": _l("Answers and feedback as soon as the attempt is graded"),
    "after_close": _l("The score at once; answers and feedback after the close date"),
    "never": _l("The score only"),
}
STATUS_LABELS = {
    "in_progress": _l("In progress"),
    "awaiting_grading": _l("Awaiting grading"),
    "graded": _l("Graded"),
}
ROW_TYPES = ("single_choice", "multiple_choice", "numeric", "short_answer", "matching")


class AnswerRowForm(Form):
    """One row of a question's answers; which columns mean what depends on the type."""

    id = HiddenField(validators=[Optional(), Regexp(r"^[a-z0-9]{1,20}$")])
    text = StringField(_l("Answer"), validators=[Optional(), Length(max=1000)])
    fraction = DecimalField(
        _l("Weight (%)"),
        places=None,
        validators=[Optional(), NumberRange(min=-100, max=100)],
        filters=[finite_or_none],
    )
    feedback = StringField(_l("Feedback"), validators=[Optional(), Length(max=1000)])
    tolerance = DecimalField(
        _l("± tolerance"), places=None, validators=[Optional(), NumberRange(min=0)], filters=[finite_or_none]
    )
    low = DecimalField(_l("From"), places=None, validators=[Optional()], filters=[finite_or_none])
    high = DecimalField(_l("To"), places=None, validators=[Optional()], filters=[finite_or_none])
    match = StringField(_l("Matches"), validators=[Optional(), Length(max=500)])

    class Meta:
        csrf = False


class QuestionForm(SiteForm):
    name = StringField(
        _l("Name"),
        validators=[Optional(), Length(max=255), PlainText()],
        filters=[strip_filter],
        description=_l("For you, in the bank; trainees do not see it. Left empty, the start of the text is used."),
    )
    category = StringField(
        _l("Category"),
        validators=[Optional(), Length(max=255), PlainText()],
        filters=[strip_filter],
        description=_l("A path such as “Energy/Basics”; a new category is created if needed."),
    )
    prompt = TextAreaField(
        _l("Question text"),
        validators=[DataRequired(), Length(max=20000), no_nul],
        render_kw={"rows": 6, "data-preview": "prompt-preview"},
    )
    prompt_format = SelectField(_l("Text format"), choices=list(FORMAT_LABELS.items()), default="markdown")
    points = DecimalField(
        _l("Default points"),
        places=None,
        default=Decimal("1"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
        filters=[finite_or_none],
    )
    module_id = SelectField(_l("Module"), coerce=int, default=0)
    objectives = MultiCheckboxField(
        _l("CAI objectives"), description=_l("Left empty, the question takes its module's objectives.")
    )
    answers = FieldList(FormField(AnswerRowForm), min_entries=0, max_entries=40)
    truth = RadioField(_l("The statement is"), choices=[("true", _l("True")), ("false", _l("False"))], default="true")
    feedback_true = StringField(_l("Feedback for “True”"), validators=[Optional(), Length(max=1000)])
    feedback_false = StringField(_l("Feedback for “False”"), validators=[Optional(), Length(max=1000)])
    case_sensitive = BooleanField(_l("Case matters"))
    shuffle = BooleanField(_l("Shuffle the options"), default=True)
    general_feedback = TextAreaField(
        _l("General feedback"),
        validators=[Optional(), Length(max=5000), no_nul],
        render_kw={"rows": 3},
        description=_l("Shown to every trainee after grading, whatever they answered."),
    )


class CategoryForm(SiteForm):
    name = StringField(
        _l("Category"), validators=[DataRequired(), Length(max=255), PlainText()], filters=[strip_filter]
    )


class GiftUploadForm(SiteForm):
    file = FileField(_l("GIFT file"), description=_l("A UTF-8 text file in Moodle's GIFT format, at most 1 MB."))
    category = StringField(
        _l("Category for questions without one"),
        validators=[Optional(), Length(max=255), PlainText()],
        filters=[strip_filter],
        default="Imported",
    )


class GiftConfirmForm(SiteForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[a-z0-9_-]{1,80}\.gift$")])
    category = HiddenField(validators=[Optional(), Length(max=255)])


class AssessmentForm(SiteForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()], filters=[strip_filter])
    instructions = TextAreaField(
        _l("Instructions"), validators=[Optional(), Length(max=20000), no_nul], render_kw={"rows": 4}
    )
    module_id = SelectField(_l("Belongs to"), coerce=int, default=0)
    shuffle_questions = BooleanField(_l("Shuffle the questions"))
    shuffle_options = BooleanField(_l("Shuffle the options of each question"), default=True)
    passing_score = DecimalField(
        _l("Passing score (%)"),
        places=None,
        default=Decimal("60"),
        validators=[InputRequired(), NumberRange(min=0, max=100)],
        filters=[finite_or_none],
    )
    max_attempts = IntegerField(
        _l("Attempts allowed"),
        validators=[Optional(), NumberRange(min=1, max=100)],
        description=_l("Leave empty for no limit."),
    )
    time_limit_minutes = IntegerField(
        _l("Time limit (minutes)"),
        validators=[Optional(), NumberRange(min=1, max=10080)],
        description=_l("Leave empty for no time limit."),
    )
    opens_at = DateTimeLocalField(_l("Opens (UTC)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes (UTC)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    late_policy = SelectField(_l("After the close date"), choices=list(LATE_LABELS.items()), default="refuse")
    late_penalty = DecimalField(
        _l("Late penalty (%)"),
        places=None,
        default=Decimal("0"),
        validators=[InputRequired(), NumberRange(min=0, max=100)],
        filters=[finite_or_none],
    )
    grading_method = SelectField(_l("Which score counts"), choices=list(METHOD_LABELS.items()), default="highest")
    review_policy = SelectField(_l("Trainees see"), choices=list(REVIEW_LABELS.items()), default="after_submit")
    required = BooleanField(_l("Must be passed for the course's certificate"))
    weight = DecimalField(
        _l("Weight in the course grade"),
        places=None,
        default=Decimal("1"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
        filters=[finite_or_none],
        description=_l("0 makes it a practice assessment that does not count."),
    )


class AddQuestionForm(SiteForm):
    question_id = SelectField(_l("Question"), coerce=int, validators=[DataRequired()])
    points = DecimalField(
        _l("Points"),
        places=None,
        validators=[Optional(), NumberRange(min=0, max=1000)],
        filters=[finite_or_none],
        description=_l("Left empty, the question's default points."),
    )
    rubric_id = SelectField(_l("Rubric (essays)"), coerce=int, default=0)


class AddDrawForm(SiteForm):
    category_id = SelectField(_l("Category"), coerce=int, validators=[DataRequired()])
    count = IntegerField(_l("Questions to draw"), default=1, validators=[InputRequired(), NumberRange(min=1, max=200)])
    points = DecimalField(
        _l("Points per question"),
        places=None,
        default=Decimal("1"),
        validators=[InputRequired(), NumberRange(min=0, max=1000)],
        filters=[finite_or_none],
    )
    rubric_id = SelectField(_l("Rubric (essays)"), coerce=int, default=0)


class RubricForm(SiteForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()], filters=[strip_filter])
    criteria = TextAreaField(
        _l("Criteria"),
        validators=[DataRequired(), Length(max=10000), no_nul],
        render_kw={"rows": 6},
        description=_l(
            "One criterion per line: “Title: Level=points; Level=points”, e.g. "
            "“Use of evidence: Missing=0; Partial=2; Strong=4”."
        ),
    )


class GradeForm(SiteForm):
    """Feedback and a score; rubric criteria are added per rubric by ``grade_form_for``."""

    feedback = TextAreaField(
        _l("Feedback to the trainee"), validators=[Optional(), Length(max=10000), no_nul], render_kw={"rows": 5}
    )
    score = DecimalField(
        _l("Score"), places=None, validators=[Optional(), NumberRange(min=0)], filters=[finite_or_none]
    )


def grade_form_for(rubric, answer, formdata=None):
    """A grading form for one answer, built fresh so nothing carries over from the previous trainee."""

    class _Form(GradeForm):
        pass

    for criterion in rubric.criteria if rubric else []:
        choices = [(lv["id"], f"{lv['title']} ({lv['points']:g})") for lv in criterion["levels"]]
        setattr(
            _Form,
            f"criterion_{criterion['id']}",
            RadioField(criterion["title"], choices=choices, validators=[InputRequired()]),
        )
    data = {"feedback": answer.feedback or "", "score": answer.score}
    for key, value in (answer.rubric_choices or {}).items():
        data[f"criterion_{key}"] = value
    return _Form(formdata=formdata, data=data)


class RegradeForm(SiteForm):
    pass
