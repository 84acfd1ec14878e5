"""The forms of the scoring screens: reviews and assignments, meetings and decisions, scenarios."""
