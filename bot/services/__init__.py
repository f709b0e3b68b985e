"""The application layer: what both adapters (Discord and the console) call.

Each service combines the Discord-free core with the store, so that a rule lives in one
place and both surfaces behave the same.
"""
