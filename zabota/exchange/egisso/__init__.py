"""The ЕГИССО (ЕЦП) export: facts of assignment of social services, format 10.06.S 1.1.0.

`facts` reads programs, recipients and settings into plain `Fact` values (with the problems a
person must fix first), `writer` writes them as the official schema wants, `schema` validates
against the XSD shipped in `zabota/exchange/egisso_xsd/` and says in Russian what is wrong,
`services` runs the check and the export (with its audit entry). See docs/egisso.md.
"""
