"""Roster import: spreadsheets of pupils, staff, parents, partners and the two banks into the database.

reading   — bytes of an upload → rows, with the size, zip-bomb and encoding checks;
columns   — Russian headers and their synonyms → our column keys, for each kind of roster;
values    — one cell → one Python value (dates, sex, class…), with Russian messages;
parsing   — rows → checked values per person, every error with its row and column;
resources — django-import-export resources (the write path of people and banks, and the admin's);
related   — what a row adds around a person: legal representatives, consents, requests;
service   — the import itself: preview, confirm, run all or nothing, history;
selectors — imports as the pages read them.
"""
