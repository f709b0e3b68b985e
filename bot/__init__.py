"""CertCoach: a study bot for medical-coding certification exams."""

__version__ = "0.1.0"
