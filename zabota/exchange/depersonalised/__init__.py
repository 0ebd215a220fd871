"""The depersonalised export: recipients and their monthly services for analysis outside the
centre, with keyed pseudonyms instead of names, СНИЛС and documents, the birth year instead of the
birth date and the locality instead of the address (zabota.rules.depersonalise)."""
