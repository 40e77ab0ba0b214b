"""Demo data: real-world kinds of territories and SITs, fictional people.

By kind: ``territories`` (territories and clubs), ``catalog`` (products and categories),
``accounts`` (users and their password), ``wishes``, ``comments``.
"""

from app.demo.data.accounts import DEMO_PASSWORD, USERS
from app.demo.data.catalog import CATEGORIES, PRODUCTS
from app.demo.data.comments import COMMENTS
from app.demo.data.territories import CLUBS, TERRITORIES
from app.demo.data.wishes import WISHES

__all__ = [
    "CATEGORIES",
    "CLUBS",
    "COMMENTS",
    "DEMO_PASSWORD",
    "PRODUCTS",
    "TERRITORIES",
    "USERS",
    "WISHES",
]
