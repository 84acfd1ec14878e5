from .assignment import ConflictDeclaration, DeclaredTie, ReviewerAssignment
from .decision import BoardMeeting, Decision
from .figures import CallZscores, ReviewFigures
from .loads import ReviewerLoad
from .review import Review, Score
from .rubric import Criterion, Rubric
from .scenario import Scenario, ScenarioConstraint, ScenarioResult

__all__ = [
    "BoardMeeting",
    "CallZscores",
    "ConflictDeclaration",
    "Criterion",
    "Decision",
    "DeclaredTie",
    "Review",
    "ReviewFigures",
    "ReviewerAssignment",
    "ReviewerLoad",
    "Rubric",
    "Scenario",
    "ScenarioConstraint",
    "ScenarioResult",
    "Score",
]
