"""Forms of the applicant pages. Validation only: writes go through grants.services."""
