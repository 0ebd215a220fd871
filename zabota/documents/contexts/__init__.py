"""The data of each document kind: its field list, sample data and the helpers its builder uses.
The kind itself is registered by the app that builds its data (zabota.documents.kinds)."""
