"""French search over wishes, for both databases.

* ``text``: folding, stop words and stems, the same for indexing and querying;
* ``index``: the full-text index objects (FTS5 / GIN ``tsvector``) and the stemmed
  columns kept in step with each wish, installed by migrations and ``create_all``;
* ``query``: matching and ranking a query in the index (lists, API, filters);
* ``similar``: open wishes close to a title being typed (duplicate finder).

Models, selectors and migrations import from here; nothing here imports services.
"""
