"""Mock exams, pure: drawing an exam to a blueprint, its clock and pace, and its scoring."""
