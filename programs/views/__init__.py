"""The curator's and the principal's pages of programs: the program, its roadmap, pairs, matching, completion.

The curator edits; the principal sees the same pages read-only. Every object is fetched through
``programs_visible_to`` / ``pairs_visible_to``, so another organization's id is a 404.
"""
