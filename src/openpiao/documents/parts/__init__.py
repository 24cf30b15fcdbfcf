"""The content of each section of the printed PIAO, one module per part of the plan.

Each function takes a builder.PrintContext and returns blocks; sections.py lists them in
the order of the Piano tipo. Parts read through the owning app's selectors, never a query
per row.
"""
