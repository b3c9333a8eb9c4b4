"""Trainees' competence profiles by CAI objective, private by default, public by a link on request."""
