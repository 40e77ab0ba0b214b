"""The demo data set (fictional people, realistic network). See ``seed demo``."""
