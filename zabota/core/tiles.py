"""Figures of the start page. A figure that counts something a list shows is a saved filter of
that list: its number is the count of the rows its link opens, computed by the list's own
function (zabota.core.lists.SavedList), so the two cannot drift apart. A figure that is not a
count of a list's rows (hours, roubles, departments in a grid) says so with `plain_tile`."""

import datetime
from dataclasses import dataclass

from zabota.core.lists import SavedList


@dataclass(frozen=True)
class Tile:
    label: str
    count: int
    url: str = ""
    # False: the number is not the count of the rows of the page `url` leads to.
    list_figure: bool = True
    note: str = ""


def list_tile(label: str, saved: SavedList, staff, today: datetime.date, **params: object) -> Tile:
    """The number of rows `saved` shows with `params`, linking to that very list."""
    return Tile(label, saved.count(staff, params, today), saved.url(params))


def plain_tile(label: str, count: int, url: str = "", note: str = "") -> Tile:
    return Tile(label, count, url, list_figure=False, note=note)
