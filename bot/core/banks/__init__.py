"""Question banks (``quizzes/*.yaml``) and the exams' areas (domains) they are filed under."""
