"""Every applicant-side write: functions taking the acting user, each in one transaction."""
