"""Hostile and careless input (issue 15): each file probes one boundary with the exact inputs
that broke it, so a regression names the attack it reopens."""
