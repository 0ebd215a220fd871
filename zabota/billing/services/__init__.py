"""Writes of billing: each a keyword-only function in one transaction with its audit entry."""
