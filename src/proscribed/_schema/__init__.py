"""The schema: what the data is.

Types, vocabularies and dates; the record models, the table registry and the descriptor generated from
them; the history of acts; and the rules and the words of problems that loading and validation share.
"""
