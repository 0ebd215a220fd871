"""Imports from spreadsheets: reading files (`reading`), cell values (`values`), and one module
per kind of data (`recipients`, `incomes`); `columns` holds what the kinds share."""
