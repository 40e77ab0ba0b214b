"""Roadmap reads shared by pages and API: board, periods, item page, what shipped.

Every function issues a fixed number of queries whatever the number of items, wishes
or territories (aggregates grouped by item, eager loading). What links items, wishes
and territories is in ``links``; the board, the periods and an item's page in
``items``; what shipped in ``shipped``.
"""

from app.selectors.roadmap.items import (
    BOARD_COLUMN_SIZE,
    BoardColumn,
    board,
    by_period,
    item_detail,
    item_history,
    roadmap_choices,
    roadmap_items_query,
    roadmap_page,
)
from app.selectors.roadmap.links import (
    ItemCounts,
    item_counts,
    linked_wish_ids,
    linked_wishes,
    roadmap_items_by_wish,
    roadmap_items_for_wish,
    territories_by_wish,
    territories_counts,
    territory_names_by_item,
    wishes_by_item,
)
from app.selectors.roadmap.shipped import ShippedFilters, shipped_filter_names, shipped_items

__all__ = [
    "BOARD_COLUMN_SIZE",
    "BoardColumn",
    "ItemCounts",
    "ShippedFilters",
    "board",
    "by_period",
    "item_counts",
    "item_detail",
    "item_history",
    "linked_wish_ids",
    "linked_wishes",
    "roadmap_choices",
    "roadmap_items_by_wish",
    "roadmap_items_for_wish",
    "roadmap_items_query",
    "roadmap_page",
    "shipped_filter_names",
    "shipped_items",
    "territories_by_wish",
    "territories_counts",
    "territory_names_by_item",
    "wishes_by_item",
]
