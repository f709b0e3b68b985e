"""Channel quiz rounds: when to reveal, when to finish, which questions, typed answers."""
