"""A member's study plan for one exam: weeks from today to the exam date, what to focus on, how
many questions, when to sit mock exams (``build``), and the local-time rules of its progress and
reminders (``timing``). Pure: dates and times come in as arguments."""
