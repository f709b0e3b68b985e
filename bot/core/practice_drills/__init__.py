"""Weak-area drills (``/drill``): which area a member should practise and which questions.

Pure rules: the service reads the member's recent answers and the banks, these decide.
"""
