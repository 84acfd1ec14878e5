from types import SimpleNamespace

from workflow.references import prefix_for


def test_prefix_drops_the_programs_start_year_and_adds_the_submission_year():
    assert prefix_for(SimpleNamespace(code="parsis-cn-2011"), 2026) == "PARSIS-CN-2026-"
    assert prefix_for(SimpleNamespace(code="alliance-bsl"), 2027) == "ALLIANCE-BSL-2027-"
