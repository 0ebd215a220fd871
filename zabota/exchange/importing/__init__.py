"""Imports from spreadsheets: reading files (`reading`), cell values (`values`), and one module
per kind of data (`recipients`; the income import will sit beside it)."""
