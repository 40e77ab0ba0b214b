"""Domain rules as plain functions shared by the pages, the API and the CLI.

Service functions check the rules, change the session and ``flush()``; they never
commit: the request, API call or CLI command commits once.
"""
