"""Questionnaires, campaigns and indicators (see issue "Monitoring")."""
