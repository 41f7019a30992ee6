"""What the app talks about: vocabulary, catalog schema, foot profile, limits and the words shown for them.

Imports no other part of the core.
"""
