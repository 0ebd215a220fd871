"""The ЕГИССО (ЕЦП) export: facts of assignment of social services and the rest of their life
(terminations, corrections, recalculations, invalidations), format 10.06.S 1.1.0.

`facts` reads programs, recipients and settings into plain `Fact` values (with the problems a
person must fix first), `changes` compares what ЕГИССО was told of each exported fact (`models`:
packages, facts, records) with today's fact, `writer` writes the records as the official schema
wants, `schema` validates against the XSD shipped in `zabota/exchange/egisso_xsd/` and says in
Russian what is wrong, `check` and `services` run the check and the export (with its audit
entry), `receipts` take what ЕГИССО answered. See docs/egisso.md.
"""
