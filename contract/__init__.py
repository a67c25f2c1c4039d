"""The extraction contract, in plain Python (no Django, no project imports): the vocabularies
and the registry of the clause's list attributes. Everything else depends on it; it depends on
nothing (import-linter contract ``contract-pure``)."""
